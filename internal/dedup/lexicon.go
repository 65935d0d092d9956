package dedup

import (
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"

	"github.com/casefile/casefile/internal/dict"
	"github.com/casefile/casefile/internal/model"
)

// Dictionary keys. Translations of texts without names or numbers (a
// short post, a notice) share no cross-language key; their content words
// do translate into each other. Lexicons maps each content word of a
// language to English stems through the FreeDict dictionaries Debian
// installs under /usr/share/dictd (dict-freedict-deu-eng and the like):
// the language's own X-eng dictionary, looked up word by word, and the
// eng-X dictionary read backwards. English is the pivot, so German and
// French meet through English too. A language without a dictionary gets
// no dictionary keys, and pairs involving it are scored as without
// dictionaries.

// iso3 maps the language codes of model.Doc to FreeDict's.
var iso3 = map[string]string{
	"de": "deu", "fr": "fra", "hr": "hrv", "ru": "rus", "ja": "jpn", "uk": "ukr",
	"it": "ita", "es": "spa", "nl": "nld", "pl": "pol", "pt": "por", "sv": "swe",
	"cs": "ces", "fi": "fin", "el": "ell", "tr": "tur", "hu": "hun", "da": "dan",
	"sr": "srp", "bg": "bul", "zh": "zho", "ko": "kor",
}

// Lexicons opens, once per language and lazily, the dictionaries of a
// directory. It is safe for concurrent use.
type Lexicons struct {
	dir   string
	mu    sync.Mutex
	langs map[string]*lexicon
}

// NewLexicons returns the dictionaries of dir ("" for none).
func NewLexicons(dir string) *Lexicons {
	return &Lexicons{dir: dir, langs: map[string]*lexicon{}}
}

// defaultLexicons are those of dict.Dir(), shared by the process.
var defaultLexicons = sync.OnceValue(func() *Lexicons { return NewLexicons(dict.Dir()) })

// lexicon maps the words of one language to English stems.
type lexicon struct {
	lang    string
	english bool
	fwd     *dict.Dict          // lang-eng, looked up word by word
	inv     map[string][]string // from eng-lang: folded word → English translations
	stem    func(string) string // the language's Snowball stemmer, or nil
	segment bool                // no spaces between words: match headwords

	mu   sync.Mutex
	memo map[string][]string // folded word → English stems
}

// memoWords bounds a lexicon's memo; past it words are looked up anew.
const memoWords = 1 << 18

// get returns the lexicon of lang, opening its dictionaries on first use;
// nil when the language has none.
func (ls *Lexicons) get(lang string) *lexicon {
	if ls == nil || ls.dir == "" {
		return nil
	}
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if l, ok := ls.langs[lang]; ok {
		return l
	}
	l := ls.open(lang)
	ls.langs[lang] = l
	return l
}

