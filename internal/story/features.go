package story

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// Term is one weighted feature of a document or story: a stemmed word
// or an anchor (name, acronym, CVE id), hashed.
type Term struct {
	Key uint32
	W   float32
}

// Bag is a unit's raw features before IDF weighting: term → weighted
// count, sorted by key. Words and anchors live in separate key spaces.
type Bag []Term

// Features of a unit of text, as the assigner needs them.
type Features struct {
	Bag Bag
	// Day is the publication day (days since the Unix epoch), or NoDay.
	Day int32
	// Langs has the LangBit of each language of the unit: words are
	// compared only between units and stories that share a language.
	Langs uint64
}

// LangBit is a language's bit in Features.Langs.
func LangBit(lang string) uint64 { return 1 << (hash(lang) % 64) }

// NoDay marks an undated unit.
const NoDay = math.MinInt32

// Feature spaces: the top two bits of a key say what a term is.
const (
	wordSpace    = 0x00000000 // stemmed words
	anchorSpace  = 0x80000000 // names, acronyms, CVE ids
	salientSpace = 0xC0000000 // anchors in the title or lead, or named three times
	victimSpace  = 0x40000000 // names a text reports as attacked (see victims) and CVE ids it names; not weighed
	spaceMask    = 0xC0000000
	numSpaces    = 3
)

// space returns the index of a key's feature space.
func space(k uint32) int {
	switch k & spaceMask {
	case anchorSpace:
		return 1
	case salientSpace:
		return 2
	}
	return 0
}

// Anchored reports whether k is an anchor's key (plain or salient)
// rather than a word's or a victim's.
func Anchored(k uint32) bool { return k&anchorSpace != 0 }

// IsVictim reports whether k is a victim's key: a name a text reports
// as the target of an attack, or a CVE id it names (see VictimKey): what
// identifies an incident across months. Victim keys ride in a Bag but
// never in a weighted vector.
func IsVictim(k uint32) bool { return k&spaceMask == victimSpace && k != renewKey }

// renewKey marks, in the victim space, a unit whose title or lead
// reports another attack on its victim ("hit again", "a second
// breach"): a story holding one is not linked across months to an
// earlier story through their victims.
const renewKey = victimSpace | 1

// VictimKey is the key of a name reported as the target of an attack,
// or of a CVE id, spaces not counting (see AnchorKey).
func VictimKey(key string) uint32 { return victimSpace | hashCompact(key)&^spaceMask }

// WordKey is the key of a stemmed word.
func WordKey(stem string) uint32 { return wordSpace | hash(stem)&^spaceMask }

// AnchorKey is the key of an anchor's folded key. Spaces do not count:
// a name is written run together or apart ("WannaCry", "Wanna Cry";
// "EFAIL", "E-Fail", which folds to "e fail").
func AnchorKey(key string) uint32 { return anchorSpace | hashCompact(key)&^spaceMask }

// SalientKey is the key of a salient anchor's folded key, spaces not
// counting (see AnchorKey).
func SalientKey(key string) uint32 { return salientSpace | hashCompact(key)&^spaceMask }

const (
	// titleCount is how many times a title word counts.
	titleCount = 2
	// pastWeight is how much a word or anchor counts in a sentence about
	// an earlier event ("a cyberattack last year on Capita").
	pastWeight = 0.2
	// pastAnchorWeight is how much a name counts there: nothing, as
	// per-space normalisation would otherwise let a report made of its
	// own (unmatched) names plus a few recalled ones match the older
	// story on those alone.
	pastAnchorWeight = 0.0
	// anchorBoost multiplies anchor counts.
	anchorBoost = 2
	// salientCount is how much an anchor of the title or the lead, or
	// one named three times, counts in the salient space.
	salientCount = 2
)

// nameWordWeight is how much a word of a name counts as a word.
const nameWordWeight = 0.5

