package analyze

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
)

// Anchors finds the language-independent tokens of text, in text order:
// URLs, e-mail addresses and domains; phone numbers; quoted passages;
// acronyms (NCSC, CVE-2024-21887, U.K.); numbers (500,000 = 500.000 =
// 500 000); and names (runs of capitalised words, possibly joined by
// of/de/von/…). Spans are code points into text. Keys are fold.Key of the
// surface for names, acronyms and quotes (dots dropped from U.K.),
// digits only for numbers and phones, and lower case for URLs.
// Anchors may nest: a quote contains the names it mentions.
func Anchors(text string) []model.Anchor {
	return anchors([]rune(text), "")
}

// AnchorsLang is Anchors with language knowledge: for German ("de"),
// single capitalised words that look like common nouns (after an
// article, long compounds, noun suffixes) are not names.
func AnchorsLang(text, lang string) []model.Anchor {
	return anchors([]rune(text), lang)
}

// anchorScan holds the state of one anchor search.
type anchorScan struct {
	rs      []rune
	lang    string
	covered []bool // runes claimed by URLs, e-mails, phones, dotted acronyms
	out     []model.Anchor
}

func anchors(rs []rune, lang string) []model.Anchor {
	s := &anchorScan{rs: rs, lang: lang, covered: make([]bool, len(rs))}
	s.urls()
	s.emails()
	s.domains()
	s.phones()
	s.dottedAcronyms()
	s.quotes()
	s.words()
	slices.SortStableFunc(s.out, func(a, b model.Anchor) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(b.End, a.End)
	})
	return s.out
}

func (s *anchorScan) add(kind model.AnchorKind, key string, start, end int) {
	if key == "" || start >= end {
		return
	}
	s.out = append(s.out, model.Anchor{Kind: kind, Key: key, Surface: string(s.rs[start:end]), Span: model.Span{Start: start, End: end}})
}

func (s *anchorScan) cover(start, end int) {
	for i := start; i < end; i++ {
		s.covered[i] = true
	}
}

func (s *anchorScan) free(start, end int) bool {
	for i := start; i < end; i++ {
		if s.covered[i] {
			return false
		}
	}
	return true
}

func isASCIIAlnum(r rune) bool {
	return r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// hasPrefixFold reports whether rs[i:] starts with the ASCII prefix p,
// ignoring case.
func hasPrefixFold(rs []rune, i int, p string) bool {
	if len(rs)-i < len(p) {
		return false
	}
	for k := 0; k < len(p); k++ {
		if unicode.ToLower(rs[i+k]) != rune(p[k]) {
			return false
		}
	}
	return true
}

// urlStop ends a URL.
const urlStop = "<>\"“”«»‘’'`"

// trailingPunct is dropped from the end of URLs, e-mails and domains.
const trailingPunct = ".,;:!?)]}…-"

func (s *anchorScan) trimEnd(start, end int) int {
	for end > start && strings.ContainsRune(trailingPunct, s.rs[end-1]) {
		end--
	}
	return end
}

// urlPrefixes start the addresses urls finds.
var urlPrefixes = []string{"https://", "http://", "www."}

// urls finds http(s) and www. addresses.
func (s *anchorScan) urls() {
	rs := s.rs
	for i := 0; i < len(rs); i++ {
		if i > 0 && isAlnum(rs[i-1]) {
			continue
		}
		if r := unicode.ToLower(rs[i]); r != 'h' && r != 'w' {
			continue
		}
		n := 0
		for _, p := range urlPrefixes {
			if hasPrefixFold(rs, i, p) {
				n = len(p)
				break
			}
		}
		if n == 0 {
			continue
		}
		j := i + n
		for j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune(urlStop, rs[j]) {
			j++
		}
		j = s.trimEnd(i+n, j)
		if j-i-n < 3 || !strings.ContainsRune(string(rs[i+n:j]), '.') && n == 4 {
			continue
		}
		key := strings.ToLower(string(rs[i:j]))
		key = strings.TrimPrefix(strings.TrimPrefix(key, "https://"), "http://")
		key = strings.TrimSuffix(strings.TrimPrefix(key, "www."), "/")
		s.add(model.AnchorURL, key, i, j)
		s.cover(i, j)
		i = j
	}
}

func isEmailLocal(r rune) bool {
	return isASCIIAlnum(r) || strings.ContainsRune("._%+-", r)
}

func isHostRune(r rune) bool { return isASCIIAlnum(r) || r == '.' || r == '-' }

// emails finds e-mail addresses.
func (s *anchorScan) emails() {
	rs := s.rs
	for i := 0; i < len(rs); i++ {
		if rs[i] != '@' || s.covered[i] {
			continue
		}
		l := i
		for l > 0 && isEmailLocal(rs[l-1]) && !s.covered[l-1] {
			l--
		}
		for l < i && rs[l] == '.' {
			l++
		}
		r := i + 1
		for r < len(rs) && isHostRune(rs[r]) {
			r++
		}
		r = s.trimEnd(i+1, r)
		host := string(rs[i+1 : r])
		if l == i || !validHost(host, false) {
			continue
		}
		s.add(model.AnchorURL, strings.ToLower(string(rs[l:r])), l, r)
		s.cover(l, r)
		i = r - 1
	}
}

// validHost reports whether h is a plausible host name: dot-separated
// non-empty labels ending with a letters-only top-level label; with
// known set, the top-level label must be a known one and some other
// label at least two characters long.
func validHost(h string, known bool) bool {
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
	}
	tld := strings.ToLower(labels[len(labels)-1])
	if len(tld) < 2 || strings.IndexFunc(tld, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return false
	}
	if !known {
		return true
	}
	if !tlds[tld] {
		return false
	}
	for _, l := range labels[:len(labels)-1] {
		if len(l) >= 2 {
			return true
		}
	}
	return false
}

