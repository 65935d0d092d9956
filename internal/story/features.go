package story

import (
	"math"
	"regexp"
	"slices"
	"strings"
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
// rather than a word's.
func Anchored(k uint32) bool { return k&anchorSpace != 0 }

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

// yearRe finds years; a year before the document's marks a sentence about
// an earlier event.
var yearRe = regexp.MustCompile(`\b(?:19|20)\d\d\b`)

// BagOf extracts the features of a unit: the documents of one dedup
// group. Words are folded, stop words dropped, and stemmed with Snowball
// where it has the language; other languages keep a six-letter prefix
// (a crude stemmer: Snowball has no German, Dutch or Italian here, and a
// prefix catches their inflections well enough for similarity).
func BagOf(docs []*model.Doc) Bag { return bagOf(docs, keyCache{}) }

// keyCache maps a language and a folded word to its word key: Snowball
// stemming is the costliest step, and words repeat.
type keyCache map[[2]string]uint32

func (c keyCache) word(lang string, stem stemmerFuncs, w string) uint32 {
	k := [2]string{lang, w}
	if v, ok := c[k]; ok {
		return v
	}
	v := WordKey(stem.stem(w))
	c[k] = v
	return v
}

func bagOf(docs []*model.Doc, cache keyCache) Bag {
	counts := map[uint32]float64{}
	for _, d := range docs {
		year := 0
		if !d.Published.IsZero() {
			year = d.Published.Year()
		}
		stem := stemmer(d.Lang)
		// The names of the publications a text quotes itself or others
		// through ("told the Harbour Gazette") say nothing about the
		// incident: every article of an outlet shares them.
		outletKeys, outletWords := map[string]bool{}, map[string]bool{}
		for name := range Outlets(d.Text) {
			outletKeys[fold.Key(name)] = true
			for _, w := range strings.Fields(fold.Words(name)) {
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
				for _, w := range strings.Fields(fold.Words(a.Surface)) {
					nameWords[w] = true
				}
			}
		}
		addWords := func(text string, w float64) {
			for _, t := range strings.Fields(fold.Words(text)) {
				if utf8.RuneCountInString(t) < 3 || isDigits(t) || stem.stop(t) || outletWords[t] {
					continue
				}
				if nameWords[t] {
					counts[cache.word(d.Lang, stem, t)] += w * nameWordWeight
					continue
				}
				counts[cache.word(d.Lang, stem, t)] += w
			}
		}
		addWords(d.Title, titleCount)
		past := make([]bool, len(d.Sentences))
		for i, s := range d.Sentences {
			past[i] = isPast(s.Text, year)
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

// isPast reports whether a sentence is about an earlier event.
func isPast(s string, year int) bool {
	if pastRe.MatchString(s) {
		return true
	}
	if year == 0 {
		return false
	}
	for _, y := range yearRe.FindAllString(s, -1) {
		if atoi(y) < year {
			return true
		}
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