// open loads lang's dictionaries; English needs none but is only a
// pivot when some other language has one.
func (ls *Lexicons) open(lang string) *lexicon {
	if lang == "en" {
		return &lexicon{lang: lang, english: true, memo: map[string][]string{}}
	}
	code, ok := iso3[lang]
	if !ok {
		return nil
	}
	start := time.Now()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	l := &lexicon{lang: lang, memo: map[string][]string{}, segment: lang == "ja" || lang == "zh"}
	switch lang {
	case "fr":
		l.stem = func(w string) string { return french.Stem(w, false) }
	case "ru":
		l.stem = func(w string) string { return russian.Stem(w, false) }
	case "es":
		l.stem = func(w string) string { return spanish.Stem(w, false) }
	case "sv":
		l.stem = func(w string) string { return swedish.Stem(w, false) }
	case "hu":
		l.stem = func(w string) string { return hungarian.Stem(w, false) }
	}
	fwd := "freedict-" + code + "-eng"
	if exists(filepath.Join(ls.dir, fwd+".index")) {
		// Text is looked up word by word: phrases are left out of
		// the index (a third of deu-eng's).
		d, err := dict.OpenName(ls.dir, fwd, func(h string) bool { return !strings.ContainsAny(h, " -") })
		if err != nil {
			slog.Warn("dedup: dictionary left out", "err", err)
		} else {
			l.fwd = d
		}
	}
	// The English-X dictionary is read backwards (whole, so it costs
	// time and memory in proportion to its size) only where the X-English
	// one is missing or thin: fra-eng has 8,500 headwords and eng-fra
	// adds inflected forms and senses, while deu-eng's 520,000 leave
	// little for eng-deu (100 MB inflated) to add.
	inv := "freedict-eng-" + code
	if exists(filepath.Join(ls.dir, inv+".index")) && !l.segment && (l.fwd == nil || l.fwd.Len() < thinDict) {
		if m, err := invert(ls.dir, inv); err != nil {
			slog.Warn("dedup: dictionary left out", "err", err)
		} else {
			l.inv = m
		}
	}
	if l.fwd == nil && l.inv == nil {
		return nil
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	slog.Debug("dedup: dictionaries loaded", "lang", lang, "elapsed", time.Since(start),
		"heap_growth_mb", float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6)
	return l
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// invert reads an English-X dictionary into X word → English words.
// Only one-word translations are kept: they are what text lookup finds.
func invert(dir, name string) (map[string][]string, error) {
	d, err := dict.OpenName(dir, name, func(h string) bool { return !strings.Contains(h, " ") })
	if err != nil {
		return nil, err
	}
	defer d.Close()
	m := map[string][]string{}
	err = d.Each(func(head string, ts []string) {
		for _, t := range ts {
			if strings.Contains(t, " ") || len(m[t]) >= maxSenses {
				continue
			}
			m[t] = append(m[t], head)
		}
	})
	return m, err
}

// thinDict is the headword count below which a X-English dictionary is
// complemented by the English-X one read backwards.
const thinDict = 200_000

// maxSenses bounds the English words kept per word: dictionaries list
// the common senses first, and the tail ("attack" → "whammy") links
// unrelated texts.
const maxSenses = 6

// pivot returns the English stems of a folded word; none for stop
// words and words the dictionaries lack. prepare fills the memo for
// many words at once; pivot looks up the rest one by one.
func (l *lexicon) pivot(w string) []string {
	l.mu.Lock()
	s, ok := l.memo[w]
	l.mu.Unlock()
	if ok {
		return s
	}
	return l.prepare([]string{w})[w]
}

// prepare translates words not yet in the memo. Each word is looked up
// as written, else as another headword with its stem (the language's
// Snowball stemmer) or, for languages without one, with up to three
// final letters dropped (an inflection: "napada" → "napad"). The entries
// are then read in one pass over the dictionary (dict.LookupAll). It
// returns the stems of the words it translated, kept in the memo while
// the memo has room.
func (l *lexicon) prepare(words []string) map[string][]string {
	l.mu.Lock()
	heads := map[string][]string{}
	for _, w := range words {
		if _, ok := l.memo[w]; ok || heads[w] != nil {
			continue
		}
		heads[w] = l.headwords(w)
	}
	l.mu.Unlock()
	var all []string
	for _, hs := range heads {
		all = append(all, hs...)
	}
	var entries map[string][]string
	if l.fwd != nil {
		var err error
		if entries, err = l.fwd.LookupAll(all); err != nil {
			slog.Warn("dedup: dictionary lookup", "err", err)
		}
	}
	out := make(map[string][]string, len(heads))
	for w, hs := range heads {
		if l.english {
			out[w] = nil
			if !english.IsStopWord(w) {
				if s := english.Stem(w, false); len(s) >= 2 {
					out[w] = []string{s}
				}
			}
			continue
		}
		var ts []string
		for _, h := range hs {
			ts = append(ts, entries[h]...)
			ts = append(ts, l.inv[h]...)
		}
		out[w] = englishStems(ts)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for w, s := range out {
		if len(l.memo) >= memoWords {
			break
		}
		l.memo[w] = s
	}
	return out
}

// headwords are the headwords that translate w: w itself, else one
// sharing its stem or a prefix of it; empty, not nil, for English or a
// miss (nil marks a word not yet seen in prepare).
func (l *lexicon) headwords(w string) []string {
	if l.english {
		return []string{} // not nil: marks w as seen
	}
	has := func(h string) bool { return l.fwd != nil && l.fwd.Has(h) || l.inv[h] != nil }
	if has(w) {
		return []string{w}
	}
	if l.segment {
		return []string{}
	}
	if l.stem != nil {
		s := l.stem(w)
		if s == w {
			return []string{}
		}
		if l.inv[s] != nil {
			return []string{s}
		}
		if l.fwd != nil {
			for _, h := range l.fwd.WithPrefix(s, 8) {
				if l.stem(h) == s {
					return []string{h}
				}
			}
		}
		return []string{}
	}
	rs := []rune(w)
	for cut := 1; cut <= 3 && len(rs)-cut >= 4; cut++ {
		if t := string(rs[:len(rs)-cut]); has(t) {
			return []string{t}
		}
	}
	return []string{}
}

// englishStems reduces translations to the stems of their content words,
// the first maxSenses of them.
func englishStems(ts []string) []string {
	var out []string
	for _, t := range ts {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) < 3 || english.IsStopWord(w) || notWords[w] {
				continue
			}
			s := english.Stem(w, false)
			if len(s) < 2 || contains(out, s) {
				continue
			}
			out = append(out, s)
			if len(out) == maxSenses {
				return out
			}
		}
	}
	return out
}

// notWords are placeholders of dictionary phrases ("to help sb with sth").
var notWords = map[string]bool{"sth": true, "sb": true, "smth": true, "smb": true, "esp": true, "etc": true, "something": true, "someone": true, "somebody": true}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// words returns the folded content words of text the lexicon may
// translate, in text order: words of three letters or more, or, in
// Chinese and Japanese, the dictionary's headwords found in the text.
func (l *lexicon) words(text string) []string {
	var out []string
	add := func(w string) { out = append(out, w) }
	text = dict.Fold(text)
	if l.segment {
		l.segmentWords(text, add)
		return out
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(w) >= 3 {
			add(w)
		}
	}
	return out
}

// maxSegment is the longest headword tried when segmenting, in runes.
const maxSegment = 8

// segmentWords splits runs of Chinese or Japanese script into the
// longest headwords of the dictionary, left to right, and passes on
// those with a kanji or katakana (runs of hiragana alone are particles
// and endings). Latin words in the text are passed on too.
func (l *lexicon) segmentWords(text string, fn func(string)) {
	if l.fwd == nil {
		return
	}
	rs := []rune(text)
	for i := 0; i < len(rs); {
		if !cjkScript(rs[i]) {
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) && !cjkScript(rs[j]) {
				j++
			}
			if j-i >= 3 {
				fn(string(rs[i:j]))
			}
			i = max(j, i+1)
			continue
		}
		n := 0
		for k := min(len(rs)-i, maxSegment); k >= 2; k-- {
			if !allCJK(rs[i : i+k]) {
				continue
			}
			if l.fwd.Has(string(rs[i : i+k])) {
				n = k
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		if w := rs[i : i+n]; !allHiragana(w) {
			fn(string(w))
		}
		i += n
	}
}

func cjkScript(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー' || r == '々'
}

func allCJK(rs []rune) bool {
	for _, r := range rs {
		if !cjkScript(r) {
			return false
		}
	}
	return true
}

func allHiragana(rs []rune) bool {
	for _, r := range rs {
		if !unicode.Is(unicode.Hiragana, r) {
			return false
		}
	}
	return true
}

// lexiconsFor returns the lexicon of each language of docs that has a
// dictionary and another such language among docs to meet: none for a
// corpus in one language, so that same-language work never pays for
// dictionaries.
func lexiconsFor(docs []model.Doc, opt Options) map[string]*lexicon {
	if opt.NoDictionaries {
		return nil
	}
	ls := opt.Lexicons
	if ls == nil {
		ls = defaultLexicons()
	}
	if ls.dir == "" {
		return nil
	}
	langs := map[string]bool{}
	for _, d := range docs {
		langs[d.Lang] = true
	}
	if len(langs) < 2 {
		return nil
	}
	out := map[string]*lexicon{}
	for lang := range langs {
		if l := ls.get(lang); l != nil {
			out[lang] = l
		}
	}
	if !pivots(out) {
		return nil
	}
	return out
}

// pivots tells whether lexicons can meet: two languages or more, one of
// them not English (English is only the pivot; alone it meets nothing).
func pivots(lex map[string]*lexicon) bool {
	if len(lex) < 2 {
		return false
	}
	for _, l := range lex {
		if !l.english {
			return true
		}
	}
	return false
}

// minCoverage is the least share of a language's content words (in the
// documents being linked) its dictionaries must translate for their keys
// to count. The FreeDict dictionaries translate 65% to 90% of the words
// of German, French, Croatian and Japanese news; eng-rus, 1,700 words
// read backwards, 9% of Russian: keys that sparse score a translation
// no higher than an unrelated text and only add noise.
const minCoverage = 0.3