// pastRe finds sentences about earlier events, whose names must not tie
// a report to the story of that earlier event.
var pastRe = textre.MustCompile(`(?i)\b(?:last year|years? ago|(?:months|decades) ago|in the past|previous(?:ly)? (?:attacks?|breach(?:es)?|incidents?|hacks?)|earlier (?:attacks?|breach(?:es)?|incidents?|hacks?)|reminiscent of|similar to|letztes Jahr|vergangenen Jahr|vor (?:einem|zwei|drei) Jahren|l'an dernier|l'année dernière|el año pasado|l'anno scorso)\b`)

// BagOf extracts the features of a unit: the documents of one dedup
// group. Words are folded, stop words dropped, and stemmed with Snowball
// where it has the language; other languages keep a six-letter prefix
// (a crude stemmer: Snowball has no German, Dutch or Italian here, and a
// prefix catches their inflections well enough for similarity).
func BagOf(docs []*model.Doc) Bag { return bagOf(docs, nil) }

// stemKeys keeps recent word keys by language and folded word: Snowball
// stemming is the costliest step of a bag, words repeat across
// documents, and a bag is made several times per document on the
// incremental path. Slots are picked by a hash of the language and the
// word; an entry holds both, so a hit is always right whatever the
// slot. Its memory is bounded by its slots.
var stemKeys [stemSlots]atomic.Pointer[stemEntry]

const stemSlots = 1 << 15

type stemEntry struct {
	lang, word string
	key        uint32
}

// wordKey returns the word key of folded word w of language lang
// (WordKey of its stem).
func wordKey(lang string, stem stemmerFuncs, w string) uint32 {
	h := hash(w)
	for i := 0; i < len(lang); i++ {
		h = (h ^ uint32(lang[i])) * 16777619
	}
	slot := &stemKeys[h%stemSlots]
	if e := slot.Load(); e != nil && e.word == w && e.lang == lang {
		return e.key
	}
	k := WordKey(stem.stem(w))
	// w is often a slice of a whole folded text: the entry keeps a copy.
	slot.Store(&stemEntry{lang: lang, word: strings.Clone(w), key: k})
	return k
}