// tlds are the top-level domains a bare domain ("example.co.uk") may end
// with; bare names need a known ending, unlike URLs and e-mails.
var tlds = wordSet(`com org net gov edu mil int info biz io co ai app dev tech news online site tv me ly gg
uk de fr es it nl be ch at pt pl se no dk fi ie is ru ua cz sk hu ro bg gr tr il in cn jp kr tw hk sg au nz ca us mx br ar cl za eu lu li ee lv lt si hr rs`)

// commonTLDs may be written with capitals ("Example.com"); other
// bare domains must be lower case, so "Hull.It" is not a domain.
var commonTLDs = wordSet("com org net gov edu")

// domains finds bare domain names ("ncsc.gov.uk").
func (s *anchorScan) domains() {
	rs := s.rs
	for i := 0; i < len(rs); i++ {
		if !isASCIIAlnum(rs[i]) || s.covered[i] || (i > 0 && (isHostRune(rs[i-1]) || rs[i-1] == '@' || rs[i-1] == '/' || isAlnum(rs[i-1]))) {
			continue
		}
		j := i
		for j < len(rs) && isHostRune(rs[j]) && !s.covered[j] {
			j++
		}
		end := s.trimEnd(i, j)
		next := j
		if next < len(rs) && (rs[next] == '@' || isAlnum(rs[next])) {
			i = j
			continue
		}
		h := string(rs[i:end])
		if strings.ContainsRune(h, '.') && validHost(h, true) {
			tld := strings.ToLower(h[strings.LastIndexByte(h, '.')+1:])
			if h == strings.ToLower(h) || commonTLDs[tld] {
				s.add(model.AnchorURL, strings.ToLower(h), i, end)
				s.cover(i, end)
			}
		}
		i = j
	}
}

// Phone number lengths in digits (E.164 allows up to 15).
const (
	minPhoneDigits = 8
	maxPhoneDigits = 15
)

