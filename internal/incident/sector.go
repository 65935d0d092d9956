package incident

import (
	"strings"

	"github.com/casefile/casefile/internal/textre"
)

// A victim's sector and country, as its name or the words the story puts
// next to it say.

// sectorWords map a word of a name or of its description to a sector of
// STIX's industry-sector vocabulary. The name's own words decide first
// ("Hancock Health", "Qatar National Bank"), then the words that
// describe it ("Payday loan firm Wonga", "Austal, an Australian
// shipbuilder").
var sectorWords = map[string]string{
	"hospital": "healthcare", "hospitals": "healthcare", "health": "healthcare", "healthcare": "healthcare",
	"medical": "healthcare", "clinic": "healthcare", "pediatrics": "healthcare", "paediatrics": "healthcare",
	"dental": "healthcare", "nhs": "healthcare", "surgery": "healthcare", "pharmacy": "healthcare",
	"physicians": "healthcare", "cancer": "healthcare", "care": "healthcare",
	"bank": "financial-services", "banks": "financial-services", "banking": "financial-services",
	"financial": "financial-services", "securities": "financial-services", "investments": "financial-services",
	"lender": "financial-services", "loan": "financial-services", "payments": "financial-services",
	"credit": "financial-services", "investbank": "financial-services",
	"insurance": "insurance", "insurer": "insurance", "assurance": "insurance",
	"university": "education", "college": "education", "school": "education", "schools": "education",
	"academy": "education", "education": "education",
	"council": "government", "county": "government", "borough": "government", "city": "government",
	"town": "government", "village": "government", "municipality": "government", "ministry": "government",
	"department": "government", "government": "government", "police": "government", "court": "government",
	"commission": "government", "parliament": "government", "party": "government",
	"airline": "transportation", "airlines": "transportation", "airways": "transportation", "airport": "transportation",
	"port": "transportation", "railway": "transportation", "railways": "transportation", "rail": "transportation",
	"shipping": "transportation", "logistics": "transportation", "freight": "transportation", "transit": "transportation",
	"transportation": "transportation", "transport": "transportation", "shipper": "transportation",
	"water": "utilities", "utility": "utilities", "utilities": "utilities", "electric": "utilities", "sewer": "utilities",
	"energy": "energy", "power": "energy", "oil": "energy", "gas": "energy", "petroleum": "energy",
	"telecom": "telecommunications", "telecoms": "telecommunications", "telecommunications": "telecommunications",
	"mobile": "telecommunications", "wireless": "telecommunications", "broadband": "telecommunications",
	"hotel": "hospitality-leisure", "hotels": "hospitality-leisure", "resort": "hospitality-leisure",
	"casino": "hospitality-leisure", "restaurant": "hospitality-leisure", "restaurants": "hospitality-leisure",
	"brewhouse": "hospitality-leisure", "travel": "hospitality-leisure", "dating": "hospitality-leisure",
	"retailer": "retail", "retail": "retail", "store": "retail", "stores": "retail", "supermarket": "retail",
	"shop": "retail", "chain": "retail",
	"studio": "entertainment", "studios": "entertainment", "entertainment": "entertainment", "games": "entertainment",
	"game": "entertainment", "pictures": "entertainment", "films": "entertainment", "broadcaster": "entertainment",
	"gaming": "entertainment", "esports": "entertainment",
	"media": "communications", "newspaper": "communications", "publisher": "communications",
	"software": "technology", "technologies": "technology", "tech": "technology", "technology": "technology",
	"labs": "technology", "cloud": "technology", "app": "technology", "platform": "technology",
	"pharmaceuticals": "pharmaceuticals", "pharma": "pharmaceuticals", "pharmaceutical": "pharmaceuticals",
	"defense": "defense", "defence": "defense", "military": "defense", "army": "defense", "navy": "defense",
	"shipbuilder": "defense", "contractor": "defense",
	"charity": "non-profit", "foundation": "non-profit", "nonprofit": "non-profit", "non-profit": "non-profit",
	"manufacturer": "manufacturing", "manufacturing": "manufacturing", "factory": "manufacturing",
	"library": "government",
	// German, French and Spanish names and descriptions.
	"stadtwerke": "utilities", "wasserwerk": "utilities", "kreis": "government", "landkreis": "government",
	"gemeinde": "government", "stadt": "government", "stadtverwaltung": "government", "rathaus": "government",
	"ministerium": "government", "behörde": "government", "stadtrat": "government", "bezirksrat": "government",
	"klinik": "healthcare", "klinikum": "healthcare", "krankenhaus": "healthcare", "universität": "education",
	"hochschule": "education", "schule": "education", "sparkasse": "financial-services",
	"mairie": "government", "ville": "government", "commune": "government", "préfecture": "government",
	"ministère": "government", "conseil": "government", "clinique": "healthcare", "hôpital": "healthcare",
	"hopital": "healthcare", "université": "education", "école": "education", "lycée": "education",
	"banque": "financial-services", "ayuntamiento": "government", "municipio": "government",
	"diputación": "government", "ministerio": "government", "clínica": "healthcare", "universidad": "education",
	"escuela": "education", "colegio": "education", "banco": "financial-services", "transportes": "transportation",
}