// bagOf is BagOf; with outlets (as long as docs) it also sets the
// Outlets of each document's text there.
func bagOf(docs []*model.Doc, outlets []map[string]int) Bag {
	counts := map[uint32]float64{}
	for di, d := range docs {
		year := 0
		if !d.Published.IsZero() {
			year = d.Published.Year()
		}
		stem := stemmer(d.Lang)
		// The names of the publications a text quotes itself or others
		// through ("told the Harbour Gazette") say nothing about the
		// incident: every article of an outlet shares them.
		outletKeys, outletWords := map[string]bool{}, map[string]bool{}
		canon, canonOK := canonText(d.Text)
		names := outletCounts(d.Text, canon, canonOK)
		if outlets != nil {
			outlets[di] = names
		}
		for name := range names {
			outletKeys[fold.Key(name)] = true
			for w := range strings.FieldsSeq(fold.Words(name)) {
				outletWords[w] = true
			}
		}
		// Words of names count as anchors only, so that one shared name
		// is one shared term.
		// Words of names count less as words: the name counts as an
		// anchor already.
		nameWords := map[string]bool{}
		for _, a := range d.Anchors {
			if a.Kind == model.AnchorName || a.Kind == model.AnchorAcronym {
				for w := range strings.FieldsSeq(fold.Words(a.Surface)) {
					nameWords[w] = true
				}
			}
		}
		addWords := func(text string, w float64) {
			for t := range strings.FieldsSeq(fold.Words(text)) {
				if utf8.RuneCountInString(t) < 3 || isDigits(t) || stem.stop(t) || outletWords[t] {
					continue
				}
				if nameWords[t] {
					counts[wordKey(d.Lang, stem, t)] += w * nameWordWeight
					continue
				}
				counts[wordKey(d.Lang, stem, t)] += w
			}
		}
		addWords(d.Title, titleCount)
		past := pastSentences(d, year, canon, canonOK)
		for i, s := range d.Sentences {
			w := 1.0
			if past[i] {
				w = pastWeight
			}
			addWords(s.Text, w)
		}
		si := 0
		for _, a := range d.Anchors {
			if a.Kind != model.AnchorName && a.Kind != model.AnchorAcronym {
				continue
			}
			if utf8.RuneCountInString(a.Key) < 3 || outletKeys[a.Key] {
				continue
			}
			for si < len(d.Sentences) && d.Sentences[si].End <= a.Start {
				si++
			}
			w := float64(anchorBoost)
			if si < len(d.Sentences) && past[si] {
				w *= pastAnchorWeight
			}
			counts[AnchorKey(a.Key)] += w
		}
		{
			title := " " + fold.Key(d.Title) + " "
			mentions := map[string]int{}
			salient := map[string]bool{}
			lead := 0
			if len(d.Sentences) > 1 {
				lead = d.Sentences[1].End
			} else if len(d.Sentences) == 1 {
				lead = d.Sentences[0].End
			}
			for _, a := range d.Anchors {
				if (a.Kind != model.AnchorName && a.Kind != model.AnchorAcronym) || utf8.RuneCountInString(a.Key) < 3 || outletKeys[a.Key] {
					continue
				}
				mentions[a.Key]++
				if a.End <= lead || strings.Contains(title, " "+a.Key+" ") {
					salient[a.Key] = true
				}
			}
			for k, n := range mentions {
				if n >= 3 {
					salient[k] = true
				}
			}
			for k := range salient {
				counts[SalientKey(k)] += salientCount
			}
		}
		victims, renewed := victimsOf(d, past, outletKeys)
		for _, k := range victims {
			counts[VictimKey(k)]++
		}
		// A CVE id names one flaw: a report on its exploitation weeks
		// after its disclosure is about it, as a report on a victim
		// months after the attack is (see AssignOptions.VictimDays).
		for _, k := range cvesOf(d, past) {
			counts[VictimKey(k)]++
		}
		if renewed {
			counts[renewKey]++
		}
		title := " " + fold.Key(d.Title) + " "
		seen := map[string]bool{}
		for _, a := range d.Anchors {
			if (a.Kind == model.AnchorName || a.Kind == model.AnchorAcronym) && !seen[a.Key] && !outletKeys[a.Key] && strings.Contains(title, " "+a.Key+" ") {
				seen[a.Key] = true
				counts[AnchorKey(a.Key)] += anchorBoost * titleCount
			}
		}
	}
	bag := make(Bag, 0, len(counts))
	for k, c := range counts {
		bag = append(bag, Term{Key: k, W: float32(math.Log1p(c))})
	}
	slices.SortFunc(bag, func(a, b Term) int { return cmpU32(a.Key, b.Key) })
	return bag
}

// analyzeTitle returns the anchor keys of a document's title: analyze
// finds anchors in the clean text only.
func analyzeTitle(d *model.Doc) []string {
	var out []string
	for _, w := range strings.Fields(d.Title) {
		w = strings.Trim(w, `"'‘’“”«»()[]:;,.!?|`)
		r, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) >= 3 && isUpperRune(r) && !isLowerTitleWord(w) {
			out = append(out, fold.Key(w))
		}
	}
	return out
}

