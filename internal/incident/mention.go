package incident

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// sent is one sentence of one document with what extraction needs.
type sent struct {
	doc  *model.Doc
	s    model.Sentence
	para int // paragraph index in the document
	rank int // document rank in the story (0 = lead)
	ms   []mention
	done bool
	// countries are the countries the sentence names (countriesIn),
	// found once.
	countries     []countryHit
	countriesDone bool
	// lower holds the words the sentence's document writes in lower
	// case between spaces or punctuation, shared by its sentences.
	lower map[string]bool
	// matched caches match.
	matched []patternMatch
	// pastV caches past: 0 not known, 1 false, 2 true.
	pastV int8
}

// past reports whether the sentence is about an earlier time (rePast),
// found once.
func (s *sent) past() bool {
	if s.pastV == 0 {
		s.pastV = 1
		if s.match(rePast) && pastText(s.s.Text, s.doc.Published) {
			s.pastV = 2
		}
	}
	return s.pastV == 2
}

type patternMatch struct {
	re *textre.Regexp
	ok bool
}

// match is re.MatchString of the sentence's text, found once: rules ask
// it of the sentence of each name in it.
func (s *sent) match(re *textre.Regexp) bool {
	for _, m := range s.matched {
		if m.re == re {
			return m.ok
		}
	}
	ok := re.MatchString(s.s.Text)
	s.matched = append(s.matched, patternMatch{re, ok})
	return ok
}

// mentions are the sentence's names, found once.
func (s *sent) mentions() []mention {
	if !s.done {
		s.ms, s.done = mentions(s.s.Text), true
	}
	return s.ms
}

// ev is the evidence for the whole sentence.
func (s sent) ev() model.Evidence {
	return model.Evidence{Doc: s.doc.ID, Start: s.s.Start, End: s.s.End, Text: s.s.Text, Lang: s.doc.Lang}
}

// evAt is the evidence for the byte range [i, j) of the sentence text.
func (s sent) evAt(i, j int) model.Evidence {
	e := s.ev()
	if i >= 0 && j <= len(s.s.Text) && i < j {
		e.Start = s.s.Start + utf8.RuneCountInString(s.s.Text[:i])
		e.End = e.Start + utf8.RuneCountInString(s.s.Text[i:j])
	}
	return e
}

// mention is a capitalised name found in a sentence.
type mention struct {
	text string // surface, possessive stripped
	i, j int    // byte range in the sentence
	poss bool   // written with a possessive ('s)
}

// nameRe matches runs of capitalised words (an apostrophe and a capital
// inside one: "O'Brien"), which may be joined by "of", "of the", "for",
// "de", "du", "von", "der" or "&", and may carry a possessive inside
// ("Information Commissioner’s Office").
var nameRe = textre.MustCompile(`(?:\p{Lu}\.(?:\p{Lu}\.)+|\p{Lu}(?:[’']\p{Lu})?[\p{L}\p{N}&\-]*)(?:[’']s)?(?:(?:\s+(?:of the|of|for the|for|de|du|von|der|&))?\s+(?:\p{Lu}\.(?:\p{Lu}\.)+|\p{Lu}(?:[’']\p{Lu})?[\p{L}\p{N}&\-]*)(?:[’']s?)?)*`)

// reLayoutGap is a gap no name runs over: a blank line or a run of
// spaces left by a page's layout ("by Mark Allinson      A globally
// co-ordinated attack"), or a capitalised "The" inside a run, which
// starts a sentence whose full stop the page lost ("links to Ukraine
// The UK Foreign Office was targeted").
var reLayoutGap = textre.MustCompile(`\s{3,}|\n\s*\n|\s+The\s+`)

// newsOf are words that open a sentence before "of" and a name.
var newsOf = map[string]bool{"news": true, "reports": true, "details": true, "word": true, "rumours": true, "rumors": true}

