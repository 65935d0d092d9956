package dedup

import (
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/casefile/casefile/internal/fold"
)

// Cross-language keys. A translation keeps the names, acronyms and
// numbers of its original, but spells names in its own script and
// grammar: "Freiburg"/"Fribourg", "Zagreb"/"Zagrebu", "Москва"/"Moscow",
// "バイデン"/"Biden". crossKeys reduces every such token to a key
// that the spellings share: the token is transliterated to Latin letters
// (Cyrillic and katakana by the tables below), folded, and reduced to a
// consonant skeleton (first letter, then consonants, with the letters
// that transliterations confuse merged). Two keys come from each word:
// the first three letters of the skeleton (exonyms and inflections:
// "Douvres"/"Dover" → "dvr") and the whole skeleton (exact agreement
// counts twice). Numbers are their digits. No library does this
// reduction across scripts, so it is written here.

// keyKind prefixes keys so that a number never meets a word.
const (
	keyNum   = '#'
	keyShort = '~'
	keyLong  = '='
	keyDict  = '@' // an English stem from a dictionary (lexicon.go)
)

// crossKey is one key with the folded word or number it comes from.
type crossKey struct{ key, surface string }

// crossKeys returns the keys of text in text order. When names is not
// nil, capitalised words count only if their folded form is in it (German
// capitalises every noun; analyze tells names from nouns).
func crossKeys(text string, names map[string]bool) []crossKey {
	if !asciiOnly(text) { // ASCII is in NFKC already
		text = norm.NFKC.String(text) // full-width digits and letters to ASCII
	}
	var out []crossKey
	rs := []rune(text)
	sentenceStart := true
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			d := strings.TrimLeft(string(rs[i:j]), "0")
			if d == "" {
				d = "0"
			}
			out = append(out, crossKey{string(keyNum) + d, d})
			sentenceStart = false
			i = j
		case isKatakana(r):
			j := i
			for j < len(rs) && isKatakana(rs[j]) {
				j++
			}
			if j-i >= 2 {
				out = appendWordKeys(out, katakanaLatin(rs[i:j]), string(rs[i:j]))
			}
			sentenceStart = false
			i = j
		case unicode.IsLetter(r) && (unicode.Is(unicode.Latin, r) || unicode.Is(unicode.Cyrillic, r)):
			j := i
			upper := 0
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.Is(unicode.Mn, rs[j])) && !isKatakana(rs[j]) && !unicode.Is(unicode.Han, rs[j]) {
				if unicode.IsUpper(rs[j]) {
					upper++
				}
				j++
			}
			w := rs[i:j]
			acronym := upper >= 2 && upper*2 >= len(w)
			if acronym || unicode.IsUpper(w[0]) && !sentenceStart {
				if k := fold.Key(string(w)); names == nil || names[k] {
					out = appendWordKeys(out, latin(w), k)
				}
			}
			sentenceStart = false
			i = j
		default:
			if strings.ContainsRune(".!?\n。！？", r) {
				sentenceStart = true
			}
			i++
		}
	}
	return out
}

// asciiOnly reports whether s is all ASCII.
func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isKatakana(r rune) bool {
	return unicode.Is(unicode.Katakana, r) && r != '・'
}

// appendWordKeys adds the short and long skeleton keys of a Latin word.
func appendWordKeys(out []crossKey, w, surface string) []crossKey {
	s := skeleton(w)
	if len(s) < 2 {
		return out
	}
	short := s
	if len(short) > 3 {
		short = short[:3]
	}
	out = append(out, crossKey{string(keyShort) + short, surface})
	if len(s) > 3 {
		out = append(out, crossKey{string(keyLong) + s, surface})
	}
	return out
}

// latin transliterates a Latin or Cyrillic word to folded ASCII letters.
func latin(w []rune) string {
	var b strings.Builder
	for _, r := range w {
		if t, ok := cyrillic[unicode.ToLower(r)]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(r)
	}
	return fold.Key(b.String())
}

// skeleton reduces a folded word to its first letter and its consonants,
// merging the letters that transliterations and exonyms swap (c/k/q,
// w/v, z/s, m/n, l/r) and dropping h after a consonant (kh, sh, ch, th),
// with repeated letters collapsed: "moskva" and "moscow" → "msk v".
func skeleton(w string) string {
	var b []byte
	var last byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'a' || c > 'z' {
			continue
		}
		switch c {
		case 'c', 'q':
			c = 'k'
		case 'w':
			c = 'v'
		case 'z':
			c = 's'
		case 'm':
			c = 'n'
		case 'l':
			c = 'r'
		case 'x':
			c = 'k'
		case 'j', 'y':
			c = 'i'
		}
		vowel := strings.IndexByte("aeiou", c) >= 0
		if len(b) == 0 {
			if vowel {
				c = 'a' // initial vowels vary: Evropa/Europa, Ukraina/Oekraïne
			}
			b = append(b, c)
			last = c
			continue
		}
		if vowel {
			last = 0
			continue
		}
		if c == 'h' && last != 0 {
			continue
		}
		if c == last || c == 'h' && len(b) > 0 {
			continue
		}
		b = append(b, c)
		last = c
	}
	return string(b)
}

