package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/fold"
)

// line is one raw line of a document with the features the rules use.
type line struct {
	n     int    // 1-based line number in the raw body
	raw   string // the line as read, "\r" stripped, valid UTF-8
	text  string // raw with surrounding white space trimmed
	key   string // fold.Key(text)
	words int    // number of white-space separated words
	block int    // index of the blank-line separated block, -1 if blank
	rule  string // the rule that removed the line, "" if kept

	folded string // fold.String(text), computed on demand by fold()
	plain  string // plain(text), computed on demand by words()
}

// fold returns the line's case- and accent-folded text.
func (l *line) fold() string {
	if l.folded == "" && l.text != "" {
		l.folded = fold.String(l.text)
	}
	return l.folded
}

// plainText returns the line folded to lower-case words (see plain).
func (l *line) plainText() string {
	if l.plain == "" && l.text != "" {
		l.plain = plainFolded(l.fold())
	}
	return l.plain
}

func (l *line) blank() bool   { return l.text == "" }
func (l *line) removed() bool { return l.rule != "" }
func (l *line) kept() bool    { return l.text != "" && l.rule == "" }

// splitLines cuts body into lines and groups the non-blank ones into
// blocks (runs of consecutive non-blank lines).
func splitLines(body []byte) []*line {
	s := string(body)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	parts := strings.Split(s, "\n")
	// A final newline does not start another line.
	if len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	lines := make([]*line, 0, len(parts))
	block, inBlock := -1, false
	for i, p := range parts {
		p = strings.TrimSuffix(p, "\r")
		t := strings.TrimFunc(p, unicode.IsSpace)
		l := &line{n: i + 1, raw: p, text: t, block: -1}
		if t != "" {
			if !inBlock {
				block++
				inBlock = true
			}
			l.block = block
			l.key = fold.Key(t)
			l.words = countWords(t)
		} else {
			inBlock = false
		}
		lines = append(lines, l)
	}
	return lines
}

// textLine builds the features of a single text that is not part of the
// body, such as a source-given title; line breaks count as spaces.
func textLine(text string) *line {
	t := strings.Join(strings.Fields(strings.ToValidUTF8(text, "\uFFFD")), " ")
	return &line{raw: t, text: t, key: fold.Key(t), words: countWords(t)}
}

// countWords counts the words of s: white-space separated fields, where
// text in scripts written without spaces (Chinese, Japanese) counts a
// word for every two of its characters, about the length of a word there.
func countWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		cjk, rest := 0, false
		for _, r := range f {
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
				cjk++
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
				rest = true
			}
		}
		switch {
		case cjk == 0:
			n++
		default:
			n += (cjk + 1) / 2
			if rest {
				n++
			}
		}
	}
	return n
}

// closers are the characters that may follow a sentence's final
// punctuation: closing quotes and brackets.
const closers = "\"'”’»›)]}」』"

// endsSentence reports whether s ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, closers+" \t")
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '‽':
		return true
	}
	return false
}

// Thresholds of the sentence test.
const (
	minSentenceWords = 3  // "Nobody was hurt." is a sentence, "Learn more." is not
	longLineWords    = 16 // a line this long is prose even without a final stop
)

// isSentence reports whether s reads like prose: a sentence-final
// punctuation mark after at least three words, or a long run of words.
func isSentence(s string) bool {
	w := countWords(s)
	if w >= longLineWords {
		return true
	}
	return w >= minSentenceWords && endsSentence(s)
}

// isListItem reports whether s starts with a bullet or an item number.
func isListItem(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	switch r {
	case '-', '*', '•', '–', '—', '·', '▪', '►', '✓':
		return true
	}
	if unicode.IsDigit(r) {
		rest := strings.TrimLeftFunc(s[size:], unicode.IsDigit)
		return strings.HasPrefix(rest, ". ") || strings.HasPrefix(rest, ") ")
	}
	return false
}

// startsUpper reports whether s starts like a sentence or a headline: an
// upper-case (or uncased) letter, a digit or an opening quote.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case unicode.IsUpper(r), unicode.IsTitle(r), unicode.IsDigit(r):
		return true
	case unicode.IsLetter(r):
		return !unicode.IsLower(r) // scripts without case
	}
	return strings.ContainsRune("\"“„«‚‘'¿¡([", r)
}

// hasLetter reports whether s contains a letter.
func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// monthNames are month names (plain form) in the languages of the
// vocabulary rules; a line of a month and numbers is a date.
var monthNames = set(`january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
januar februar marz mai juni juli oktober dezember
janvier fevrier mars avril juin juillet aout septembre octobre novembre decembre
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre`)
