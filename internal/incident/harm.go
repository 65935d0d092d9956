package incident

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// What the attack took and by whom: the records exposed, the ransom, whether
// data was accessed, and the threat actors and malware named.

var (
	// reRecords is a count of records or accounts in a sentence of loss:
	// "1.5 million records", "more than 245,000 customer accounts".
	reRecords = textre.MustCompile(`(?i)\b((?:(?:almost|about|around|nearly|roughly|more than|over|some|up to|as many as|at least)\s+)?\d[\d,.]*(?:\s*(?:million|billion|thousand|m|bn|k)\b)?\s+(?:[\p{L}-]+\s+){0,2}?(?:records|accounts|credit cards|card numbers|payment cards|email addresses|passwords|user names|usernames|profiles))\b`)
	// reRecordsIntl and reLossIntl are reRecords and reLoss for German,
	// French and Spanish: "50.000 Datensätze ... gestohlen", "12 000
	// comptes ... volés", "3.000 registros ... robados".
	reRecordsIntl = textre.MustCompile(`(?i)((?:(?:mehr als|über|rund|etwa|plus de|environ|près de|más de|unos|casi)\s+)?\d[\d.,\x{a0} ]*?\s?(?:(?:Millionen|Mio\.|millions?|millones)\s+(?:de\s+)?)?(?:[\p{L}-]+\s+){0,1}?(?:Datensätze|Konten|Kundenkonten|Kundendatensätze|enregistrements|comptes|dossiers|registros|cuentas|expedientes))(?:[^\p{L}]|$)`)
	reLossIntl    = textre.MustCompile(`(?i)(?:gestohlen|entwendet|erbeutet|abgeflossen|veröffentlicht|kopiert|vol[ée]e?s?(?:[^\p{L}]|$)|dérob[ée]|expos[ée]|divulgu[ée]|publi[ée]|robad[oa]|expuest[oa]|filtrad[oa]|sustraíd[oa]|publicad[oa])`)
	// reAmount is a sum of money or cryptocurrency: "$2.6 million",
	// "4 bitcoin", "RM26.42 million".
	reAmount = textre.MustCompile(amount)
	// reRansomBefore ends the text before an amount with a word of
	// ransom, demand or payment a few words back: "demanded a ransom of",
	// "ein Lösegeld von", "une rançon de", "exigen un rescate de".
	reRansomBefore = textre.MustCompile(`(?i)\b(?:ransoms?|demand(?:s|ed|ing)?|extort(?:s|ed|ing)?|paid|pay(?:s|ing)?|lösegeld\p{L}*|forder\p{L}*|gezahlt|zahlt\p{L}*|rançons?|exig\p{L}*|pay[ée]\p{L}*|rescates?|pag\p{L}*)(?:[^\p{L}.;][^.;]*)?$`)
	// reRansomNext follows an amount with the ransom: "a $50,000 ransom",
	// "50.000 Euro Lösegeld".
	reRansomNext = textre.MustCompile(`(?i)^\s+(?:[\p{L}-]+\s+)?(?:ransom|lösegeld)\b`)
)

// amount is a sum of money or cryptocurrency, in the forms of English,
// German, French and Spanish news: "$2.6 million", "4 bitcoin",
// "RM26.42 million", "2 Millionen Euro", "50 000 euros", "1,5 millones de
// dólares".
const amount = `(?i:[$£€]\s?\d[\d,.]*(?:\s?(?:million|billion|thousand|k|m|bn)\b)?|\d[\d,.\x{a0} ]*?\s?(?:(?:million|thousand|Millionen|Mio\.|millions?|millones|mil)\s+(?:de\s+)?)?(?:(?:bitcoins?|btc|monero|xmr|ether|eth|dollars|euros?|pounds|rupees|ringgit|US-Dollar|Dollar|dólares)\b|€|\$)|(?:RM|Rs\.?|USD|EUR|GBP)\s?\d[\d,.]*(?:\s?(?:million|m|k)\b)?)`