// cyrillic transliterates Russian and Ukrainian letters (lower case).
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'ґ': "g", 'д': "d", 'е': "e", 'ё': "e", 'є': "ye",
	'ж': "zh", 'з': "z", 'и': "i", 'і': "i", 'ї': "yi", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh",
	'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu",
	'я': "ya", 'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ў': "u",
}

// katakanaLatin transliterates a run of katakana (Hepburn, roughly; the
// skeleton drops the vowels anyway).
func katakanaLatin(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		if t, ok := kana[r]; ok {
			b.WriteString(t)
		}
	}
	return b.String()
}

var kana = func() map[rune]string {
	rows := []struct {
		kana  string
		latin string
	}{
		{"アイウエオ", "a i u e o"}, {"カキクケコ", "ka ki ku ke ko"}, {"ガギグゲゴ", "ga gi gu ge go"},
		{"サシスセソ", "sa shi su se so"}, {"ザジズゼゾ", "za ji zu ze zo"}, {"タチツテト", "ta chi tsu te to"},
		{"ダヂヅデド", "da ji zu de do"}, {"ナニヌネノ", "na ni nu ne no"}, {"ハヒフヘホ", "ha hi fu he ho"},
		{"バビブベボ", "ba bi bu be bo"}, {"パピプペポ", "pa pi pu pe po"}, {"マミムメモ", "ma mi mu me mo"},
		{"ヤユヨ", "ya yu yo"}, {"ラリルレロ", "ra ri ru re ro"}, {"ワヲン", "wa o n"},
		{"ァィゥェォ", "a i u e o"}, {"ャュョ", "ya yu yo"}, {"ヴ", "v"},
	}
	m := map[rune]string{}
	for _, row := range rows {
		ls := strings.Fields(row.latin)
		for i, r := range []rune(row.kana) {
			m[r] = ls[i]
		}
	}
	return m
}()

// vector is a document's keys weighted by tf-idf, sorted by key (so that
// sums, and scores, do not depend on map order), with its norm.
type vector struct {
	keys []string
	ids  []int32 // each key's rank among the corpus's keys: same order as keys
	w    []float64
	norm float64
}

// newVector weighs counts by sublinear tf times idf. keys are those of
// counts, sorted, when the caller has them (nil: newVector sorts them).
func newVector(counts map[string]int, keys []string, n int, df map[string]int, rank map[string]int32) vector {
	if keys == nil {
		keys = sortedKeys(counts)
	}
	v := vector{keys: keys}
	v.w = make([]float64, len(v.keys))
	v.ids = make([]int32, len(v.keys))
	for i, k := range v.keys {
		x := (1 + math.Log(float64(counts[k]))) * idf(n, df[k])
		v.w[i] = x
		v.ids[i] = rank[k]
		v.norm += x * x
	}
	v.norm = math.Sqrt(v.norm)
	return v
}

// sortedKeys returns the keys of counts, sorted.
func sortedKeys(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ranks numbers the keys of df in sorted order, so that vectors compare
// keys as integers in the same order as strings (and sum the same
// products in the same order).
func ranks(df map[string]int) map[string]int32 {
	keys := slices.Sorted(maps.Keys(df))
	r := make(map[string]int32, len(keys))
	for i, k := range keys {
		r[k] = int32(i)
	}
	return r
}

// idf is the smoothed inverse document frequency of a key seen in df of
// n documents.
func idf(n, df int) float64 { return math.Log(1 + float64(n)/float64(max(df, 1))) }

// cosine is the cosine similarity of two weighted key vectors.
func cosine(a, b vector) float64 {
	cos, _ := cosineShared(a, b)
	return cos
}

// cosineShared is the cosine similarity of two weighted key vectors and
// the number of keys they share, from one walk over both.
func cosineShared(a, b vector) (cos float64, shared int) {
	dot := 0.0
	for i, j := 0, 0; i < len(a.ids) && j < len(b.ids); {
		switch x, y := a.ids[i], b.ids[j]; {
		case x == y:
			dot += a.w[i] * b.w[j]
			shared++
			i++
			j++
		case x < y:
			i++
		default:
			j++
		}
	}
	if a.norm == 0 || b.norm == 0 {
		return 0, shared
	}
	return min(1, dot/(a.norm*b.norm)), shared
}