// reGermanRole is a German role noun, alone or fused to an
// organisation's name by a hyphen, a supplier's trade noun, or the noun
// for a gang of attackers ("Hackergruppe").
var reGermanRole = textre.MustCompile(`^(?:(?:\p{Lu}[\p{L}\p{N}&]*-)?(?:Presse)?(?:Sprecher|Geschäftsführer|Leiter|Bürgermeister|Oberbürgermeister|Analyst|Sicherheitsforscher|Forscher|Direktor|Chef)(?:in)?|(?:IT-)?(?:Dienstleister|Anbieter|Softwareanbieter|Zulieferer|Hersteller)s?|Outsourcing-(?:Riesen?|Dienstleisters?)|(?:Hacker|Cyber|Erpresser|Ransomware-)(?:gruppe|bande|Gruppe|Bande))$`)

// reTrailJoin is a joining word left at the end of a name cut at a gap.
var reTrailJoin = textre.MustCompile(`\s+(?:of the|of|for the|for|de|du|von|der|&)$`)

// nameLocs are the byte ranges of nameRe's matches in text, each cut at
// the layout gaps inside it.
func nameLocs(text string) [][]int {
	var out [][]int
	for _, loc := range nameRe.FindAllStringIndex(text, -1) {
		// A capital inside a word is no name's start: "vBulletin",
		// "eBay" and "iOS" would give "Bulletin", "Bay" and "OS".
		if r, _ := utf8.DecodeLastRuneInString(text[:loc[0]]); unicode.IsLetter(r) || unicode.IsDigit(r) {
			continue
		}
		i := loc[0]
		for _, g := range reLayoutGap.FindAllStringIndex(text[loc[0]:loc[1]], -1) {
			j := loc[0] + g[0]
			if t := reTrailJoin.FindStringIndex(text[i:j]); t != nil {
				j = i + t[0]
			}
			if j > i {
				out = append(out, []int{i, j})
			}
			i = loc[0] + g[1]
		}
		out = append(out, []int{i, loc[1]})
	}
	return out
}

// leadWords are words that start sentences or clauses and are not part of
// a name that follows them.
var leadWords = map[string]bool{
	"the": true, "a": true, "an": true, "however": true, "in": true, "on": true, "at": true,
	"according": true, "since": true, "all": true, "three": true, "two": true, "four": true,
	"when": true, "while": true, "after": true, "before": true, "but": true, "and": true,
	"some": true, "these": true, "this": true, "that": true, "those": true, "its": true,
	"their": true, "his": true, "her": true, "our": true, "we": true, "it": true, "they": true,
	"he": true, "she": true, "i": true, "as": true, "by": true, "for": true, "from": true,
	"with": true, "questions": true, "other": true, "both": true, "each": true, "no": true,
	"nothing": true, "none": true, "scans": true, "vessels": true, "if": true, "so": true,
	"there": true, "here": true, "what": true, "who": true, "why": true, "how": true,
	"communications": true, "media": true, "former": true, "senior": true, "chief": true,
	"general": true, "principal": true, "security": true, "researcher": true, "spokesperson": true,
	"know": true, "do": true, "does": true, "is": true, "are": true, "was": true, "were": true,
	// The articles of other languages are foreignArticles, added below.
	// Honorifics are not part of a person's name ("Dr Jane Roe" is Jane Roe).
	"dr": true, "mr": true, "mrs": true, "ms": true, "prof": true, "professor": true, "sir": true, "dame": true,
	// Groups of people and quantities start sentences before "of" and a
	// name ("Customers of Voltaro", "Thousands of Pellham drivers").
	"customers": true, "residents": true, "staff": true, "members": true, "users": true,
	"employees": true, "patients": true, "clients": true, "parts": true, "many": true, "most": true,
	"thousands": true, "hundreds": true, "millions": true, "dozens": true, "much": true, "one": true,
	// Words that open sentences before a clause ("Speaking to the Times").
	"speaking": true, "following": true, "responding": true, "asked": true, "writing": true,
	"despite": true, "during": true, "earlier": true, "later": true, "today": true, "yesterday": true,
	"meanwhile": true, "separately": true, "additionally": true, "instead": true, "also": true,
	"then": true, "now": true, "once": true, "until": true, "although": true, "though": true,
	"because": true, "whether": true, "unlike": true, "amid": true, "finally": true,
	"currently": true, "recently": true, "previously": true,
	// Words that introduce a name inside a clause ("Dubbed Sanctions",
	// "Called Chrysaor", "Under California law"), and "according to" in
	// French, Spanish and German ("Selon Anne Petit", "Laut Polizei").
	"selon": true, "según": true, "laut": true,
	"dubbed": true, "called": true, "named": true, "under": true, "via": true, "through": true,
	"about": true, "against": true, "into": true, "like": true, "unless": true, "whereas": true,
	"thanks": true, "including": true, "includes": true, "include": true, "among": true,
	// Sentence adverbs.
	"due": true, "last": true, "maybe": true, "perhaps": true, "thus": true, "interestingly": true, "just": true, "moreover": true, "furthermore": true,
	"nevertheless": true, "indeed": true, "ultimately": true, "luckily": true, "fortunately": true,
	"unfortunately": true, "sadly": true, "notably": true, "importantly": true, "specifically": true,
	"similarly": true, "likewise": true, "still": true, "yet": true, "first": true, "second": true,
	"third": true, "next": true, "overall": true, "hence": true, "therefore": true,
	// Greetings before a name ("Hello Netflix, we’ve arrived").
	"hello": true, "hi": true, "hey": true, "dear": true, "welcome": true, "goodbye": true,
}

