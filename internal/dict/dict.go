// Package dict reads dictd dictionaries as Debian's dict-freedict-*
// packages install them (/usr/share/dictd/freedict-deu-eng.index and
// .dict.dz): the index is read whole into a sorted table of folded
// headwords, entries are read on demand from the dictzip file one
// compressed chunk at a time, and each entry is reduced to its plain
// translations (ParseEntry).
package dict

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/casefile/casefile/internal/fold"
)

// DefaultDir is where Debian installs dictd dictionaries.
const DefaultDir = "/usr/share/dictd"

// Dir is the directory casefile reads dictionaries from: $CASEFILE_DICTD
// when set (empty turns dictionaries off), else DefaultDir.
func Dir() string {
	if d, ok := os.LookupEnv("CASEFILE_DICTD"); ok {
		return d
	}
	return DefaultDir
}

// Dict is one opened dictionary. Its methods are safe for concurrent
// use.
type Dict struct {
	name  string // the .index file, for errors
	keys  string // folded headwords, concatenated in sorted order
	ends  []uint32
	locs  []Loc
	data  data
	close func() error
}

// Open reads the index at indexPath and opens the data at dictPath (a
// .dict or .dict.dz file). When keep is not nil, only the headwords it
// keeps are indexed (a caller that looks up single words saves the
// memory of the phrases). Errors name the file at fault.
func Open(indexPath, dictPath string, keep func(head string) bool) (*Dict, error) {
	f, err := os.Open(indexPath)
	if err != nil {
		return nil, fmt.Errorf("dictionary: %w", err)
	}
	lines, err := ParseIndex(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("dictionary %s: %w", indexPath, err)
	}
	if keep != nil {
		lines = slices.DeleteFunc(lines, func(l IndexLine) bool { return !keep(l.Head) })
	}
	df, err := os.Open(dictPath)
	if err != nil {
		return nil, fmt.Errorf("dictionary: %w", err)
	}
	st, err := df.Stat()
	if err != nil {
		df.Close()
		return nil, fmt.Errorf("dictionary %s: %w", dictPath, err)
	}
	dat, err := openData(df, st.Size())
	if err != nil {
		df.Close()
		return nil, fmt.Errorf("dictionary %s: %w", dictPath, err)
	}
	if _, ok := dat.(plainData); ok {
		df.Close() // read whole; the file is no longer needed
	}
	d := newDict(indexPath, lines, dat)
	d.close = df.Close
	return d, nil
}

// OpenName opens dir/NAME.index with dir/NAME.dict.dz, or dir/NAME.dict
// when there is no .dz, as Open does.
func OpenName(dir, name string, keep func(head string) bool) (*Dict, error) {
	base := filepath.Join(dir, name)
	dictPath := base + ".dict.dz"
	if _, err := os.Stat(dictPath); err != nil {
		dictPath = base + ".dict"
	}
	return Open(base+".index", dictPath, keep)
}

func newDict(name string, lines []IndexLine, dat data) *Dict {
	type rec struct {
		key string
		loc Loc
	}
	recs := make([]rec, 0, len(lines))
	for _, l := range lines {
		if k := Fold(l.Head); k != "" {
			recs = append(recs, rec{k, l.Loc})
		}
	}
	slices.SortFunc(recs, func(a, b rec) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.loc.Off, b.loc.Off)
	})
	d := &Dict{name: name, data: dat, ends: make([]uint32, len(recs)), locs: make([]Loc, len(recs))}
	var b strings.Builder
	total := 0
	for _, r := range recs {
		total += len(r.key)
	}
	b.Grow(total)
	for i, r := range recs {
		b.WriteString(r.key)
		d.ends[i] = uint32(b.Len())
		d.locs[i] = r.loc
	}
	d.keys = b.String()
	return d
}

// Close releases the data file.
func (d *Dict) Close() error {
	if d.close == nil {
		return nil
	}
	return d.close()
}

// Len is the number of headword entries.
func (d *Dict) Len() int { return len(d.locs) }

// key is the i-th folded headword.
func (d *Dict) key(i int) string {
	start := uint32(0)
	if i > 0 {
		start = d.ends[i-1]
	}
	return d.keys[start:d.ends[i]]
}

