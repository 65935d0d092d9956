// Package analyze turns a clean article into a document ready for
// comparison: its language, its sentences and its anchors, the
// language-independent tokens (names, acronyms, numbers, phone numbers,
// URLs, quotations) that survive translation.
//
// All spans are half-open ranges of Unicode code points (not bytes) into
// the text that was analysed, Article.Text for Analyze.
package analyze

import (
	"strings"
	"unicode"

	"github.com/abadojack/whatlanggo"

	"github.com/casefile/casefile/internal/model"
)

// Analyze detects the language (unless a.Lang is set), splits sentences
// and finds anchors. Language detection reads the title and the text;
// sentences and anchors are those of a.Text only, so that their spans
// point into it.
func Analyze(a model.Article) model.Doc {
	lang := a.Lang
	if lang == "" {
		lang = DetectLang(a.Title + "\n\n" + prefix(a.Text, maxLangRunes))
	}
	rs := []rune(a.Text)
	return model.Doc{
		Article:   a,
		Lang:      lang,
		Sentences: sentences(rs),
		Anchors:   anchors(rs, lang),
	}
}

// Language detection bounds: the least number of letters worth a guess,
// and the most text Analyze reads (trigram statistics settle long before
// the end of an article, and detection dominates analysis time).
const (
	minLangLetters = 3
	maxLangRunes   = 2000
)

// prefix returns about the first n runes of s, cut at a space.
func prefix(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			if sp := strings.LastIndexByte(s[:k], ' '); sp > k/2 {
				return s[:sp]
			}
			return s[:k]
		}
		i++
	}
	return s
}

// DetectLang returns the ISO 639-1 code of text's language ("en", "de",
// "fr", …), or "und" when it cannot tell. Text that is clearly in one of
// the languages of news casefile sees most (en, de, fr, es, it, pt, nl)
// is recognised by its function words; anything else goes to
// whatlanggo's trigram profiles, which know 84 languages but cost a
// fraction of a millisecond per call. Languages without a two-letter
// code are reported as "und".
func DetectLang(text string) string {
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if letters >= minLangLetters {
				break
			}
		}
	}
	if letters < minLangLetters {
		return "und"
	}
	if code := quickLang(prefix(text, maxLangRunes)); code != "" {
		return code
	}
	info := whatlanggo.Detect(text)
	if code, ok := iso6391[info.Lang]; ok {
		return code
	}
	return "und"
}

// iso6391 maps whatlanggo's languages to ISO 639-1 codes, built once
// (whatlanggo's own lookup builds a map on every call).
var iso6391 = func() map[whatlanggo.Lang]string {
	m := make(map[whatlanggo.Lang]string)
	for l := range whatlanggo.Langs {
		if code := l.Iso6391(); code != "" {
			m[l] = code
		}
	}
	return m
}()

// markers are frequent function words that belong to one language only
// among the seven quickLang knows.
var markers = func() map[string]string {
	lists := map[string]string{
		"en": "the and of to that was for with said have has it this from by are were which would its",
		"de": "der und das ist nicht mit sich auch auf ein eine dem den wurde sind nach bei dass werden zu im",
		"fr": "le les et des est une du qui dans pour pas sur au avec ont sont été cette aux",
		"es": "el los las y del por para fue su al como más pero sus entre también sobre",
		"it": "il di che della non sono è gli alla anche dei nel delle degli questo stato essere ma più hanno",
		"pt": "o os do em um uma não mais dos das foi ao é com pelo pela pelos pelas seu sua são também na nas está estão foram às ainda após",
		"nl": "het een van dat op voor met zijn niet aan ook maar werd bij naar heeft wordt deze door",
	}
	m := make(map[string]string)
	for lang, words := range lists {
		for _, w := range strings.Fields(words) {
			m[w] = lang
		}
	}
	return m
}()

// Evidence quickLang needs: enough marker words, and far more of one
// language's than of any other's.
const (
	minMarkers   = 8
	markerMargin = 3
)

// quickLang recognises text in en, de, fr, es, it, pt or nl by counting
// marker words; it returns "" when the evidence is not clear.
func quickLang(text string) string {
	counts := make(map[string]int, 7)
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		if lang, ok := markers[w]; ok {
			counts[lang]++
		}
	}
	best, first, second := "", 0, 0
	for lang, n := range counts {
		switch {
		case n > first || n == first && lang < best:
			best, first, second = lang, n, max(first, second)
		case n > second:
			second = n
		}
	}
	if first < minMarkers || first < markerMargin*second || first*20 < len(words) {
		return ""
	}
	return best
}
