package dict

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// A .dict.dz file is gzip with dictzip's random-access extension: the
// gzip header's extra field holds an "RA" subfield giving the length of
// the uncompressed chunks and the compressed size of each, and each
// chunk is deflated with a full flush so that it inflates on its own.
// Reading an entry therefore inflates one chunk (about 58 KB), not the
// whole file (100 MB for deu-eng): lookups of a few thousand words
// cost milliseconds and no memory beyond a small chunk cache. No Go
// library reads dictzip; compress/gzip parses the header but does not
// say where the deflate data begins, so the header is parsed here and
// the chunks inflated with compress/flate. A gzip file without the RA
// field is inflated whole (up to MaxDictBytes).

// MaxDictBytes bounds the uncompressed size of a .dict file.
const MaxDictBytes = 512 << 20

// dzCacheChunks is how many inflated chunks a reader keeps.
const dzCacheChunks = 8

// data reads byte ranges of an uncompressed .dict.
type data interface {
	ReadAt(off, n int64) ([]byte, error)
	Size() int64
}

// plainData is an uncompressed .dict, or a gzip one inflated whole.
type plainData struct{ b []byte }

func (p plainData) Size() int64 { return int64(len(p.b)) }

func (p plainData) ReadAt(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off > int64(len(p.b)) || n > int64(len(p.b))-off {
		return nil, fmt.Errorf("range %d+%d outside %d bytes", off, n, len(p.b))
	}
	return p.b[off : off+n], nil
}

// dzData reads a dictzip file chunk by chunk.
type dzData struct {
	r        io.ReaderAt
	chunkLen int64
	starts   []int64 // compressed offset of each chunk, then the end
	size     int64   // uncompressed size

	mu    sync.Mutex
	cache []cachedChunk // most recently used last
}

type cachedChunk struct {
	i int
	b []byte
}

func (z *dzData) Size() int64 { return z.size }

// openData recognises a plain, gzip or dictzip .dict in r (size bytes).
func openData(r io.ReaderAt, size int64) (data, error) {
	head := make([]byte, min(size, 1<<16+64))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		if size > MaxDictBytes {
			return nil, fmt.Errorf("%d bytes, more than %d", size, MaxDictBytes)
		}
		b := make([]byte, size)
		if _, err := r.ReadAt(b, 0); err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		return plainData{b}, nil
	}
	z, err := parseDictzip(head, size)
	if err != nil {
		return nil, err
	}
	if z == nil { // gzip without RA
		return inflateWhole(r, size)
	}
	z.r = r
	return z, nil
}

// parseDictzip reads the gzip header in head; it returns nil, nil for a
// gzip file without the RA subfield.
func parseDictzip(head []byte, size int64) (*dzData, error) {
	if len(head) < 10 {
		return nil, errors.New("gzip header truncated")
	}
	if head[2] != 8 {
		return nil, fmt.Errorf("gzip compression method %d, want deflate", head[2])
	}
	flg := head[3]
	p := 10
	var ra []byte
	if flg&0x04 != 0 {
		if len(head) < p+2 {
			return nil, errors.New("gzip extra field truncated")
		}
		xlen := int(binary.LittleEndian.Uint16(head[p:]))
		p += 2
		if len(head) < p+xlen {
			return nil, errors.New("gzip extra field truncated")
		}
		extra := head[p : p+xlen]
		p += xlen
		for len(extra) >= 4 {
			n := int(binary.LittleEndian.Uint16(extra[2:]))
			if len(extra) < 4+n {
				return nil, errors.New("gzip extra subfield truncated")
			}
			if extra[0] == 'R' && extra[1] == 'A' {
				ra = extra[4 : 4+n]
			}
			extra = extra[4+n:]
		}
	}
	for _, bit := range []byte{0x08, 0x10} { // file name, comment
		if flg&bit != 0 {
			i := bytes.IndexByte(head[p:], 0)
			if i < 0 {
				return nil, errors.New("gzip header name or comment unterminated")
			}
			p += i + 1
		}
	}
	if flg&0x02 != 0 {
		p += 2
	}
	if ra == nil {
		return nil, nil
	}
	if len(ra) < 6 {
		return nil, errors.New("dictzip RA field truncated")
	}
	ver := binary.LittleEndian.Uint16(ra)
	chlen := int64(binary.LittleEndian.Uint16(ra[2:]))
	chcnt := int(binary.LittleEndian.Uint16(ra[4:]))
	if ver != 1 || chlen == 0 || len(ra) < 6+2*chcnt {
		return nil, fmt.Errorf("dictzip RA field: version %d, chunk length %d, %d chunks in %d bytes", ver, chlen, chcnt, len(ra))
	}
	z := &dzData{chunkLen: chlen, starts: make([]int64, chcnt+1)}
	off := int64(p)
	for i := range chcnt {
		z.starts[i] = off
		off += int64(binary.LittleEndian.Uint16(ra[6+2*i:]))
	}
	z.starts[chcnt] = off
	if off > size {
		return nil, fmt.Errorf("dictzip chunks end at %d, past the file's %d bytes", off, size)
	}
	// The last chunk may be short; its length shows when it is read.
	z.size = chlen * int64(chcnt)
	return z, nil
}

// inflateWhole reads a gzip .dict without the RA field into memory.
func inflateWhole(r io.ReaderAt, size int64) (data, error) {
	zr, err := gzip.NewReader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(zr, MaxDictBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxDictBytes {
		return nil, fmt.Errorf("more than %d bytes inflated", MaxDictBytes)
	}
	return plainData{b}, nil
}

// chunk returns chunk i inflated.
func (z *dzData) chunk(i int) ([]byte, error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	for k, c := range z.cache {
		if c.i == i {
			z.cache = append(append(z.cache[:k:k], z.cache[k+1:]...), c)
			return c.b, nil
		}
	}
	comp := make([]byte, z.starts[i+1]-z.starts[i])
	if _, err := z.r.ReadAt(comp, z.starts[i]); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	out := make([]byte, z.chunkLen)
	n, err := io.ReadFull(flate.NewReader(bytes.NewReader(comp)), out)
	last := i == len(z.starts)-2
	// A chunk ends with a full flush, not a final block: reading past
	// it fails, so exactly chunkLen bytes are read; the last chunk is
	// shorter and ends the stream.
	if err != nil && !(last && errors.Is(err, io.ErrUnexpectedEOF)) {
		return nil, fmt.Errorf("inflating chunk %d: %w", i, err)
	}
	out = out[:n]
	if last {
		z.size = z.chunkLen*int64(i) + int64(n)
	}
	if len(z.cache) == dzCacheChunks {
		z.cache = z.cache[1:]
	}
	z.cache = append(z.cache, cachedChunk{i, out})
	return out, nil
}

func (z *dzData) ReadAt(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off > z.size || n > z.size-off {
		return nil, fmt.Errorf("range %d+%d outside %d bytes", off, n, z.size)
	}
	if n > MaxEntryBytes {
		return nil, fmt.Errorf("range of %d bytes, more than an entry's %d", n, MaxEntryBytes)
	}
	out := make([]byte, 0, n)
	for n > 0 {
		i := int(off / z.chunkLen)
		c, err := z.chunk(i)
		if err != nil {
			return nil, err
		}
		in := off - int64(i)*z.chunkLen
		if in >= int64(len(c)) {
			return nil, fmt.Errorf("range %d+%d outside %d bytes", off, n, z.size)
		}
		take := min(n, int64(len(c))-in)
		out = append(out, c[in:in+take]...)
		off += take
		n -= take
	}
	return out, nil
}
