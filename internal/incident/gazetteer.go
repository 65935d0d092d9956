package incident

import (
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/textre"
)

// Country names come from golang.org/x/text's CLDR tables (English,
// German, French, Spanish); the table below adds the short forms,
// constituent countries and adjectives news writes that CLDR lacks.
var countryExtra = map[string]string{
	"uk": "GB", "u k": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
	"scotland": "GB", "wales": "GB", "northern ireland": "GB", "british": "GB", "english": "GB",
	"welsh": "GB", "scottish": "GB", "britische": "GB", "britischen": "GB", "britannique": "GB",
	"britanniques": "GB", "vereinigten konigreich": "GB", "angleterre": "GB", "englische": "GB",
	"us": "US", "u s": "US", "usa": "US", "u s a": "US", "america": "US", "american": "US",
	"german": "DE", "french": "FR", "dutch": "NL", "irish": "IE", "canadian": "CA",
	"australian": "AU", "spanish": "ES", "italian": "IT", "belgian": "BE", "swiss": "CH",
	"austrian": "AT", "swedish": "SE", "danish": "DK", "norwegian": "NO", "finnish": "FI",
	"polish": "PL", "japanese": "JP", "chinese": "CN", "russian": "RU", "ukrainian": "UA",
	"indian": "IN", "brazilian": "BR", "mexican": "MX", "new zealand": "NZ",
	"israeli": "IL", "saudi": "SA", "iraqi": "IQ", "pakistani": "PK", "bangladeshi": "BD",
	"kuwaiti": "KW", "qatari": "QA", "yemeni": "YE", "omani": "OM", "emirati": "AE",
	"nepali": "NP", "somali": "SO", "thai": "TH", "iranian": "IR", "syrian": "SY",
	"korean": "KR", "south korean": "KR", "north korean": "KP", "taiwanese": "TW",
	"vietnamese": "VN", "indonesian": "ID", "malaysian": "MY", "singaporean": "SG",
	"filipino": "PH", "philippine": "PH", "turkish": "TR", "greek": "GR", "portuguese": "PT",
	"czech": "CZ", "hungarian": "HU", "romanian": "RO", "bulgarian": "BG", "lithuanian": "LT",
	"latvian": "LV", "estonian": "EE", "egyptian": "EG", "nigerian": "NG", "kenyan": "KE",
	"south african": "ZA", "argentine": "AR", "argentinian": "AR", "chilean": "CL",
	"colombian": "CO", "peruvian": "PE", "venezuelan": "VE",
}

var (
	countryOnce sync.Once
	countryMap  map[string]string // fold.Key(name) → ISO code
	countryMaxW int               // most words in a name
	// countryAdj holds the folded keys of countryExtra: short forms
	// and adjectives.
	countryAdj map[string]bool
)

func countries() (map[string]string, int) {
	countryOnce.Do(func() {
		countryMap = map[string]string{}
		namers := []display.Namer{display.English.Regions(), display.German.Regions(), display.French.Regions(), display.Spanish.Regions()}
		for a := 'A'; a <= 'Z'; a++ {
			for b := 'A'; b <= 'Z'; b++ {
				code := string([]rune{a, b})
				r, err := language.ParseRegion(code)
				// A deprecated code is no country of today's: "DD", East
				// Germany, would otherwise take "Germany" before "DE".
				if err != nil || !r.IsCountry() || r.String() != code || r.Canonicalize() != r {
					continue
				}
				for _, n := range namers {
					// The first code wins: "UK", which CLDR keeps as
					// an exceptional reservation with the same names,
					// comes after "GB", the ISO 3166-1 code.
					if name := n.Name(r); name != "" {
						if _, seen := countryMap[fold.Key(name)]; !seen {
							countryMap[fold.Key(name)] = code
						}
					}
				}
			}
		}
		countryAdj = map[string]bool{}
		for k, v := range countryExtra {
			countryMap[fold.Key(k)] = v // "israeli" is looked up as "israli"
			countryAdj[fold.Key(k)] = true
		}
		for k := range countryMap {
			countryMaxW = max(countryMaxW, len(strings.Fields(k)))
		}
	})
	return countryMap, countryMaxW
}