// roleLeads are the words of leadWords that open a sentence before a
// role ("Security researcher Jane Roe said"); capitalised inside a
// sentence they start a name ("the Chief Executive ..."). "Media" before
// another capitalised word starts one anywhere ("Malaysian media giant
// Media Prima", "Media Prima Berhad's computer systems"); alone ("Media
// reports say") it is no name.
var roleLeads = map[string]bool{"communications": true, "former": true, "senior": true,
	"chief": true, "general": true, "principal": true, "security": true, "researcher": true, "spokesperson": true}

// countWords are the numbers of leadWords: capitalised inside a
// sentence, they are a name ("involving Three", the mobile operator).
var countWords = map[string]bool{"one": true, "two": true, "three": true, "four": true}

// foreignArticles are the articles of leadWords that are not English.
var foreignArticles = map[string]bool{
	"ein": true, "eine": true, "der": true, "die": true, "das": true, "le": true, "la": true, "les": true,
	"un": true, "une": true, "des": true, "el": true, "los": true, "las": true,
	"het": true, "een": true, "il": true, "lo": true, "gli": true, "os": true, "um": true, "uma": true,
}

func init() {
	for w := range foreignArticles {
		leadWords[w] = true
	}
}

// calendarWords are capitalised but never names of organisations or people.
var calendarWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "may": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true, "mon": true, "tue": true, "wed": true, "thu": true, "fri": true,
	"sat": true, "sun": true,
	"christmas": true, "easter": true, "halloween": true, "thanksgiving": true, "hanukkah": true,
	"ramadan": true, "diwali": true,
	// German capitalises its days and months.
	"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true,
	"samstag": true, "sonntag": true, "januar": true, "februar": true, "märz": true, "juni": true,
	"juli": true, "oktober": true, "dezember": true,
}

// commonAcronyms are capitalised abbreviations that name no organisation.
var commonAcronyms = map[string]bool{
	"IT": true, "HR": true, "VPN": true, "CEO": true, "CTO": true, "CIO": true, "CISO": true,
	"AM": true, "PM": true, "ID": true, "PC": true, "PR": true, "FAQ": true, "OK": true, "DDOS": true,
	"TV": true, "UK": true, "US": true, "EU": true, "USA": true,
}