// search returns the first index whose key is ≥ k.
func (d *Dict) search(k string) int {
	lo, hi := 0, len(d.locs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if d.key(m) < k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Has tells whether word (folded with Fold) is a headword.
func (d *Dict) Has(word string) bool {
	i := d.search(word)
	return i < len(d.locs) && d.key(i) == word
}

// WithPrefix returns up to limit headwords that start with prefix
// (folded), in order.
func (d *Dict) WithPrefix(prefix string, limit int) []string {
	var out []string
	for i := d.search(prefix); i < len(d.locs) && len(out) < limit; i++ {
		k := d.key(i)
		if !strings.HasPrefix(k, prefix) {
			break
		}
		if len(out) == 0 || out[len(out)-1] != k {
			out = append(out, k)
		}
	}
	return out
}

// Lookup returns the translations of every entry whose headword folds to
// word (itself folded with Fold), in entry order without repeats; none
// when word is not a headword.
func (d *Dict) Lookup(word string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for i := d.search(word); i < len(d.locs) && d.key(i) == word; i++ {
		b, err := d.data.ReadAt(d.locs[i].Off, d.locs[i].Len)
		if err != nil {
			return nil, fmt.Errorf("dictionary %s: entry %q: %w", d.name, word, err)
		}
		_, ts := ParseEntry(string(b))
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// LookupAll is Lookup for many words at once: the entries are read in
// the order of the data file, so that each compressed chunk is inflated
// at most once however many words it holds. Words that are not
// headwords are left out of the result.
func (d *Dict) LookupAll(words []string) (map[string][]string, error) {
	type want struct {
		word string
		i    int
	}
	var ws []want
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		for i := d.search(w); i < len(d.locs) && d.key(i) == w; i++ {
			ws = append(ws, want{w, i})
		}
	}
	slices.SortFunc(ws, func(a, b want) int { return cmp.Compare(d.locs[a.i].Off, d.locs[b.i].Off) })
	got := map[string][][]string{}
	for _, x := range ws {
		b, err := d.data.ReadAt(d.locs[x.i].Off, d.locs[x.i].Len)
		if err != nil {
			return nil, fmt.Errorf("dictionary %s: entry %q: %w", d.name, x.word, err)
		}
		_, ts := ParseEntry(string(b))
		got[x.word] = append(got[x.word], ts)
	}
	out := make(map[string][]string, len(got))
	// Entries of one headword in file order, as Lookup gives them.
	for w := range got {
		var ts []string
		seen := map[string]bool{}
		for _, e := range got[w] {
			for _, t := range e {
				if !seen[t] {
					seen[t] = true
					ts = append(ts, t)
				}
			}
		}
		out[w] = ts
	}
	return out, nil
}

// Each calls fn with every entry's folded headword and translations, in
// the order of the data file (so that each chunk is inflated once). It
// stops at the first error.
func (d *Dict) Each(fn func(head string, translations []string)) error {
	order := make([]int, len(d.locs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(d.locs[a].Off, d.locs[b].Off) })
	for _, i := range order {
		b, err := d.data.ReadAt(d.locs[i].Off, d.locs[i].Len)
		if err != nil {
			return fmt.Errorf("dictionary %s: entry %q: %w", d.name, d.key(i), err)
		}
		_, ts := ParseEntry(string(b))
		fn(d.key(i), ts)
	}
	return nil
}

// Fold normalises a headword or a word of text for lookup: case folded,
// accents stripped and spaces collapsed as package fold does, except in
// Chinese and Japanese script, which is kept as written (NFKC: full-width
// letters become ASCII, half-width kana full-width) since
// stripping its marks would merge kana that differ in voicing.
func Fold(s string) string {
	if ascii(s) {
		return foldASCII(s)
	}
	s = norm.NFKC.String(s)
	if !strings.ContainsFunc(s, isCJK) {
		return strings.Join(strings.Fields(fold.String(s)), " ")
	}
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexFunc(s, isCJK)
		if i < 0 {
			i = len(s)
		}
		b.WriteString(fold.String(s[:i]))
		s = s[i:]
		j := strings.IndexFunc(s, func(r rune) bool { return !isCJK(r) })
		if j < 0 {
			j = len(s)
		}
		b.WriteString(s[:j])
		s = s[j:]
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー' || r == '々'
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldASCII is Fold for ASCII text, a tenth of its cost: lower case and
// single spaces.
func foldASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}