// agencyHeads and agencyWords recognise government agencies and
// regulators by the shape of their names ("National Cyber Security
// Centre", "Information Commissioner's Office", "Federal Bureau of
// Investigation").
var agencyHeads = map[string]bool{
	"centre": true, "center": true, "office": true, "agency": true, "commission": true,
	"authority": true, "bureau": true, "directorate": true, "department": true,
	"unit": true, "inspectorate": true, "ministry": true, "police": true, "commissioner": true,
	"administration": true, "board": true, "service": true, "team": true,
	"court": true,
}

var agencyWords = map[string]bool{
	"cyber": true, "cybersecurity": true, "security": true, "commissioner": true,
	"commissioners": true, "protection": true, "police": true, "crime": true,
	"investigation": true, "intelligence": true, "privacy": true, "infrastructure": true,
	"information": true, "regulator": true, "emergency": true, "computer": true,
	"homeland": true, "justice": true, "interior": true, "fraud": true,
	"revenue": true, "district": true, "supervision": true, "supervisory": true, "prosecutor": true,
	"prosecutors": true, "attorney": true, "attorneys": true, "legislative": true,
}

// knownAgencies maps well-known acronyms of cyber agencies and regulators
// to their names, so a story that only says "CISA" still lists it. Users
// extend entity knowledge through the alias table (see Aliases).
var knownAgencies = map[string]string{
	"NCSC": "National Cyber Security Centre", "ICO": "Information Commissioner's Office",
	"CISA": "Cybersecurity and Infrastructure Security Agency", "FBI": "Federal Bureau of Investigation",
	"NSA": "National Security Agency", "ANSSI": "Agence nationale de la sécurité des systèmes d'information",
	"BSI": "Bundesamt für Sicherheit in der Informationstechnik", "ENISA": "European Union Agency for Cybersecurity",
	"CNIL": "Commission nationale de l'informatique et des libertés", "NCA": "National Crime Agency",
	"ACSC": "Australian Cyber Security Centre", "OAIC": "Office of the Australian Information Commissioner",
	"DPC": "Data Protection Commission", "CCCS": "Canadian Centre for Cyber Security",
	"AEPD": "Agencia Española de Protección de Datos", "INCIBE": "Instituto Nacional de Ciberseguridad",
	"CERT-FR": "CERT-FR", "CERT-EU": "CERT-EU", "US-CERT": "US-CERT", "Europol": "Europol", "Interpol": "Interpol",
	"HHS": "Department of Health and Human Services", "DHS": "Department of Homeland Security", "SEC": "Securities and Exchange Commission",
	"FTC": "Federal Trade Commission", "NCSC-NL": "Nationaal Cyber Security Centrum",
	"AP": "Autoriteit Persoonsgegevens", "Garante": "Garante per la protezione dei dati personali",
	// The American NCSC shares the British one's abbreviation; its key
	// is one no text writes, so only its full name is known.
	"NCSC-US": "National Counterintelligence and Security Center",
}

var (
	knownAndOnce sync.Once
	knownAnd     map[string]bool
)

// knownAgencyName reports whether a name, or its words after a prefix
// ("U.S. Department of Health and Human Services"), is the full name of
// a known agency. A department is also named by what it is of
// ("Homeland Security's emergency response team").
func knownAgencyName(name string) bool {
	knownFullOnce.Do(func() {
		knownFull = map[string]bool{}
		for _, n := range knownAgencies {
			knownFull[matchKey(n)] = true
			if of, ok := strings.CutPrefix(n, "Department of "); ok {
				knownFull[matchKey(of)] = true
			}
		}
	})
	return knownTail(knownFull, name)
}

var (
	knownFullOnce sync.Once
	knownFull     map[string]bool
)

// knownNamesWithAnd are the match keys of the known agency names (and
// technical terms) that contain the word "and".
func knownNamesWithAnd() map[string]bool {
	knownAndOnce.Do(func() {
		knownAnd = map[string]bool{}
		for _, n := range knownAgencies {
			if strings.Contains(n, " and ") {
				knownAnd[matchKey(n)] = true
			}
		}
		// Technical terms too ("Command and Control" servers), so that
		// "Control" alone is not taken for a name.
		for n := range techTerms {
			if strings.Contains(n, " and ") {
				knownAnd[matchKey(n)] = true
			}
		}
	})
	return knownAnd
}

// spelling folds British/American spelling pairs for matching names.
var spelling = strings.NewReplacer("center", "centre", "organization", "organisation", "defense", "defence")

