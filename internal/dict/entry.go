package dict

import (
	"strings"
	"unicode"
)

// MaxTranslations bounds the translations kept from one entry.
const MaxTranslations = 64

// maxTranslationWords is the longest translation kept, in words: longer
// ones are explanations ("to fail (in getting a job)" is kept as "to
// fail", "word usually written using kana alone" is not a translation).
const maxTranslationWords = 4

// ParseEntry reads one dictd entry as FreeDict writes it: a headword line
// (headword, /pronunciation/, <grammar>), then lines of translations,
// numbered senses ("1. ..."), domain labels ("[geogr.]"), grammar notes
// in parentheses or angle brackets, and lines of synonyms, notes and
// cross-references. It returns the headword and the plain translations,
// folded with Fold, in order and without repeats.
func ParseEntry(entry string) (head string, translations []string) {
	if len(entry) > MaxEntryBytes {
		entry = entry[:MaxEntryBytes]
	}
	lines := strings.Split(entry, "\n")
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first]) == "" {
		first++
	}
	if first == len(lines) {
		return "", nil
	}
	head = headOf(lines[first])
	seen := map[string]bool{}
	for _, l := range lines[first+1:] {
		l = strings.TrimSpace(l)
		if l == "" || skipLine(l) {
			continue
		}
		l = stripBrackets(stripPronunciations(stripNumbering(l)))
		for _, t := range strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == ';' }) {
			pron := strings.ContainsRune(t, pronMark)
			t = strings.ReplaceAll(t, string(pronMark), " ")
			if pron && strings.ContainsFunc(t, isCJK) {
				continue // a variant spelling of a Japanese headword
			}
			t = Fold(strings.Trim(t, " .:!?\"'"))
			if t == "" || seen[t] || len(strings.Fields(t)) > maxTranslationWords {
				continue
			}
			if !strings.ContainsFunc(t, unicode.IsLetter) {
				continue
			}
			seen[t] = true
			translations = append(translations, t)
			if len(translations) == MaxTranslations {
				return head, translations
			}
		}
	}
	return head, translations
}

// headOf is the headword of a headword line: up to the pronunciation,
// the grammar or the list of variant spellings.
func headOf(l string) string {
	l = strings.TrimSpace(stripBrackets(l))
	if i := strings.Index(l, " /"); i >= 0 {
		l = l[:i]
	}
	if i := strings.IndexByte(l, ','); i >= 0 {
		l = l[:i]
	}
	return strings.TrimSpace(l)
}

// skipLine tells lines that hold no translation: synonyms, notes and
// cross-references.
func skipLine(l string) bool {
	for _, p := range []string{"Synonym", "see:", "See:", "See also", "Note:", "Notes:", "Antonym", "Example", "{"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// pronMark replaces a pronunciation, so that the item it followed is
// known to be a headword spelling rather than a translation.
const pronMark = '\x00'

// stripPronunciations replaces each /pronunciation/ by pronMark: a
// slash at the start of the line or after a space and before a
// non-space, up to the next slash before a space, a comma, a semicolon
// or the end ("km / h" and "and/or" are kept).
func stripPronunciations(l string) string {
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		if l[i] == '/' && (i == 0 || l[i-1] == ' ') && i+1 < len(l) && l[i+1] != ' ' {
			if j := closingSlash(l, i+1); j > 0 {
				b.WriteRune(pronMark)
				i = j
				continue
			}
		}
		b.WriteByte(l[i])
	}
	return b.String()
}

// closingSlash is the index of the slash that closes a pronunciation
// opened before from, or -1.
func closingSlash(l string, from int) int {
	for j := from; j < len(l); j++ {
		if l[j] == '/' && (j+1 == len(l) || strings.IndexByte(" ,;", l[j+1]) >= 0) {
			return j
		}
	}
	return -1
}

// stripNumbering drops a sense number: "2. suffering" → "suffering".
func stripNumbering(l string) string {
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i > 0 && i < len(l) && (l[i] == '.' || l[i] == ')') {
		return strings.TrimSpace(l[i+1:])
	}
	return l
}

// stripBrackets drops everything inside (), [], <> and {}, nested or
// not; an unclosed bracket drops the rest of the line.
func stripBrackets(l string) string {
	var b strings.Builder
	depth := 0
	for _, r := range l {
		switch r {
		case '(', '[', '<', '{':
			depth++
			b.WriteByte(' ')
			continue
		case ')', ']', '>', '}':
			if depth > 0 {
				depth--
			}
			b.WriteByte(' ')
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