// mentions finds the capitalised names of a sentence.
func mentions(text string) []mention {
	var out []mention
	for _, loc := range nameLocs(text) {
		i, j := loc[0], loc[1]
		m := text[i:j]
		// Drop leading function words ("However", "The", "According").
		for {
			w, rest, ok := strings.Cut(m, " ")
			// "Friday’s WannaCry attack", "Today's outage": the day is
			// no part of the name.
			lw := strings.ToLower(stripPossessive(w))
			// "Jan" before a name is a given name ("Jan Holm"), no
			// January.
			if !ok || !leadWords[lw] && !calendarWords[lw] || w == "Jan" {
				break
			}
			// An article of another language is capitalised inside a
			// sentence only as a part of a name ("Los Angeles", "Le
			// Monde"); it is dropped where the sentence starts ("Die
			// Stadtwerke ...", "La mairie ...").
			if (foreignArticles[lw] || countWords[lw] || roleLeads[lw]) && !sentenceStart(text, i) || lw == "media" {
				break
			}
			// "Three's website exposes ...": a number owns nothing.
			if countWords[lw] && stripPossessive(w) != w {
				break
			}
			i += len(w) + 1
			m = strings.TrimLeft(rest, " ")
		}
		// "News of Cathay's breach": the news is no part of the name.
		if w, rest, ok := strings.Cut(m, " of "); ok && newsOf[strings.ToLower(w)] {
			i += len(w) + len(" of ")
			m = rest
		}
		// A German role or trade noun, alone or fused to its
		// organisation, is no part of the name after it
		// ("Stadtwerke-Sprecherin Anna Roth", "Bürgermeister Jan Holm",
		// "IT-Dienstleister Tidemark Systems").
		if w, rest, ok := strings.Cut(m, " "); ok && reGermanRole.MatchString(w) {
			i += len(w) + 1
			m = strings.TrimLeft(rest, " ")
		}
		// A joining word left in front ("Customers of Voltaro" → "of
		// Voltaro") goes with the word before it.
		for _, j := range []string{"of the ", "of ", "for ", "& "} {
			if strings.HasPrefix(m, j) {
				i += len(j)
				m = m[len(j):]
				break
			}
		}
		// "Hobart-based IT company", "San Francisco-based DocuSign": a
		// place used as a modifier is no name.
		if k := max(strings.LastIndex(m, "-based "), strings.LastIndex(m, "-Based ")); k >= 0 {
			cut := k + len("-based ")
			i += cut
			m = m[cut:]
		}
		if !ok1(m) {
			continue
		}
		// A possessive followed by a name of two words or more starts
		// another name: "U.K.’s Information Commissioner’s Office" is the
		// U.K. and the office, "Orlen Devices’ Meridian Gateway" the
		// vendor and its product; "Commissioner’s Office" stays one name.
		for k := 0; k < len(m); {
			sp := strings.IndexByte(m[k:], ' ')
			if sp < 0 {
				break
			}
			w, rest := m[:k+sp], m[k+sp+1:]
			// So does an abbreviation alone after a possessive
			// ("Australia's ASX", "Colorado’s DOT").
			if stripPossessive(w) != w && (strings.Contains(rest, " ") || isAcronym(rest) && !strings.ContainsAny(rest, "’'")) {
				owner := stripPossessive(w)
				if r, _ := utf8.DecodeRuneInString(rest); unicode.IsUpper(r) && owner != "" {
					out = append(out, mention{text: owner, i: i, j: i + len(owner), poss: true})
					i += len(w) + 1
					m = rest
					k = 0
					continue
				}
			}
			k += sp + 1
		}
		// "Tobias Renn of Quillon Security" is a person and an
		// organisation; "Bank of Tarn", "Federal Bureau of Investigation"
		// stay one name.
		if k := strings.Index(m, " of "); k > 0 && isPersonName(m[:k]) {
			if r, _ := utf8.DecodeRuneInString(m[k+4:]); unicode.IsUpper(r) {
				out = append(out, mention{text: m[:k], i: i, j: i + k})
				i += k + 4
				m = m[k+4:]
			}
		}
		// "Hancock Health CEO Steve Long": the title parts the
		// organisation from the person, and is neither's name.
		if ws := words(m); len(ws) >= 3 {
			if k, l, ok := titleSplit(ws); ok {
				starts := wordStarts(m)
				if org := strings.TrimSpace(m[:starts[k]]); k > 0 && ok1(org) && !commonAcronyms[org] && !leadWords[strings.ToLower(org)] {
					out = append(out, mention{text: org, i: i, j: i + len(org)})
				}
				i += starts[l]
				m = m[starts[l]:]
			}
		}
		poss := false
		if s := stripPossessive(m); s != m {
			poss = true
			j -= len(m) - len(s)
			m = s
		}
		// A single lead word or calendar word alone is no name, nor is a
		// type word alone ("Services run by ...", "the Council said").
		lw := strings.ToLower(m)
		if leadWords[lw] && (!countWords[lw] || sentenceStart(text, i) && !poss) || calendarWords[lw] || commonAcronyms[m] || orgHeads[lw] || agencyHeads[lw] || utf8.RuneCountInString(m) < 2 {
			continue
		}
		// Drop trailing calendar words ("Sunday", "March") and
		// conjunctions a headline capitalises ("Lucrative Business While").
		for {
			k := strings.LastIndex(m, " ")
			if k < 0 || !calendarWords[strings.ToLower(m[k+1:])] && !trailWords[strings.ToLower(m[k+1:])] {
				break
			}
			j -= len(m) - k
			m = m[:k]
		}
		if strings.HasSuffix(strings.ToLower(m), "-based") {
			continue
		}
		out = append(out, mention{text: m, i: i, j: j, poss: poss})
	}
	return joinKnownNames(text, out)
}