// pastSentences reports for each sentence of d whether it is about an
// earlier event (isPast), year being d's; canon and canonOK are
// canonText of d.Text.
func pastSentences(d *model.Doc, year int, canon string, canonOK bool) []bool {
	past := make([]bool, len(d.Sentences))
	// Sentences that are pieces of the text (as analyze makes them) are
	// checked for pastRe's literals by one search of the whole text
	// (see literalHits).
	var hits *literalHits
	if canonOK {
		hits = newLiteralHits(canon, pastRe.Literals())
	}
	// Sentence bounds count code points; the byte offset of code point
	// r is at, read forwards as sentences follow one another.
	r, at := 0, 0
	for i, s := range d.Sentences {
		piece := false
		var lo, hi int
		if hits != nil && s.Start >= 0 && s.Start <= s.End {
			if s.Start < r {
				r, at = 0, 0
			}
			for r < s.Start && at < len(d.Text) {
				_, n := utf8.DecodeRuneInString(d.Text[at:])
				r, at = r+1, at+n
			}
			lo, hi = at, at+len(s.Text)
			piece = r == s.Start && hi <= len(d.Text) && d.Text[lo:hi] == s.Text
		}
		if piece {
			past[i] = hits.within(lo, hi) && pastRe.Regexp.MatchString(s.Text) || year != 0 && earlierYear(s.Text, year)
		} else {
			past[i] = isPast(s.Text, year)
		}
	}
	return past
}

// isPast reports whether a sentence is about an earlier event.
func isPast(s string, year int) bool {
	if pastRe.MatchString(s) {
		return true
	}
	return year != 0 && earlierYear(s, year)
}

