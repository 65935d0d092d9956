// Package fold normalises text for comparison across spellings and
// languages: case folding, accent stripping and German-style
// transliteration, so that "Störungen", "Stoerungen" and "STORUNGEN" meet.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// special maps letters that do not decompose into a base letter plus marks.
var special = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
	'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d",
	'þ': "th", 'Þ': "th", 'ı': "i",
	// Typographic quotes and dashes fold to their ASCII forms.
	'’': "'", '‘': "'", '‚': "'", '“': "\"", '”': "\"", '„': "\"",
	'«': "\"", '»': "\"", '–': "-", '—': "-", '‐': "-", '‑': "-",
}

// String folds case and strips accents: "Douvres Été" → "douvres ete".
// It keeps punctuation and spacing as they are.
func String(s string) string {
	if ascii(s) {
		// Nothing to decompose, no marks, no special letters: folding
		// is lower-casing (most lines of English text; several times
		// faster than the general path, which fold_test checks it
		// equals).
		return strings.ToLower(s)
	}
	return general(s)
}

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// general is String for any text.
func general(s string) string {
	if !utf8.ValidString(s) {
		// Invalid bytes become U+FFFD first: norm leaves the text after
		// them undecomposed, and folding must not depend on them.
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		// Lower-case first, so that a capital folds as its small letter
		// does ("Þ" → "þ" → "th"): folding twice changes nothing.
		r = unicode.ToLower(r)
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Words folds s with String and keeps only letters and digits, words
// separated by single spaces: "Online-Störungen!" → "online storungen".
func Words(s string) string {
	if ascii(s) {
		return asciiWords(s)
	}
	return words(general(s))
}

// asciiWords is Words for ASCII text, in one pass (fold_test checks it
// against the general path); text already in that form is returned as
// it is.
func asciiWords(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				clean = false
				break
			}
			continue
		}
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
			continue
		}
		space = true
	}
	return b.String()
}

// words is Words for text already passed through String.
func words(f string) string {
	var b strings.Builder
	b.Grow(len(f))
	space := false
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// WordsFolded is Words for text already passed through String.
func WordsFolded(f string) string { return words(f) }

// Key folds s for matching: Words, then the German digraphs ae/oe/ue
// reduced to a/o/u so that transliterated spellings meet the original.
func Key(s string) string {
	return digraphs(Words(s))
}

// digraphs replaces ae, oe and ue by a, o and u, left to right, as
// strings.NewReplacer("ae", "a", "oe", "o", "ue", "u") does (fold_test
// compares): at most one of them starts at any byte, and none overlaps
// the next one it could make.
func digraphs(s string) string {
	i := 0
	for ; i+1 < len(s); i++ {
		if s[i+1] == 'e' && (s[i] == 'a' || s[i] == 'o' || s[i] == 'u') {
			break
		}
	}
	if i+1 >= len(s) {
		return s
	}
	b := make([]byte, 0, len(s)-1)
	b = append(b, s[:i]...)
	for i < len(s) {
		c := s[i]
		b = append(b, c)
		if i+1 < len(s) && s[i+1] == 'e' && (c == 'a' || c == 'o' || c == 'u') {
			i += 2
			continue
		}
		i++
	}
	return string(b)
}