// abbrevHeads are abbreviations that begin place names.
var abbrevHeads = map[string]bool{"St": true, "Ste": true, "Mt": true, "Ft": true, "Pt": true}

// joinKnownNames joins two names separated by "and" when together they
// spell a known agency name ("Cybersecurity and Infrastructure Security
// Agency"), a technical term ("Command and Control") or a utility ("Onslow
// Water and Sewer Authority"), which nameRe splits because "and" usually
// separates names.
func joinKnownNames(text string, ms []mention) []mention {
	known := knownNamesWithAnd()
	for k := 0; k+1 < len(ms); k++ {
		a, b := ms[k], ms[k+1]
		// "St. Louis Public Library": an abbreviated saint's or
		// mountain's name runs on over its full stop.
		if abbrevHeads[a.text] && text[a.j:b.i] == ". " {
			ms[k] = mention{text: text[a.i:b.j], i: a.i, j: b.j, poss: b.poss}
			ms = append(ms[:k+1], ms[k+2:]...)
			continue
		}
		// "Orange Is the New Black": a title whose verb is capitalised
		// is one name, a work's (notNameOfOrg rejects it).
		if !a.poss && reTitleVerbGap.MatchString(text[a.j:b.i]) {
			ms[k] = mention{text: text[a.i:b.j], i: a.i, j: b.j, poss: b.poss}
			ms = append(ms[:k+1], ms[k+2:]...)
			continue
		}
		if a.poss || text[a.j:b.i] != " and " || !knownTail(known, text[a.i:b.j]) && !utilityPair(a.text, b.text) {
			continue
		}
		ms[k] = mention{text: text[a.i:b.j], i: a.i, j: b.j, poss: b.poss}
		ms = append(ms[:k+1], ms[k+2:]...)
	}
	return ms
}

// reTitleVerbGap is a capitalised verb between two capitalised runs,
// as in a title: " Is the ", " Are ".
var reTitleVerbGap = textre.MustCompile(`^ (?:Is|Are|Was|Were) (?:the |a |an )?$`)