// records is the first stated count of records or accounts exposed, in
// a sentence of loss ("exposed 1.5 million records"), not about an
// earlier time and not in a clause of what could happen.
func (x *extraction) records() (string, []model.Evidence) {
	recs, loss := reRecordsIntl, []*textre.Regexp{reLossIntl}
	if x.factLang == "en" {
		recs, loss = reRecords, []*textre.Regexp{reLoss, reOwnBreach}
	}
	for _, s := range x.facts {
		t := s.s.Text
		if !strings.ContainsAny(t, "0123456789") || !slices.ContainsFunc(loss, s.match) || s.past() {
			continue
		}
		for _, m := range recs.FindAllStringSubmatchIndex(t, -1) {
			if hypothetical(t[:m[2]]) {
				continue
			}
			return t[m[2]:m[3]], []model.Evidence{s.evAt(m[2], m[3])}
		}
	}
	return "", nil
}

// ransom is the first stated ransom: an amount after a word of ransom,
// demand or payment in a sentence that speaks of a ransom or extortion,
// or an amount right before "ransom".
func (x *extraction) ransom() (string, []model.Evidence) {
	for _, s := range x.facts {
		t := s.s.Text
		// An earlier incident's ransom is not this one's. (Every amount
		// has a digit: the cheap test first.)
		if !strings.ContainsAny(t, "0123456789") || !hasCurrency(t) || !s.match(reRansomWord) || s.past() {
			continue
		}
		// Each amount, with a word of ransom a few words before it or
		// "ransom" right after: one scan of the sentence, then short
		// windows.
		for _, m := range reAmount.FindAllStringIndex(t, -1) {
			if !reRansomBefore.MatchString(tail(t[:m[0]], 70)) && !reRansomNext.MatchString(t[m[1]:]) {
				continue
			}
			// "would not pay the 4 bitcoin ransom" states the demand;
			// "could demand $5,000" none.
			if !hypothetical(t[:m[0]]) || reRefusePay.MatchString(tail(t[:m[0]], 60)) {
				j := m[1] // "a ransom of $250,000.": not the full stop
				for j > m[0] && (t[j-1] == '.' || t[j-1] == ',') {
					j--
				}
				return t[m[0]:j], []model.Evidence{s.evAt(m[0], j)}
			}
		}
	}
	return "", nil
}

var (
	reRansomWord = textre.MustCompile(`(?i)\b(?:ransom|extort|lösegeld|erpress|rançon|extorsi|rescate)`)
	// "whether data was accessed", "no evidence ... that emails were
	// accessed": a question or a doubt is no claim.
	reWhetherBefore = textre.MustCompile(`(?i)\b(?:whether|if|no evidence|no indication|no sign)\b[^,;:]*$`)
	reRefusePay     = textre.MustCompile(`(?i)\b(?:not|n't|never|refus\w*)\s+(?:to\s+)?pay\b`)
	// reDataTaken says data was taken or exposed: "stole 245,000
	// records", "customer data was exposed"; not "stolen data", which
	// news writes of any attack ("attackers use stolen passwords").
	reDataTaken = textre.MustCompile(`(?i)\b(?:stole|exfiltrated|leaked|accessed|exposed|dumped)\s+(?:[\w,.$£€-]+\s+){0,5}?(?:data|records|files|documents|information|details|emails|passwords)\b|\b(?:data|records|files|documents|information|details|emails|passwords)\s+(?:[\w-]+\s+){0,3}?(?:was|were|has been|have been|had been)\s+(?:stolen|exfiltrated|leaked|accessed|exposed|dumped)\b`)
)

// currencyWords are the words of money reAmount knows, folded.
var currencyWords = []string{"bitcoin", "btc", "monero", "xmr", "ether", "eth", "dollar", "euro", "pound", "rupee", "ringgit", "dólar", "rm", "rs", "usd", "eur", "gbp"}

