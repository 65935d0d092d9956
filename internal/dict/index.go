package dict

import (
	"bufio"
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
	sc := bufio.NewScanner(io.LimitReader(r, MaxIndexBytes+1))
	sc.Buffer(make([]byte, 0, 4096), MaxIndexLine)
	var out []IndexLine
	line, read := 0, 0
	for sc.Scan() {
		line++
		read += len(sc.Bytes()) + 1
		if read > MaxIndexBytes {
			return nil, fmt.Errorf("index larger than %d bytes", MaxIndexBytes)
		}
		if line > MaxHeadwords {
			return nil, fmt.Errorf("index has more than %d lines", MaxHeadwords)
		}
		s := sc.Text()
		if s == "" {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) < 3 {
			return nil, fmt.Errorf("index line %d: %d tab-separated fields, want 3", line, len(f))
		}
		off, err := decodeNumber(f[1])
		if err != nil {
			return nil, fmt.Errorf("index line %d: offset: %w", line, err)
		}
		n, err := decodeNumber(f[2])
		if err != nil {
			return nil, fmt.Errorf("index line %d: length: %w", line, err)
		}
		if n > MaxEntryBytes {
			return nil, fmt.Errorf("index line %d: entry of %d bytes, more than %d", line, n, MaxEntryBytes)
		}
		head := strings.TrimSpace(f[0])
		if len(f) > 3 && strings.TrimSpace(f[3]) != "" {
			head = strings.TrimSpace(f[3]) // dictfmt --index-keep-orig
		}
		if head == "" || strings.HasPrefix(head, "00database") || strings.HasPrefix(head, "00-database") {
			continue
		}
		out = append(out, IndexLine{Head: head, Loc: Loc{off, n}})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("index line %d longer than %d bytes", line+1, MaxIndexLine)
		}
		return nil, err
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