// utilityPair reports whether two names around "and" are one utility's
// ("Onslow Water" and "Sewer Authority", "Tallow Gas" and "Electric
// Company"): the first ends in a utility, the second starts with one.
func utilityPair(a, b string) bool {
	wa, wb := words(a), words(b)
	return len(wa) >= 2 && len(wb) >= 2 && utilityWords[strings.ToLower(wa[len(wa)-1])] && utilityWords[strings.ToLower(wb[0])]
}

var utilityWords = map[string]bool{"water": true, "sewer": true, "wastewater": true, "gas": true,
	"electric": true, "power": true, "light": true, "drainage": true, "sanitation": true}

// knownTail reports whether a name, or the name without words before it
// ("U.S. Department of Health and Human Services"), is known.
func knownTail(known map[string]bool, name string) bool {
	ws := words(name)
	for i := range ws {
		if known[matchKey(strings.Join(ws[i:], " "))] {
			return true
		}
	}
	return false
}

func ok1(m string) bool {
	r, _ := utf8.DecodeRuneInString(m)
	return m != "" && unicode.IsUpper(r)
}

// words splits a name into its words.
func words(s string) []string { return strings.Fields(s) }

// wordStarts are the byte offsets in s at which the words of words(s)
// start.
func wordStarts(s string) []int {
	var out []int
	in := false
	for k, r := range s {
		sp := unicode.IsSpace(r)
		if !sp && !in {
			out = append(out, k)
		}
		in = !sp
	}
	return out
}

// isAcronym reports whether s is written in capitals (EKS, NCSC, NR).
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