// earlierYear reports whether s names a year before year: a year
// before the document's marks a sentence about an earlier event. A year
// is a whole run of ASCII word characters made of four digits starting
// with 19 or 20 (what `\b(?:19|20)\d\d\b` matches; TestEarlierYear
// compares).
func earlierYear(s string, year int) bool {
	word := func(c byte) bool {
		return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
	}
	for i := 0; i < len(s); {
		if !word(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && word(s[j]) {
			j++
		}
		if y := s[i:j]; len(y) == 4 && (y[:2] == "19" || y[:2] == "20") && isDigits(y) && atoi(y) < year {
			return true
		}
		i = j
	}
	return false
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isUpperRune(r rune) bool {
	return r >= 'A' && r <= 'Z' || r > 127 && strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
}

// isLowerTitleWord tells common title-case words from names: in English
// headlines every word is capitalised.
func isLowerTitleWord(w string) bool { return english.IsStopWord(strings.ToLower(w)) }

// hash is 32-bit FNV-1a (inlined: hash/fnv allocates per call).
func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// hashCompact is hash of s with its spaces left out.
func hashCompact(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			continue
		}
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func cmpU32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type stemmerFuncs struct {
	stem func(string) string
	stop func(string) bool
}

// stemmer returns the stemmer and stop-word test for a language.
func stemmer(lang string) stemmerFuncs {
	switch lang {
	case "en":
		return stemmerFuncs{func(w string) string { return english.Stem(w, false) }, english.IsStopWord}
	case "fr":
		return stemmerFuncs{func(w string) string { return french.Stem(w, false) }, french.IsStopWord}
	case "es":
		return stemmerFuncs{func(w string) string { return spanish.Stem(w, false) }, spanish.IsStopWord}
	case "ru":
		return stemmerFuncs{func(w string) string { return russian.Stem(w, false) }, russian.IsStopWord}
	case "sv":
		return stemmerFuncs{func(w string) string { return swedish.Stem(w, false) }, swedish.IsStopWord}
	case "no", "nb", "nn":
		return stemmerFuncs{func(w string) string { return norwegian.Stem(w, false) }, norwegian.IsStopWord}
	case "hu":
		return stemmerFuncs{func(w string) string { return hungarian.Stem(w, false) }, hungarian.IsStopWord}
	}
	// Without a stop-word list, short words are mostly function words
	// ("der", "und", "het", "che").
	return stemmerFuncs{prefix6, func(w string) bool { return len(w) <= 3 }}
}

func prefix6(w string) string {
	n := 0
	for i := range w {
		if n == 6 {
			return w[:i]
		}
		n++
	}
	return w
}

// Victim contexts: a name just after "attack on", "hackers hit",
// "demands ... from", "shut down", or just before "hit by", "was
// breached", "'s network", "data breach". A story's victims let a
// report months later (an indictment, a settlement, a cost estimate)
// join the story of the attack it is about (see AssignOptions.VictimDays).
var (
	victimBefore = textre.MustCompile(`(?i)(?:\b(?:cyber[- ]?attacks?|attacks?|breach(?:es)?|hacks?|hacking|intrusions?|ransomware|infections?|outages?) (?:on|against|at|of|in|hitting|targeting|affecting|crippling)|\b(?:hit|hits|struck|strikes|targeted|targets|targeting|attacked|attacks|breached|breaches|infiltrated|compromised|seized|seize|seizes|crippled|cripples|paralyz\w+|paralys\w+|infected|infects|hijacked|hijacks|extorted|extorts|shuts? down|shut down|locks? down|locked down|knocked out|knocks out|took down|takes down)|\b(?:hacked|hacking|broke|breaking|broken) into|\b(?:stole|stolen|taken|leaked|demands?|demanded|demanding|extorted) (?:[\w$€£,.-]+ ){0,4}from) (?:the )?(?:(?:city|county|town|state|government|council|university|people|customers|users|staff|employees|computers|systems|network) of (?:the )?)?$`)
	victimAfter  = textre.MustCompile(`(?i)^(?:[’']s?)?(?:\s+(?:was|were|has been|have been|had been|is|are|got)(?:\s+(?:also|reportedly|first|again))?\s+(?:hit|struck|targeted|crippled|compromised|breached|hacked|attacked|infected|paralyz\w+|paralys\w+|shut down|held (?:to|for) ransom|the victim|a victim|the target)\b|\s+(?:hit|struck|targeted|crippled|hacked|attacked|infected|paralyz\w+|paralys\w+) by\b|\s+(?:(?:has|have|had)\s+)?(?:suffered|suffers|disclosed|discloses|confirmed|confirms|reported|reports|experienced|fell victim to|falls victim to)\s+(?:a |an |the )?(?:[\w-]+ ){0,2}(?:breach|attack|hack|intrusion|incident|ransomware)|[’']s?\s+(?:[\w-]+\s+){0,2}(?:systems?|networks?|servers?|computers?|websites?|databases?)\b|(?:\s+[\p{L}-]+){0,2}\s+(?:(?:ransomware|cyber|data|security|computer|network|email|e-mail)[- ]?)?(?:attack|breach|hack|intrusion)\b)`)
	// newIncident marks a title or lead reporting another attack on a
	// victim ("hit again", "again targeted", "a second breach"): its
	// victims are not taken as the earlier incident's. "Again" counts
	// only beside a word of attack: "never see your files again" or
	// "is again warning users" report nothing new.
	newIncident = textre.MustCompile(`(?i)\b(?:(?:hit|hits|struck|strikes|targeted|targets|attacked|breached|hacked|compromised|infected|blackmailed|extorted|stealing|steals|stole|leaking|leaked|down|offline|victimi[sz]ed)\s+(?:[\w-]+\s+){0,3}?(?:again|anew)|(?:again|anew)\s+(?:been\s+)?(?:hit|struck|targeted|attacked|breached|hacked|compromised|infected|blackmailed|extorted|fell victim|falls victim|the (?:target|victim)|a (?:target|victim))|(?:second|another|new|fresh|third|renewed|latest|repeat(?:ed)?) (?:[\w-]+ ){0,2}(?:cyber[- ]?attack|attack|breach|hack|incident|intrusion|outage)s?)\b`)
)

// victimBeforeBack and readerOwnBack are victimBefore and readerOwn
// matching text read backwards.
var victimBeforeBack, readerOwnBack = reversed(victimBefore.Regexp), reversed(readerOwn)

// victimAfterParts is victimAfter as expressions small enough for
// backtracking (see splitRegexp).
var victimAfterParts = split(victimAfter.Regexp)

// readerOwn ends just before a name that is the reader's own account
// or device ("how to tell if your Snapchat has been hacked"): a how-to
// or a warning, not an attack on the company.
var readerOwn = regexp.MustCompile(`(?i)\b(?:your|my)\s+$`)

// victimContext is how far before or after a name its victim cue may
// be, in code points.
const victimContext = 80

// victimsOf returns the folded keys of the names d reports as attacked,
// in its title or in a sentence not about an earlier event (past). A
// text whose title or lead reports another attack ("hit again") has
// none, and renewed is true: it is a new incident, not a report on the
// earlier one.
func victimsOf(d *model.Doc, past []bool, outletKeys map[string]bool) (victims []string, renewed bool) {
	lead := d.Title
	if len(d.Sentences) > 0 {
		lead += " " + d.Sentences[0].Text
	}
	if newIncident.MatchString(lead) {
		return nil, true
	}
	var out []string
	seen := map[string]bool{}
	var buf []byte
	is := func(text []rune, start, end int) bool {
		// The cues before a name end where it starts: they are
		// matched backwards, on the text before the name read
		// backwards (see reversed).
		buf = backwards(buf[:0], text[max(0, start-victimContext):start])
		n := 0 // bytes of the last 8 code points before the name
		for i := 0; i < 8 && n < len(buf); i++ {
			_, w := utf8.DecodeRune(buf[n:])
			n += w
		}
		if readerOwnBack.Match(buf[:n]) {
			return false
		}
		if victimBeforeBack.Match(buf) {
			return true
		}
		// The cues after a name start where it ends: anchored, they
		// fail at once on most text, cheaper than textre's search for
		// their literals.
		buf = appendRunes(buf[:0], text[end:min(len(text), end+victimContext)])
		return victimAfterParts.Match(buf)
	}
	text, title := []rune(d.Text), []rune(d.Title)
	si := 0
	for _, a := range d.Anchors {
		if a.Kind != model.AnchorName && a.Kind != model.AnchorAcronym {
			continue
		}
		for si < len(d.Sentences) && d.Sentences[si].End <= a.Start {
			si++
		}
		if seen[a.Key] || utf8.RuneCountInString(a.Key) < 3 || outletKeys[a.Key] || si < len(d.Sentences) && past[si] {
			continue
		}
		if a.Start >= 0 && a.End <= len(text) && a.Start <= a.End && is(text, a.Start, a.End) {
			seen[a.Key] = true
			out = append(out, a.Key)
		}
	}
	for _, a := range d.Anchors {
		if a.Kind != model.AnchorName && a.Kind != model.AnchorAcronym || seen[a.Key] || a.Surface == "" || outletKeys[a.Key] || utf8.RuneCountInString(a.Key) < 3 {
			continue
		}
		if i := strings.Index(d.Title, a.Surface); i >= 0 {
			if i = utf8.RuneCountInString(d.Title[:i]); !is(title, i, i+utf8.RuneCountInString(a.Surface)) {
				continue
			}
			seen[a.Key] = true
			out = append(out, a.Key)
		}
	}
	return out, false
}

// cveRe matches the folded key of a CVE id.
var cveRe = regexp.MustCompile(`^cve \d{4} \d{4,}$`)

// cvesOf returns the folded keys of the CVE ids d names outside
// sentences about earlier events: they ride with the victims' keys.
func cvesOf(d *model.Doc, past []bool) []string {
	var out []string
	si := 0
	for _, a := range d.Anchors {
		if a.Kind != model.AnchorAcronym || !cveRe.MatchString(a.Key) {
			continue
		}
		for si < len(d.Sentences) && d.Sentences[si].End <= a.Start {
			si++
		}
		if si < len(d.Sentences) && past[si] || slices.Contains(out, a.Key) {
			continue
		}
		out = append(out, a.Key)
	}
	return out
}
