package analyze

import (
	"strings"
	"unicode"

	"github.com/casefile/casefile/internal/model"
)

// Sentence splitting is rule-based: no Go library splits sentences well
// across languages (the Punkt ports are English-only and need trained
// parameters), and news text needs only a few rules:
//
//   - a paragraph break (a blank line) always ends a sentence;
//   - . ! ? … (possibly repeated, possibly followed by closing quotes or
//     brackets, including German “ and French « … . »") end a sentence when white space follows and the next
//     text starts with an upper-case or uncased letter, a digit or an
//     opening quote or bracket;
//   - a full stop does not end a sentence after a known abbreviation
//     (Mr., Dr., z.B., Mme, Nr., Inc., etc.), after dotted letters (U.K.,
//     e.g.), after a single capital (initials) or after a day number
//     before a month name (German "am 5. März");
//   - CJK full stops (。！？) end a sentence without white space.

// Sentences splits text into sentences in text order. Spans are in code
// points and exclude surrounding white space; Text equals the span's
// runes. Every non-space character of text belongs to one sentence.
func Sentences(text string) []model.Sentence {
	return sentences([]rune(text))
}

func sentences(rs []rune) []model.Sentence {
	var out []model.Sentence
	emit := func(start, end int) {
		for start < end && unicode.IsSpace(rs[start]) {
			start++
		}
		for end > start && unicode.IsSpace(rs[end-1]) {
			end--
		}
		if start < end {
			out = append(out, model.Sentence{Span: model.Span{Start: start, End: end}, Text: string(rs[start:end])})
		}
	}
	start := 0
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '\n' {
			// A blank line (two line breaks, spaces between) ends a sentence.
			j, breaks := i, 0
			for j < len(rs) && unicode.IsSpace(rs[j]) {
				if rs[j] == '\n' {
					breaks++
				}
				j++
			}
			if breaks >= 2 {
				emit(start, i)
				start = j
			}
			i = j - 1
			continue
		}
		if !isTerminal(r) {
			continue
		}
		j := endOfMark(rs, i)
		if isCJKTerminal(r) {
			emit(start, j)
			start = j
			i = j - 1
			continue
		}
		if j >= len(rs) || !unicode.IsSpace(rs[j]) {
			i = j - 1
			continue
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k < len(rs) && startsSentence(rs[k]) && !(r == '.' && noBreakAfter(rs, i, k)) {
			emit(start, j)
			start = j
		}
		i = j - 1
	}
	emit(start, len(rs))
	return out
}

// endOfMark returns the index after the sentence-final mark at rs[i],
// its repetitions ("?!", "...") and the closing quotes after it: ” » ’
// and also the German closing “ and ‘ and a French » after a space.
func endOfMark(rs []rune, i int) int {
	j := i + 1
	for j < len(rs) {
		switch {
		case isTerminal(rs[j]) || isCloser(rs[j]) || rs[j] == '“' || rs[j] == '‘':
			j++
			continue
		case rs[j] == ' ' || rs[j] == '\u00a0' || rs[j] == '\u202f':
			k := j
			for k < len(rs) && (rs[k] == ' ' || rs[k] == '\u00a0' || rs[k] == '\u202f') {
				k++
			}
			if k < len(rs) && (rs[k] == '»' || rs[k] == '›') {
				j = k + 1
				continue
			}
		}
		break
	}
	return j
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '‽', '。', '！', '？':
		return true
	}
	return false
}

func isCJKTerminal(r rune) bool { return r == '。' || r == '！' || r == '？' }

// isCloser reports closing quotes and brackets that may follow a
// sentence's final punctuation.
func isCloser(r rune) bool {
	return strings.ContainsRune("\"'”’»›)]}」』", r)
}

// isOpener reports opening quotes and brackets (and Spanish ¿ ¡).
func isOpener(r rune) bool {
	return strings.ContainsRune("\"'“„«‹‚‘([{¿¡「『", r)
}

// startsSentence reports whether r can begin a sentence.
func startsSentence(r rune) bool {
	switch {
	case unicode.IsUpper(r), unicode.IsTitle(r), unicode.IsDigit(r):
		return true
	case unicode.IsLetter(r):
		return !unicode.IsLower(r) // scripts without case
	}
	return isOpener(r) || r == '—' || r == '–' || r == '-'
}

// noBreakAfter reports whether the full stop at rs[dot] belongs to an
// abbreviation, an initial or a date, so that no sentence ends there;
// next is the index of the first character after the white space.
func noBreakAfter(rs []rune, dot, next int) bool {
	// The word before the stop: letters and inner dots.
	s := dot
	for s > 0 && (unicode.IsLetter(rs[s-1]) || (rs[s-1] == '.' && s-1 > 0 && unicode.IsLetter(rs[s-2]))) {
		s--
	}
	word := string(rs[s:dot])
	if word == "" {
		// A day number before a month: "am 5. März", "le 5. Mai".
		d := dot
		for d > 0 && unicode.IsDigit(rs[d-1]) {
			d--
		}
		if n := dot - d; n >= 1 && n <= 2 && (d == 0 || !unicode.IsDigit(rs[d-1])) {
			return monthNames[strings.ToLower(nextWord(rs, next))]
		}
		return false
	}
	if s > 0 && (unicode.IsDigit(rs[s-1]) || rs[s-1] == '-') {
		return false // "3GB." or "COVID-19."-like tails: a sentence end
	}
	lower := strings.ToLower(word)
	if abbreviations[lower] {
		return true
	}
	letters := []rune(strings.ReplaceAll(word, ".", ""))
	if strings.Contains(word, ".") {
		// Dotted letters: U.K., U.S., e.g., i.e., z.B., a.m.
		for _, part := range strings.Split(word, ".") {
			if n := len([]rune(part)); n == 0 || n > 2 {
				return false
			}
		}
		return true
	}
	// A single capital is an initial: "J. Smith".
	return len(letters) == 1 && unicode.IsUpper(letters[0])
}

// nextWord returns the letters starting at rs[i].
func nextWord(rs []rune, i int) string {
	j := i
	for j < len(rs) && unicode.IsLetter(rs[j]) {
		j++
	}
	return string(rs[i:j])
}

// abbreviations end with a full stop inside a sentence (lower case, no
// final stop). They are shared by all languages: the splitter does not
// know the text's language.
var abbreviations = wordSet(`
mr mrs ms messrs dr prof st mt jr sr sen rep gov gen col lt sgt capt cpt cmdr adm rev pres supt insp
inc ltd co corp llc plc bros dept approx vs etc al fig ch no nr pp cf ca
jan feb mar apr jun jul aug sep sept oct nov dec mon tue thu fri
z.b u.a d.h bzw ggf usw vgl evtl inkl zzgl sog bspw hrsg abs str tel dipl ing mio mrd
m mm mme mmes mlle mlles mgr env av bd
sr sra srta dra ud uds avda pág núm
sig dott dott.ssa avv geom
`)

// monthNames follow a day number with a full stop ("5. März").
var monthNames = wordSet(`
januar jänner februar märz april mai juni juli august september oktober november dezember
january february march may june july october december
janvier février mars avril juin juillet août septembre octobre novembre décembre
`)

func wordSet(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