// hasCurrency reports whether a text may hold an amount of money: a
// currency sign or word. It spares reAmount most sentences.
func hasCurrency(t string) bool {
	if strings.ContainsAny(t, "$£€") {
		return true
	}
	low := strings.ToLower(t)
	for _, w := range currencyWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// dataAccessed says whether the story reports data accessed: "claimed"
// when a sentence says data was stolen, leaked or reported breached,
// "denied" when the only statements deny it, "disputed" when there are
// both, "unknown" when there is neither. The evidence is the statements,
// claims first.
func (x *extraction) dataAccessed() (string, []model.Evidence) {
	dc := englishDisputes
	if c := cueLangs[x.factLang]; c != nil {
		dc = c.disputes
	}
	var claims, denials []model.Evidence
	hits := x.findFacts(dc.breach)
	if x.factLang == "en" {
		hits = slices.Concat(hits, x.findFacts(reDataTaken))
	}
	for _, h := range hits {
		t := h.s.s.Text
		// "Questions remain about whether personal data was accessed."
		if !dc.negated(t, h.i, h.j) && !hypothetical(t[:h.i]) && !h.s.past() && !reWhetherBefore.MatchString(tail(t[:h.i], 80)) {
			claims = append(claims, h.s.evAt(h.i, h.j))
		}
	}
	for _, h := range x.findFacts(dc.noData) {
		denials = append(denials, h.s.evAt(h.i, h.j))
	}
	claims, denials = dedupEv(claims, 3), dedupEv(denials, 3)
	switch {
	case len(claims) > 0 && len(denials) > 0:
		return "disputed", append(claims, denials...)
	case len(claims) > 0:
		return "claimed", claims
	case len(denials) > 0:
		return "denied", denials
	}
	return "unknown", nil
}

// factHit is a match of a pattern in a sentence read for facts.
type factHit struct {
	s    *sent
	i, j int
}

// findFacts finds a pattern in the sentences read for facts, once per
// pattern. Callers must not append to the answer in place.
func (x *extraction) findFacts(re *textre.Regexp) []factHit {
	if hs, ok := x.factHits[re]; ok {
		return hs
	}
	var hs []factHit
	for _, s := range x.facts {
		for _, loc := range re.FindAllStringIndex(s.s.Text, -1) {
			hs = append(hs, factHit{s, loc[0], loc[1]})
		}
	}
	if x.factHits == nil {
		x.factHits = map[*textre.Regexp][]factHit{}
	}
	x.factHits[re] = hs
	return hs
}

// actors are the threat actors (the names the story says attacked or
// claimed the attack) and the malware it names, each with its sentences.
// Malware must be called so ("the SamSam ransomware", "Android
// Trojan"): the wider signs that keep a tool's name from the victims
// ("tools such as X", "X's code") would list products here.
// A word that names an organisation only because it opens sentences
// ("Ransomware is ...") is neither.
func (x *extraction) actors() []model.Actor {
	var out []model.Actor
	for _, e := range x.ents.all {
		kind := ""
		switch {
		case researchers(e):
			continue
		case (x.attackers[e] || x.bystanders[e] == "malware") && calledMalware(e):
			kind = "malware" // "the Locky operators" are Locky's
		case x.attackers[e]:
			kind = "threat actor"
		default:
			continue
		}
		n := e.name()
		ws := words(n)
		if len(ws) == 1 && commonWordInStory(e) || techTerms[strings.ToLower(n)] || x.people[e] != nil || x.agencies[e] != "" || x.outlets[e] || x.places[e] || regionNames[fold.Key(n)] {
			continue
		}
		// A title before a name ("Russian President ..."), a heading run
		// into the text ("Customer Guidance for WannaCrypt": a word in
		// lower case inside, not "Guardians of Peace"), an adjective
		// ("DNS-changing") or, for malware, a short abbreviation (what
		// it targets or abuses: "ATM", "PHP", "RAT").
		if hasTitleWord(ws) || slices.ContainsFunc(ws[1:], startsLower) || reAdjectiveName.MatchString(n) || kind == "malware" && isAcronym(n) && len(n) <= 4 {
			continue
		}
		out = append(out, model.Actor{Name: n, Kind: kind, Aliases: nonNil(e.aliases()), Evidence: e.evidence(3)})
	}
	slices.SortFunc(out, func(a, b model.Actor) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// calledMalware reports whether the story calls the entity malware: a
// word of malware right after one of its mentions ("SamSam
// ransomware"), or in its name ("Jigsaw Ransomware").
func calledMalware(e *entity) bool {
	n := strings.ToLower(e.name())
	if notMalware[n] {
		return false
	}
	if ws := words(n); len(ws) > 0 && (platformWords[ws[len(ws)-1]] || productHeads[ws[len(ws)-1]]) {
		return false
	}
	for _, r := range e.refs {
		if reCalledMalware.MatchString(r.s.s.Text[r.j:]) || reMalwareName.MatchString(r.text) || reSoftwareDubbed.MatchString(tail(r.s.s.Text[:r.i], 80)) {
			return true
		}
	}
	return false
}

// researchers reports whether the story names the entity as a group of
// researchers ("the anti-malware research group X"), who track attackers
// rather than attack.
func researchers(e *entity) bool {
	for _, r := range e.refs {
		if reResearchersBefore.MatchString(tail(r.s.s.Text[:r.i], 40)) {
			return true
		}
	}
	return false
}

var (
	// reSoftwareDubbed ends the text before a name that software is
	// given: "the software, which they dubbed", "a new strain called".
	reSoftwareDubbed = textre.MustCompile(`(?i)\b(?:software|app|malware|ransomware|trojan|strain|variant|virus|worm|botnet|spyware|backdoor|family)\b[^.;]{0,30}\b(?:dubbed|called|named|known as|identified as)\s+["“']?$`)
	// reResearchersBefore ends the text before a group of researchers.
	reResearchersBefore = textre.MustCompile(`(?i)\b(?:research|researchers?|anti-?malware|antivirus|security)\s+(?:group|team|firm|collective|outfit)\s+(?:of\s+|called\s+|named\s+|known as\s+)?$`)
)

// notMalware are words and tools whose names end like malware's
// ("-crypt", "-locker", "backdoor"): a verb, a certificate authority and
// the disk encryption ransomware abuses.
var notMalware = map[string]bool{"backdoor": true, "decrypt": true, "encrypt": true, "let's encrypt": true, "let’s encrypt": true, "bitlocker": true}

// platformWords are the systems and apps malware is named for when it
// targets or abuses them ("Google Android malware", "PowerShell
// malware", "a WhatsApp virus"): such a name is the platform's, not the
// malware's.
var platformWords = map[string]bool{
	"android": true, "windows": true, "ios": true, "linux": true, "macos": true, "mac": true,
	"powershell": true, "office": true, "word": true, "excel": true, "chrome": true, "firefox": true,
	"whatsapp": true, "wordpress": true, "java": true, "iot": true, "facebook": true, "twitter": true,
}

// reAdjectiveName is an adjective written as a name: "Russian-
// government-linked", "DNS-changing".
var reAdjectiveName = textre.MustCompile(`-(?:linked|backed|sponsored|based|affiliated|\p{Ll}+ing)$`)

// reCalledMalware is reMalwareAfter without "attacks" (a name a story
// calls malware, for the record) and with more kinds of malware.
var reCalledMalware = textre.MustCompile(`^["”]?[’']?s?\s+(?i:` + malwareNouns + `|wiper|infostealer|loader)\b`)

// startsLower reports whether a word starts with a lower-case letter
// and is no joining word of a name ("Guardians of Peace").
func startsLower(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r) && !nameJoiners[w]
}

var nameJoiners = map[string]bool{"of": true, "the": true, "de": true, "du": true, "von": true, "der": true, "&": true}
