package source

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode"
	utf16std "unicode/utf16"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/model"
)

// sniffBytes is how much of a document the binary check looks at.
const sniffBytes = 8 << 10

var bom = []byte{0xEF, 0xBB, 0xBF}

// textFile reads one plain text document, gunzipping it if its name ends
// in .gz.
func (w *walker) textFile(p string, info fs.FileInfo) bool {
	limit := w.opt.MaxDocBytes
	if info.Size() > limit {
		return w.fail(p, 0, fmt.Errorf("%w: %d bytes, over the limit of %d", ErrTooLarge, info.Size(), limit))
	}
	data, err := w.readFile(p, info.Size(), limit)
	if err != nil {
		return w.fail(p, 0, err)
	}
	r := model.Raw{
		ID:          w.fsys.Base(p),
		Source:      w.fsys.Dir(p),
		URI:         p,
		ContentType: contentType(strings.TrimSuffix(strings.ToLower(p), ".gz")),
	}
	if r.ContentType == "text/html" {
		if r, err = HTML(r, data); err != nil {
			return w.fail(p, 0, err)
		}
		return w.emit(r)
	}
	if r.Body, err = CleanText(data); err != nil {
		return w.fail(p, 0, err)
	}
	return w.emit(r)
}

// readFile reads at most limit bytes of file p (of size bytes on disk),
// decompressed if p ends in .gz; more is ErrTooLarge.
func (w *walker) readFile(p string, size, limit int64) ([]byte, error) {
	f, r, err := w.openFile(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if strings.HasSuffix(strings.ToLower(p), ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		r, size = zr, 4*size
	}
	// The file may have grown since Stat (or inflate): never read more
	// than the cap.
	var buf bytes.Buffer
	buf.Grow(int(min(size, limit)) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("%w: over the limit of %d bytes", ErrTooLarge, limit)
	}
	return buf.Bytes(), nil
}

// CleanText checks that b is a text document and returns it normalised: a
// leading UTF-8 byte order mark stripped, UTF-16 text with a byte order
// mark decoded to UTF-8 (so one article saved in either encoding is one
// text), and line ends (CRLF, lone CR) turned into LF. It refuses empty or whitespace-only text (ErrEmpty),
// binary data — a NUL byte anywhere, or more than one control byte in ten
// in the first 8 KiB — (ErrBinary) and invalid UTF-8 (ErrInvalidUTF8, with
// the byte offset of the first bad sequence, counted in b). The result may
// share memory with b.
func CleanText(b []byte) ([]byte, error) {
	if utf16(b) {
		u, err := decodeUTF16(b)
		if err != nil {
			return nil, err
		}
		b = u
	}
	off := 0
	if bytes.HasPrefix(b, bom) {
		b, off = b[len(bom):], len(bom)
	}
	if len(b) == 0 {
		return nil, ErrEmpty
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, fmt.Errorf("%w: NUL byte at offset %d", ErrBinary, off+i)
	}
	head := b[:min(len(b), sniffBytes)]
	if n := countControl(head); n*10 > len(head) {
		return nil, fmt.Errorf("%w: %d control bytes in the first %d", ErrBinary, n, len(head))
	}
	if i := invalidUTF8(b); i >= 0 {
		return nil, fmt.Errorf("%w at byte offset %d", ErrInvalidUTF8, off+i)
	}
	if len(bytes.TrimFunc(b, unicode.IsSpace)) == 0 {
		return nil, fmt.Errorf("%w: only whitespace", ErrEmpty)
	}
	return normaliseNewlines(b), nil
}

// countControl counts C0 control bytes other than the usual whitespace
// (tab, LF, VT, FF, CR), and DEL.
func countControl(b []byte) int {
	n := 0
	for _, c := range b {
		if (c < 0x20 && (c < '\t' || c > '\r')) || c == 0x7f {
			n++
		}
	}
	return n
}

// invalidUTF8 returns the byte offset of the first invalid UTF-8 sequence
// in b, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// normaliseNewlines turns CRLF and lone CR into LF, returning b itself if
// it has no CR.
func normaliseNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			if i+1 < len(b) && b[i+1] == '\n' {
				continue // the LF comes next
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out
}

// decodeUTF16 decodes UTF-16 text that starts with a byte order mark
// into UTF-8 (with the mark as a UTF-8 one). An odd number of bytes or
// an unpaired surrogate is ErrInvalidUTF16.
func decodeUTF16(b []byte) ([]byte, error) {
	if len(b)%2 != 0 {
		return nil, fmt.Errorf("%w: an odd number of bytes (%d)", ErrInvalidUTF16, len(b))
	}
	order := binary.ByteOrder(binary.LittleEndian)
	if b[0] == 0xFE {
		order = binary.BigEndian
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = order.Uint16(b[2*i:])
	}
	for i := 0; i < len(units); i++ {
		switch u := units[i]; {
		case utf16std.IsSurrogate(rune(u)) && u < 0xDC00 && i+1 < len(units) && units[i+1] >= 0xDC00 && units[i+1] <= 0xDFFF:
			i++
		case utf16std.IsSurrogate(rune(u)):
			return nil, fmt.Errorf("%w: unpaired surrogate at byte offset %d", ErrInvalidUTF16, 2*i)
		}
	}
	return []byte(string(utf16std.Decode(units))), nil
}