// phones finds international numbers (+44 20 7946 0018) and national
// numbers written in groups from a leading zero (0800 123 4567).
func (s *anchorScan) phones() {
	rs := s.rs
	for i := 0; i < len(rs); i++ {
		if s.covered[i] || (i > 0 && isAlnum(rs[i-1])) {
			continue
		}
		switch {
		case rs[i] == '+' && i+1 < len(rs) && unicode.IsDigit(rs[i+1]):
			j, digits := i+1, 0
			for j < len(rs) {
				switch {
				case unicode.IsDigit(rs[j]):
					digits++
					j++
					continue
				case strings.ContainsRune(" -./()\u00a0", rs[j]) && j+1 < len(rs) && (unicode.IsDigit(rs[j+1]) || rs[j+1] == '('):
					j++
					continue
				}
				break
			}
			for j > i && !unicode.IsDigit(rs[j-1]) {
				j--
			}
			if digits >= minPhoneDigits && digits <= maxPhoneDigits && (j == len(rs) || !isAlnum(rs[j])) {
				s.addPhone(i, j)
				i = j - 1
			}
		case rs[i] == '0' && i+1 < len(rs) && unicode.IsDigit(rs[i+1]):
			j, digits, groups, first := i, 0, 0, 0
			for j < len(rs) {
				g := j
				for j < len(rs) && unicode.IsDigit(rs[j]) {
					j++
				}
				n := j - g
				if groups == 0 {
					first = n
				} else if n < 2 || n > 4 {
					j = g - 1 // the separator and this group are not part of it
					break
				}
				digits += n
				groups++
				if j+1 < len(rs) && (rs[j] == ' ' || rs[j] == '-') && unicode.IsDigit(rs[j+1]) {
					j++
					continue
				}
				break
			}
			if groups >= 2 && first >= 2 && first <= 5 && digits >= 9 && digits <= 12 && (j == len(rs) || !isAlnum(rs[j])) {
				s.addPhone(i, j)
				i = j - 1
			}
		}
	}
}

