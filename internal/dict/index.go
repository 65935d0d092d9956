package dict

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits on what a dictionary may hold, so that a damaged or hostile
// file fails with an error instead of exhausting memory.
const (
	MaxIndexBytes = 64 << 20  // size of a .index file
	MaxIndexLine  = 4 << 10   // one .index line
	MaxEntryBytes = 64 << 10  // one entry in the .dict
	MaxHeadwords  = 2_000_000 // lines of a .index
)

// Loc is where an entry lies in the uncompressed .dict.
type Loc struct{ Off, Len int64 }

// IndexLine is one parsed .index line.
type IndexLine struct {
	Head string // the headword as written
	Loc
}

// ParseIndex reads a dictd .index: one entry a line, "headword TAB
// offset TAB length", offset and length in dictd's base64 numbers. Lines
// for the database's own metadata (headwords "00databaseinfo" and the
// like) and blank headwords are left out. The error names the line.
func ParseIndex(r io.Reader) ([]IndexLine, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxIndexBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxIndexBytes {
		return nil, fmt.Errorf("index larger than %d bytes", MaxIndexBytes)
	}
	// One string for the file: headwords are slices of it, not one
	// allocation a line (deu-eng has 520,000 lines).
	all := string(b)
	n := strings.Count(all, "\n") + 1
	if n > MaxHeadwords+1 {
		return nil, fmt.Errorf("index has more than %d lines", MaxHeadwords)
	}
	out := make([]IndexLine, 0, n)
	for line := 1; all != ""; line++ {
		s, rest, _ := strings.Cut(all, "\n")
		all = rest
		if len(s) > MaxIndexLine {
			return nil, fmt.Errorf("index line %d longer than %d bytes", line, MaxIndexLine)
		}
		s = strings.TrimSuffix(s, "\r")
		if s == "" {
			continue
		}
		head, f1, ok1 := strings.Cut(s, "\t")
		f1, f2, ok2 := strings.Cut(f1, "\t")
		if !ok1 || !ok2 {
			fields := 1
			if ok1 {
				fields = 2
			}
			return nil, fmt.Errorf("index line %d: %d tab-separated fields, want 3", line, fields)
		}
		f2, orig, _ := strings.Cut(f2, "\t")
		orig, _, _ = strings.Cut(orig, "\t")
		off, err := decodeNumber(f1)
		if err != nil {
			return nil, fmt.Errorf("index line %d: offset: %w", line, err)
		}
		size, err := decodeNumber(f2)
		if err != nil {
			return nil, fmt.Errorf("index line %d: length: %w", line, err)
		}
		if size > MaxEntryBytes {
			return nil, fmt.Errorf("index line %d: entry of %d bytes, more than %d", line, size, MaxEntryBytes)
		}
		head = strings.TrimSpace(head)
		if o := strings.TrimSpace(orig); o != "" {
			head = o // dictfmt --index-keep-orig
		}
		if head == "" || strings.HasPrefix(head, "00database") || strings.HasPrefix(head, "00-database") {
			continue
		}
		out = append(out, IndexLine{Head: head, Loc: Loc{off, size}})
	}
	return out, nil
}

// b64 is dictd's base64 alphabet; a number is written most significant
// digit first, without padding (dictd's b64_decode).
const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// decodeNumber decodes one dictd base64 number. encoding/base64 decodes
// bytes in groups of four with padding; dictd writes a variable-length
// integer, so it is decoded here.
func decodeNumber(s string) (int64, error) {
	if s == "" {
		return 0, errors.New("empty number")
	}
	if len(s) > 10 { // 60 bits: past any file this package reads
		return 0, fmt.Errorf("number %q too long", s)
	}
	var v int64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(b64, s[i])
		if d < 0 {
			return 0, fmt.Errorf("number %q: %q is not a dictd base64 digit", s, s[i])
		}
		v = v<<6 | int64(d)
	}
	return v, nil
}

// encodeNumber writes v as dictd does (for tests and test files).
func encodeNumber(v int64) string {
	if v == 0 {
		return "A"
	}
	var b []byte
	for v > 0 {
		b = append(b, b64[v&63])
		v >>= 6
	}
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