// matchKey is the key names are resolved by.
func matchKey(s string) string {
	slot := &keyCache[maphash.String(keySeed, s)%keySlots]
	if e := slot.Load(); e != nil && e.s == s {
		return e.k
	}
	k := spelling.Replace(fold.Key(stripPossessive(s)))
	slot.Store(&keyEntry{s, k})
	return k
}

// keyCache keeps recent names' keys: extraction asks for the key of the
// same names many times (every lookup of an entity by a surface). A slot
// holds its name, so a hit is always right, whatever the slot.
var (
	keyCache [keySlots]atomic.Pointer[keyEntry]
	keySeed  = maphash.MakeSeed()
)

const keySlots = 4096

type keyEntry struct{ s, k string }

func stripPossessive(s string) string {
	for _, suf := range []string{"’s", "'s", "’", "'"} {
		if strings.HasSuffix(s, suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}

// regionNames are continents, world regions and the states of the United
// States, Canada's provinces, Australia's states and capitals: places
// news names next to attacks that are never the organisation hit.
var regionNames = map[string]bool{}

func init() {
	for _, n := range strings.Split("europe|asia|africa|north america|south america|latin america|middle east|oceania|antarctica|scandinavia|eastern europe|western europe|southeast asia|balkans|caribbean|"+
		"alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming|"+
		"ontario|quebec|british columbia|alberta|manitoba|saskatchewan|nova scotia|new brunswick|"+
		"new south wales|victoria|queensland|tasmania|western australia|south australia|"+
		// Capitals news names for their governments ("Rome suspected the
		// perpetrators were Russian", "Moscow denied it").
		"moscow|beijing|tehran|pyongyang|kyiv|kiev|rome|paris|berlin|tokyo|seoul|brussels|riyadh|ankara|canberra|ottawa|new delhi|islamabad|damascus|baghdad|jerusalem|minsk|warsaw|madrid|lisbon|athens|vienna|stockholm|oslo|copenhagen|helsinki|the hague|bern|prague|budapest|bucharest|taipei|hanoi|manila|jakarta|caracas|havana", "|") {
		// Folded as lookups are ("quebec" → "qubec").
		regionNames[fold.Key(n)] = true
	}
}

// exonyms maps other languages' names of places (folded) to the English
// name (folded) news in English uses. Users add more through the alias
// table (Options.Aliases).
var exonyms = map[string]string{
	"douvres": "dover", "cantorbery": "canterbury", "londres": "london", "munchen": "munich",
	"koln": "cologne", "wien": "vienna", "vienne": "vienna", "bruxelles": "brussels", "brussel": "brussels",
	"anvers": "antwerp", "antwerpen": "antwerp", "la haye": "the hague", "den haag": "the hague",
	"geneve": "geneva", "genf": "geneva", "mailand": "milan", "milano": "milan", "varsovie": "warsaw",
	"warschau": "warsaw", "moscou": "moscow", "moskau": "moscow", "prag": "prague", "praha": "prague",
	"lisbonne": "lisbon", "lissabon": "lisbon", "lisboa": "lisbon", "edimbourg": "edinburgh",
	"venedig": "venice", "venise": "venice", "venezia": "venice", "florenz": "florence", "firenze": "florence",
	"neapel": "naples", "napoli": "naples", "kopenhagen": "copenhagen", "copenhague": "copenhagen",
	"athenes": "athens", "athen": "athens", "rom": "rome", "roma": "rome", "nizza": "nice",
	"aix la chapelle": "aachen", "mayence": "mainz", "treves": "trier", "kiew": "kyiv", "kiev": "kyiv",
	"cornouailles": "cornwall", "ecosse": "scotland", "pays de galles": "wales",
}

// reForeignCouncil finds a council named in German, French or Spanish
// around its place: the place is group 1.
var reForeignCouncil = textre.MustCompile(`(?:(?:Stadtrat|Stadtrats|Stadträte|Bezirksrat|Bezirksrats|Gemeinderat|Gemeinderats|Kreisrat|Kreisrats|Grafschaftsrat|Stadtverwaltung|Gemeinde) von |(?i:conseil)(?: (?:municipal|du district|de district|du comté|de comté|régional|départemental|de la ville))? (?:de |d’|d')|(?i:ayuntamiento|consejo (?:municipal|comarcal|del distrito)?) de )\s?(\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]+)?)`)