var (
	// reDescribedBefore ends the text before a name with its
	// description: "retailer", or up to three words and a head: "payday
	// loan firm", "Israeli mobile forensics firm", "Malaysian media
	// giant".
	reDescribedBefore = textre.MustCompile(`(?i)(?:^|\s)((?:[\p{L}-]+\s+){0,3}(?:firm|company|giant|group|provider|operator|maker|chain|network|site|service|app|organi[sz]ation|business|developer)|[\p{L}-]+)\s+$`)
	// reDescribedAfter follows a name with its apposition: ", a
	// Hollywood-based audio post-production company", ", the hotel group".
	reDescribedAfter = textre.MustCompile(`^,\s+(?:an?|the|one of the)\s+([^,;.()]{1,80})`)
)

// descriptionHeads end a description before a name ("payday loan
// firm"); reDescribedBefore's heads.
var descriptionHeads = map[string]bool{"firm": true, "company": true, "giant": true, "group": true, "provider": true,
	"operator": true, "maker": true, "chain": true, "network": true, "site": true, "service": true, "app": true,
	"organisation": true, "organization": true, "business": true, "developer": true}

// firstMentions is how many of a victim's mentions are read for what
// describes it: stories say what an organisation is when they first
// name it.
const firstMentions = 8

// victimSector is the sector of a victim: the last sector word of its
// name (its head), else the first of the words that describe it where
// the story first names it.
func (x *extraction) victimSector(e *entity) string {
	// The head of an English name comes last: "Kings College Hospitals
	// Trust" is a hospital trust, not a college.
	ws := words(strings.ToLower(e.name()))
	for i := len(ws) - 1; i >= 0; i-- {
		if sec := sectorWords[strings.Trim(stripPossessive(ws[i]), ".,")]; sec != "" {
			return sec
		}
	}
	if isCouncil(e) || rePublicBody.MatchString(e.name()) {
		return "government"
	}
	// A description comes with the first mentions.
	for _, r := range e.refs[:min(len(e.refs), firstMentions)] {
		t := r.s.s.Text
		var desc string
		if m := reDescribedAfter.FindStringSubmatch(t[r.j:]); m != nil {
			desc = m[1]
		} else if prev := strings.ToLower(lastWord(tail(t[:r.i], 30))); sectorWords[prev] != "" {
			return sectorWords[prev] // "retailer Debenhams"
		} else if descriptionHeads[prev] {
			if m := reDescribedBefore.FindStringSubmatch(tail(t[:r.i], 60)); m != nil {
				desc = m[1] // "payday loan firm Lendwise"
			}
		}
		for _, w := range strings.Fields(strings.ToLower(desc)) {
			if sec := sectorWords[strings.Trim(w, ".,’'")]; sec != "" {
				return sec
			}
		}
	}
	return ""
}

// victimCountry is the country the story places a victim in: a country
// its name holds ("Qatar National Bank"), or one the words attached to it
// name: its description before it ("Israeli mobile forensics firm"), its
// apposition or "in" and a place after it ("Austal, an Australian
// shipbuilder", "Crosswell Hospital in Ayr, Scotland"). A country merely
// named in the same sentence is not enough: "blamed Russia for hacks
// against X".
func (x *extraction) victimCountry(e *entity) string {
	score := map[string]int{}
	for _, r := range e.refs[:min(len(e.refs), firstMentions)] {
		hits := x.countriesIn(r.s)
		if r.s.doc.Lang != x.factLang || len(hits) == 0 {
			continue
		}
		t := r.s.s.Text
		// The spans of the description before the name and of what
		// follows it, found only when a country lies there.
		from, to := -1, -1
		for _, h := range hits {
			switch {
			case h.i >= r.i && h.j <= r.j:
				score[h.code] += 3 // in the name
			case h.j <= r.i && r.i-h.i <= 60:
				if from < 0 {
					from = r.i
					before := tail(t[:r.i], 60)
					if m := reDescribedBefore.FindStringSubmatchIndex(before); m != nil {
						from = r.i - len(before) + m[2]
					}
				}
				if h.i >= from {
					score[h.code]++
				}
			case h.i >= r.j:
				if to < 0 {
					to = r.j
					if m := rePlacedAfter.FindStringIndex(t[r.j:]); m != nil {
						to = r.j + m[1]
					}
				}
				if h.j <= to {
					score[h.code]++
				}
			}
		}
	}
	return topScore(score, 0)
}

// rePlacedAfter is what follows a name to say where or what it is: an
// apposition (", an Australian shipbuilder,"; not the next name of a
// list: ", the Qatar Pearl Bank") or "in" and a place with its country
// ("in Ayr, Scotland").
var rePlacedAfter = textre.MustCompile(`^(?:,\s+(?:an?|the)\s+(?:\p{Lu}[\p{L}-]*\s+)?\p{Ll}[^,;.()]{0,80}|(?:,\s+|\s+)(?:based\s+)?in\s+(?:\p{Lu}[\p{L}.-]*\s*){1,3}(?:,\s+(?:\p{Lu}[\p{L}.-]*\s*){1,3})?)`)