func (s *anchorScan) addPhone(start, end int) {
	var b strings.Builder
	for _, r := range s.rs[start:end] {
		if unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	s.add(model.AnchorPhone, b.String(), start, end)
	s.cover(start, end)
}

// dottedAcronyms finds acronyms written with dots: U.K., U.S.A.
func (s *anchorScan) dottedAcronyms() {
	rs := s.rs
	for i := 0; i+3 < len(rs); i++ {
		if s.covered[i] || (i > 0 && isAlnum(rs[i-1])) || !unicode.IsUpper(rs[i]) || rs[i+1] != '.' {
			continue
		}
		j, n := i, 0
		for j+1 < len(rs) && unicode.IsUpper(rs[j]) && rs[j+1] == '.' && s.free(j, j+2) {
			j += 2
			n++
		}
		if j < len(rs) && isAlnum(rs[j]) {
			continue // "J.Smith" or "A.B.Cdef"
		}
		if n >= 2 {
			key := fold.Key(strings.ReplaceAll(string(rs[i:j]), ".", ""))
			s.add(model.AnchorAcronym, key, i, j)
			s.cover(i, j)
			i = j - 1
		}
	}
}

// quotePairs maps opening quotes to the closing quotes they accept.
var quotePairs = map[rune]string{
	'“': "”",
	'„': "“”",
	'«': "»",
	'»': "«",
	'‚': "‘’",
	'‘': "’",
	'"': "\"",
	'「': "」",
	'『': "』",
}

// maxQuoteRunes bounds a quoted passage.
const maxQuoteRunes = 1000

// quotes finds quoted passages; the anchor is the text inside the marks.
// Straight quotes and ‘ ’ open only after a non-letter and close only
// before a non-letter, so that apostrophes do not count.
func (s *anchorScan) quotes() {
	rs := s.rs
	// Cached positions, which only move forward, keep unmatched quotes
	// linear: the next candidate closer per opening mark and the next
	// paragraph break.
	nextClose := make(map[rune]int)
	nextBreak := -1
	for i := 0; i < len(rs); i++ {
		closers, ok := quotePairs[rs[i]]
		if !ok || s.covered[i] || i+1 >= len(rs) || unicode.IsSpace(rs[i+1]) && rs[i] != '«' {
			continue
		}
		strict := rs[i] == '"' || rs[i] == '‘'
		if strict && i > 0 && isAlnum(rs[i-1]) {
			continue
		}
		if c, ok := nextClose[rs[i]]; !ok || c <= i {
			c = i + 1
			for c < len(rs) && !strings.ContainsRune(closers, rs[c]) {
				c++
			}
			nextClose[rs[i]] = c
		}
		if nextBreak <= i {
			nextBreak = i + 1
			for nextBreak < len(rs) && !(rs[nextBreak] == '\n' && nextBreak+1 < len(rs) && rs[nextBreak+1] == '\n') {
				nextBreak++
			}
		}
		if c := nextClose[rs[i]]; c >= len(rs) || c-i > maxQuoteRunes || c > nextBreak {
			continue
		}
		end := -1
		for j := i + 1; j < len(rs) && j-i <= maxQuoteRunes; j++ {
			if rs[j] == '\n' && j+1 < len(rs) && rs[j+1] == '\n' {
				break
			}
			if !strings.ContainsRune(closers, rs[j]) {
				continue
			}
			if (strict || rs[j] == '’') && j+1 < len(rs) && unicode.IsLetter(rs[j+1]) {
				continue
			}
			end = j
			break
		}
		if end < 0 {
			continue
		}
		a, b := i+1, end
		for a < b && unicode.IsSpace(rs[a]) {
			a++
		}
		// English puts the comma of "…,” she said" inside the quote.
		for b > a && (unicode.IsSpace(rs[b-1]) || strings.ContainsRune(",;:", rs[b-1])) {
			b--
		}
		s.add(model.AnchorQuote, fold.Key(string(rs[a:b])), a, b)
		i = end
	}
}

// tokKind classifies a word token.
type tokKind int

const (
	tokOther   tokKind = iota
	tokLower           // starts with a lower-case letter
	tokCap             // capitalised: upper-case first letter, some lower case
	tokAcronym         // upper case letters (two or more, or one with digits)
)

// token is one word of the text.
type token struct {
	kind       tokKind
	start, end int    // span without a possessive 's
	next       int    // end of the raw token, possessive included
	key        string // fold.Key of the word
	possessive bool   // ended with 's / ’s: a name ends here
	initial    bool   // first word of a sentence
}

func isJoiner(r rune) bool { return strings.ContainsRune("-‐‑'’", r) }

// words tokenises the text left uncovered and emits numbers, acronyms
// and names.
func (s *anchorScan) words() {
	rs := s.rs
	var toks []token
	lower := make(map[string]bool) // words seen in lower case
	for i := 0; i < len(rs); {
		if s.covered[i] || !isAlnum(rs[i]) {
			i++
			continue
		}
		if unicode.IsDigit(rs[i]) {
			if i > 0 && unicode.IsLetter(rs[i-1]) {
				for i < len(rs) && isAlnum(rs[i]) {
					i++
				}
				continue
			}
			i = s.number(i)
			continue
		}
		j := i + 1
		for j < len(rs) && !s.covered[j] {
			if isAlnum(rs[j]) || unicode.Is(unicode.Mn, rs[j]) {
				j++
				continue
			}
			if isJoiner(rs[j]) && j+1 < len(rs) && isAlnum(rs[j+1]) && !s.covered[j+1] {
				j++
				continue
			}
			break
		}
		t := s.classify(i, j)
		if t.kind == tokLower {
			lower[t.key] = true
		}
		toks = append(toks, t)
		i = j
	}
	for _, t := range toks {
		if t.kind == tokAcronym {
			s.add(model.AnchorAcronym, t.key, t.start, t.end)
		} else if t.kind == tokCap {
			s.hyphenAcronyms(t)
		}
	}
	s.names(toks, lower)
}

// classify builds the token rs[start:end].
func (s *anchorScan) classify(start, end int) token {
	rs := s.rs
	// French and Italian elisions: l’, d’, qu’, dell’ … before a word.
	for k := start; k < end && k-start <= 7; k++ {
		if rs[k] == '\'' || rs[k] == '’' {
			if end-k > 2 && elisions[strings.ToLower(string(rs[start:k]))] {
				start = k + 1
			}
			break
		}
		if !unicode.IsLetter(rs[k]) {
			break
		}
	}
	t := token{start: start, end: end, next: end}
	if n := end - start; n > 2 && (rs[end-1] == 's' || rs[end-1] == 'S') && (rs[end-2] == '\'' || rs[end-2] == '’') {
		t.end = end - 2
		t.possessive = true
	}
	word := rs[t.start:t.end]
	if len(word) == 0 {
		return t
	}
	upper, lowerN, digits := 0, 0, 0
	for _, r := range word {
		switch {
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			upper++
		case unicode.IsLower(r):
			lowerN++
		case unicode.IsDigit(r):
			digits++
		}
	}
	t.key = fold.Key(string(word))
	switch {
	case lowerN == 0 && (upper >= 2 || upper >= 1 && digits >= 1):
		t.kind = tokAcronym
	case (unicode.IsUpper(word[0]) || unicode.IsTitle(word[0])) && lowerN > 0:
		t.kind = tokCap
		t.initial = s.sentenceInitial(t.start)
	case unicode.IsLower(word[0]):
		t.kind = tokLower
	}
	return t
}

// hyphenAcronyms emits the acronym parts of a capitalised hyphenated
// word: "ACME" in "ACME-Dienste".
func (s *anchorScan) hyphenAcronyms(t token) {
	rs := s.rs
	p := t.start
	for k := t.start; k <= t.end; k++ {
		if k < t.end && !isJoiner(rs[k]) {
			continue
		}
		part := rs[p:k]
		up, low := 0, 0
		for _, r := range part {
			if unicode.IsUpper(r) {
				up++
			} else if unicode.IsLower(r) {
				low++
			}
		}
		if up >= 2 && low == 0 && k-p < t.end-t.start {
			s.add(model.AnchorAcronym, fold.Key(string(part)), p, k)
		}
		p = k + 1
	}
}

// sentenceInitial reports whether the word at i starts a sentence: only
// white space, opening quotes or dashes separate it from the text's
// start, a line break, or a sentence-final mark (or colon).
func (s *anchorScan) sentenceInitial(i int) bool {
	rs := s.rs
	k := i - 1
	for k >= 0 && (unicode.IsSpace(rs[k]) || isOpener(rs[k]) || strings.ContainsRune("—–-", rs[k])) {
		if rs[k] == '\n' {
			return true
		}
		k--
	}
	if k < 0 {
		return true
	}
	for k > 0 && isCloser(rs[k]) {
		k--
	}
	return isTerminal(rs[k]) || rs[k] == ':'
}

// number parses the number starting at rs[i] and returns the index after
// it. Groups joined by , . or a (narrow) space form one number; a space
// joins only thousands groups ("500 000", not "2011 500"). Digits
// followed by upper-case letters form an acronym ("5G", "3CX").
func (s *anchorScan) number(i int) int {
	rs := s.rs
	j := i
	for j < len(rs) && unicode.IsDigit(rs[j]) && !s.covered[j] {
		j++
	}
	first, thousands := j-i, true
	for j+1 < len(rs) && !s.covered[j] && !s.covered[j+1] {
		switch {
		case (rs[j] == ',' || rs[j] == '.') && unicode.IsDigit(rs[j+1]):
			g := j + 1
			for g < len(rs) && unicode.IsDigit(rs[g]) && !s.covered[g] {
				g++
			}
			if g-j-1 != 3 {
				thousands = false
			}
			j = g
			continue
		case strings.ContainsRune(" \u00a0\u202f\u2009", rs[j]) && thousands && first <= 3 && s.threeDigits(j+1):
			j += 4
			continue
		}
		break
	}
	// Letters glued to the digits.
	k := j
	for k < len(rs) && unicode.IsLetter(rs[k]) && !s.covered[k] {
		k++
	}
	if k > j {
		letters := string(rs[j:k])
		if strings.ToUpper(letters) == letters && strings.IndexFunc(letters, unicode.IsUpper) >= 0 && k-j <= 4 {
			s.add(model.AnchorAcronym, fold.Key(string(rs[i:k])), i, k)
			return k
		}
	}
	var b strings.Builder
	for _, r := range rs[i:j] {
		if unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	s.add(model.AnchorNumber, b.String(), i, j)
	if k > j {
		return k
	}
	return j
}

// threeDigits reports exactly three uncovered digits at rs[i:i+3] not
// followed by a fourth.
func (s *anchorScan) threeDigits(i int) bool {
	rs := s.rs
	if i+3 > len(rs) {
		return false
	}
	for k := i; k < i+3; k++ {
		if !unicode.IsDigit(rs[k]) || s.covered[k] {
			return false
		}
	}
	return i+3 == len(rs) || !unicode.IsDigit(rs[i+3])
}

// gapOK reports whether only spaces (no line break) separate a and b.
func (s *anchorScan) gapOK(a, b token) bool {
	if b.start <= a.next {
		return false
	}
	for _, r := range s.rs[a.next:b.start] {
		if r != ' ' && r != '\u00a0' && r != '\t' {
			return false
		}
	}
	return true
}

// maxConnectors is how many connector words may stand between two
// capitalised words of one name ("Isle of the Dead").
const maxConnectors = 2

// names groups capitalised words into names and emits them.
func (s *anchorScan) names(toks []token, lower map[string]bool) {
	for i := 0; i < len(toks); {
		if toks[i].kind != tokCap && toks[i].kind != tokAcronym {
			i++
			continue
		}
		run := []int{i}
		last := i
		for {
			k := last + 1
			if toks[last].possessive {
				// Only "Royal Children’s Hospital": a possessive
				// inside a name, before an institution's head noun.
				if last == i || k >= len(toks) || toks[k].kind != tokCap || !orgHeads[toks[k].key] || !s.gapOK(toks[last], toks[k]) {
					break
				}
				toks[last].end = toks[last].next
			}
			for k < len(toks) && k-last-1 < maxConnectors && toks[k].kind == tokLower && s.connector(toks[k].key) && s.gapOK(toks[k-1], toks[k]) {
				k++
			}
			if k >= len(toks) || !s.gapOK(toks[k-1], toks[k]) {
				break
			}
			if toks[k].kind != tokCap && !(toks[k].kind == tokAcronym && k == last+1) {
				break
			}
			for m := last + 1; m <= k; m++ {
				run = append(run, m)
			}
			last = k
		}
		s.emitName(toks, run, lower)
		i = last + 1
	}
}

// connector reports whether the lower-case word key may join the words
// of a name in the scanned text's language.
func (s *anchorScan) connector(key string) bool {
	if s.lang == "de" {
		return germanConnectors[key]
	}
	return connectors[key]
}

// emitName trims a run of words and emits it as a name if it still is one.
func (s *anchorScan) emitName(toks []token, run []int, lower map[string]bool) {
	// A capitalised common word or stopword does not start a name: "The
	// National Cyber Security Centre", "Der Bezirksrat".
	for len(run) > 0 {
		t := toks[run[0]]
		if t.kind == tokLower || t.kind == tokCap && (stopwords[t.key] || t.initial && lower[t.key]) {
			run = run[1:]
			continue
		}
		break
	}
	for len(run) > 0 && toks[run[len(run)-1]].kind == tokLower {
		run = run[:len(run)-1]
	}
	caps := 0
	for _, k := range run {
		if toks[k].kind == tokCap {
			caps++
		}
	}
	if caps == 0 {
		return // acronyms alone are anchors already
	}
	first, last := toks[run[0]], toks[run[len(run)-1]]
	if len(run) == 1 {
		if last.end-last.start < 2 {
			return
		}
		if s.lang == "de" {
			prev := ""
			if run[0] > 0 && !first.initial {
				prev = string(s.rs[toks[run[0]-1].start:toks[run[0]-1].end])
			}
			if germanNoun(string(s.rs[first.start:first.end]), prev) {
				return
			}
		}
	}
	s.add(model.AnchorName, fold.Key(string(s.rs[first.start:last.end])), first.start, last.end)
}