// initials are the first letters of a name's capitalised words.
func initials(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPersonName reports whether s looks like a person's full name: two or
// three capitalised words, none an organisation head or acronym.
// ("Port of Calloway" has a lowercase word: not a person.)
func isPersonName(s string) bool {
	ws := words(s)
	// A single letter is an initial, no surname: "Orrin G" is a name
	// cut at its initial's full stop.
	if len(ws) < 2 || len(ws) > 3 || utf8.RuneCountInString(ws[len(ws)-1]) < 2 {
		return false
	}
	for k, w := range ws {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
		// Initials start a name ("T.J. Smith"); a country's do not
		// ("U.S. Navy").
		if k < len(ws)-1 && reInitials.MatchString(w) && !countryInitials[w] {
			continue
		}
		if isAcronym(w) || orgHeads[strings.ToLower(w)] || agencyHeads[strings.ToLower(w)] || strings.ContainsAny(w, "&.0123456789") {
			return false
		}
		// "Jan" abbreviates January but is a given name before a
		// surname ("Jan Holm").
		if calendarWords[strings.ToLower(w)] && (k > 0 || w != "Jan") {
			return false
		}
	}
	return true
}

// titleHeads end a job title written before a person's name, besides
// titleWords ("Acme Director Jane Roe", "IRS Commissioner John Doe");
// they are kept apart from titleWords, which make a name no
// organisation's, because bodies are named after them ("Office of the
// Privacy Commissioner").
var titleHeads = map[string]bool{
	"cio": true, "cso": true, "cmo": true, "director": true, "commissioner": true, "secretary": true,
	"chancellor": true, "superintendent": true, "ambassador": true, "co-founder": true,
}

// titleMods go before a title's head inside the title ("Deputy Mayor",
// "Prime Minister", "Vice President"); titlePortfolios go before a
// minister's, secretary's or commissioner's ("Foreign Minister",
// "Information Commissioner"), and generalTitles before "General"
// ("Attorney General").
var (
	titleMods = map[string]bool{
		"deputy": true, "vice": true, "prime": true, "acting": true, "interim": true, "senior": true,
		"assistant": true, "former": true, "executive": true, "managing": true, "associate": true,
		"chief": true, "co-": true, "founding": true,
		// Ranks: "Corporate Vice President", "Global Head".
		"corporate": true, "global": true, "regional": true, "principal": true, "general": true,
	}
	titlePortfolios = map[string]bool{
		"foreign": true, "home": true, "interior": true, "defence": true, "defense": true, "justice": true,
		"finance": true, "health": true, "press": true, "information": true, "privacy": true,
		"communications": true, "trade": true, "economy": true, "digital": true, "education": true,
		"transport": true, "energy": true, "cabinet": true, "treasury": true, "state": true,
	}
	generalTitles = map[string]bool{"attorney": true, "secretary": true, "surgeon": true, "inspector": true, "solicitor": true}
)

// isTitleWord reports whether w is a word of a job title ("CEO",
// "Deputy", "Officer"), which no person's name holds.
func isTitleWord(w string) bool {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	return titleWords[w] || titleHeads[w] || titleMods[w] || w == "officer" || w == "general"
}

// titleStart is where the job title that ends the words ws starts
// ("Windows Corporate Vice President" → 1): 0 when they are all a
// title, -1 when they end in none.
func titleStart(ws []string) int {
	if len(ws) == 0 {
		return -1
	}
	return titleAt(ws, len(ws)-1)
}

// titleSplit finds a job title written between an organisation's name
// and a person's inside one run of capitalised words: "Hancock Health CEO
// Steve Long" is ws[:k] "Hancock Health", the title ws[k:l] "CEO" and the
// person ws[l:] "Steve Long". The organisation may be empty ("Prime
// Minister Paolo Gentiloni"). ok is false when the run ends in no person
// after a title.
func titleSplit(ws []string) (k, l int, ok bool) {
	for l = len(ws) - 2; l >= 1 && l >= len(ws)-3; l-- {
		if !isPersonName(strings.Join(ws[l:], " ")) || slices.ContainsFunc(ws[l:], isTitleWord) {
			continue
		}
		if k = titleAt(ws, l-1); k >= 0 {
			return k, l, true
		}
	}
	return 0, 0, false
}

// titleAt is where the job title whose last word is ws[h] starts, or -1
// when ws[h] ends no title: "Chief Information Security Officer",
// "Attorney General", "Foreign Minister" (a portfolio before a
// minister's, secretary's or commissioner's title), "Technology
// Director" (a department before a director's or an officer's),
// "Deputy Mayor".
func titleAt(ws []string, h int) int {
	head := strings.ToLower(strings.TrimSuffix(ws[h], "."))
	k := -1
	switch {
	case head == "officer" || head == "executive":
		for c := h - 1; c >= 0 && c >= h-4; c-- {
			if ws[c] == "Chief" {
				k = c
				break
			}
		}
		if k < 0 && head == "officer" {
			k = h
		}
	case head == "general":
		if h > 0 && generalTitles[strings.ToLower(ws[h-1])] {
			k = h - 1
		}
	case titleWords[head] || titleHeads[head]:
		k = h
	}
	if k < 0 {
		return -1
	}
	before := func() string { return strings.ToLower(ws[k-1]) }
	switch head {
	case "minister", "secretary", "commissioner":
		for k > 0 && titlePortfolios[before()] {
			k--
		}
	case "director", "officer", "cto", "cio", "ciso", "cso":
		for k > 0 && deptWords[before()] {
			k--
		}
	}
	for k > 0 && titleMods[before()] {
		k--
	}
	return k
}

// reInitials are a person's initials: "T.J.", "J."
var reInitials = textre.MustCompile(`^(?:\p{Lu}\.){1,3}$`)

// countryInitials are initials that name a country, a union or a
// capital ("Washington D.C.").
var countryInitials = map[string]bool{"U.S.": true, "U.K.": true, "U.N.": true, "E.U.": true, "U.A.E.": true, "U.S.A.": true, "D.C.": true}

// orgHeads are last words that make a name an organisation.
var orgHeads = map[string]bool{
	"council": true, "authority": true, "services": true, "service": true,
	"systems": true, "networks": true, "group": true, "ltd": true, "inc": true, "plc": true,
	"llc": true, "gmbh": true, "corporation": true, "corp": true, "company": true,
	"hospital": true, "university": true, "school": true, "trust": true, "bank": true,
	"partnership": true, "security": true, "news": true, "agency": true, "centre": true,
	"center": true, "office": true, "commission": true, "department": true, "ministry": true,
	"board": true, "herald": true, "times": true, "post": true, "ledger": true, "technologies": true,
	"solutions": true, "labs": true, "software": true, "health": true, "police": true,
	// Trades and kinds of organisation that name companies and bodies
	// ("Halden Water", "Brimley Foods", "Pellham Logistics").
	"water": true, "foods": true, "logistics": true, "energy": true, "airlines": true, "airways": true,
	"railways": true, "railway": true, "motors": true, "pharmaceuticals": true, "pharma": true,
	"insurance": true, "holdings": true, "industries": true, "utilities": true, "telecom": true,
	"telecoms": true, "communications": true, "media": true, "airport": true, "port": true,
	"transport": true, "freight": true, "shipping": true, "housing": true, "foundation": true,
	"institute": true, "college": true, "academy": true, "association": true, "society": true,
	"clinic": true, "laboratories": true, "lab": true, "pharmacy": true, "retail": true, "stores": true,
	"supermarkets": true, "chemicals": true, "intelligence": true, "analytics": true, "consulting": true,
	"financial": true, "finance": true, "bancorp": true, "broadcasting": true, "press": true,
	"international": true, "enterprises": true, "cooperative": true,
	// Legal forms and more trades, shops and public bodies, so that
	// "Harlow Brewhouse" or "Quarry Lane Bakery" is not read as a
	// person's name.
	"limited": true, "incorporated": true, "llp": true, "co": true, "pty": true, "bhd": true,
	"berhad": true, "ag": true, "sa": true, "nv": true, "bv": true, "ab": true, "spa": true,
	"bakery": true, "brewery": true, "brewhouse": true, "restaurant": true, "restaurants": true,
	"hotel": true, "hotels": true, "resort": true, "resorts": true, "casino": true, "studios": true,
	"productions": true, "entertainment": true, "games": true, "gaming": true, "pictures": true,
	"electric": true, "electronics": true, "apparel": true, "sportswear": true, "clothing": true,
	"dental": true, "pediatrics": true, "paediatrics": true, "medical": true, "healthcare": true,
	"hospitals": true, "marketplace": true, "market": true, "markets": true, "mart": true,
	"mills": true, "farms": true, "dairy": true, "capital": true, "partners": true, "ventures": true,
	"investments": true, "securities": true, "credit": true, "mutual": true, "realty": true,
	"properties": true, "construction": true, "engineering": true, "manufacturing": true,
	"technology": true, "digital": true, "wireless": true, "broadband": true,
	"telecommunications": true, "airline": true, "cruises": true, "travel": true, "club": true,
	"league": true, "federation": true, "party": true, "committee": true, "church": true,
	"county": true, "city": true, "town": true, "borough": true, "township": true,
	"municipality": true, "government": true, "schools": true, "library": true, "museum": true,
	"exchange": true, "wallet": true, "auto": true, "automotive": true,
}

// trailWords end a headline's run of capitalised words but no name.
var trailWords = map[string]bool{"while": true, "as": true, "when": true, "after": true, "before": true,
	"is": true, "are": true, "was": true, "were": true, "has": true, "have": true, "with": true, "and": true,
	"to": true, "in": true, "on": true, "at": true, "by": true, "from": true, "but": true, "or": true,
	// German nouns that follow a name in a clause whose verb comes last
	// ("dass die Spedition Kessel Logistik Opfer eines Angriffs wurde").
	"opfer": true, "ziel": true}

// tail is the end of s, at most n bytes and starting on a rune: the
// patterns anchored at the end of a text before a name ("... east of
// $") need only its last words, and scanning the whole sentence
// before each name would cost a pass per name.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}
