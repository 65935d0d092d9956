package source

// A small streaming WARC reader, written here because no maintained Go
// WARC library is available (the ones on the module proxy are abandoned
// or read whole files into memory). It reads WARC/1.0 and WARC/1.1 files,
// plain or gzip-compressed (one member per record or one for the whole
// file), one record at a time with every size bounded: header lines,
// header blocks, record blocks, decoded HTTP payloads, and the bytes it
// will inflate just to skip a record it refuses.

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"

	"github.com/casefile/casefile/internal/fetch"
	"github.com/casefile/casefile/internal/model"
)

// WARC limits used when an Options field is zero or negative.
const (
	DefaultMaxRecordBytes = 32 << 20 // one WARC record's block
	DefaultMaxSkipBytes   = 1 << 30  // bytes read to skip refused records, per file
	maxWARCHeaderBytes    = 64 << 10 // one record's header block
	maxWARCLineBytes      = 16 << 10 // one header line
)

// More reasons a record is refused.
var (
	ErrTruncated  = errors.New("truncated")      // a record that ends before its Content-Length
	ErrWARCHeader = errors.New("malformed WARC") // no version line, a bad header, no Content-Length
	ErrHTTP       = errors.New("malformed HTTP") // a response record whose HTTP message does not parse
)

// warcMagic starts every WARC record.
var warcMagic = []byte("WARC/")

// isWARC reports whether the file name says WARC.
func isWARC(p string) bool {
	p = strings.TrimSuffix(strings.ToLower(p), ".gz")
	return strings.HasSuffix(p, ".warc")
}

// ReadWARC reads WARC records from r (an upload, standard input; gzip is
// detected) as Read does for a .warc or .warc.gz file; name stands for the
// input in URIs and errors.
//
// Response records carrying an HTML page (HTTP status 2xx) become
// documents through HTML; resource and conversion records of HTML or
// plain text too. Other records (requests, metadata, warcinfo, images,
// redirects) are skipped silently. A refused record is a *Error whose
// Line is the record's number in the file (1-based); a truncated file or
// a header that cannot be resynchronised ends the file.
func ReadWARC(ctx context.Context, r io.Reader, name string, opt Options) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		w := &walker{ctx: ctx, opt: opt.withDefaults(), yield: yield}
		w.warc(r, name)
	}
}

// warcFile reads one WARC file.
func (w *walker) warcFile(p string) bool {
	f, r, err := w.openFile(p)
	if err != nil {
		return w.fail(p, 0, err)
	}
	defer f.Close()
	return w.warc(r, p)
}

// warc reads every record of r.
func (w *walker) warc(r io.Reader, name string) bool {
	br, done, err := sniffGzip(r)
	if err != nil {
		return w.fail(name, 0, err)
	}
	defer done()
	wr := &warcReader{br: br, maxRecord: w.opt.MaxRecordBytes, skipLeft: w.opt.MaxSkipBytes}
	for n := 1; ; n++ {
		if !w.alive() {
			return false
		}
		rec, err := wr.next()
		if err == io.EOF {
			return true
		}
		if n > w.opt.MaxRecords {
			return w.fail(name, n, fmt.Errorf("%w: over the limit of %d records in one file; the rest of the file is not read",
				ErrTooMany, w.opt.MaxRecords))
		}
		if err != nil {
			if !w.fail(name, n, err) {
				return false
			}
			if wr.fatal {
				return true
			}
			continue
		}
		raw, ok, err := rec.document(name, n, w.opt)
		if err != nil {
			if !w.fail(name, n, err) {
				return false
			}
			continue
		}
		if ok && !w.emit(raw) {
			return false
		}
	}
}

// warcRecord is one record: its named header fields and its block.
type warcRecord struct {
	header textproto.MIMEHeader
	block  []byte
}

// warcReader reads records from a decompressed stream.
type warcReader struct {
	br        *bufio.Reader
	maxRecord int64
	skipLeft  int64 // bytes still allowed to be discarded when skipping
	fatal     bool  // the last error ends the file
}

// next reads the next record. It returns io.EOF at a clean end of input.
// After an error with fatal unset, the reader is positioned at the next
// record.
func (wr *warcReader) next() (warcRecord, error) {
	// Records are separated by CRLF CRLF; tolerate any blank lines.
	line, err := wr.line()
	for err == nil && len(bytes.TrimSpace(line)) == 0 {
		line, err = wr.line()
	}
	if err == io.EOF && len(bytes.TrimSpace(line)) == 0 {
		return warcRecord{}, io.EOF
	}
	if err != nil && err != io.EOF {
		return warcRecord{}, wr.fail(err)
	}
	if !bytes.HasPrefix(line, warcMagic) {
		// Not at a record: look for the next version line.
		if rerr := wr.resync(); rerr != nil {
			return warcRecord{}, wr.fail(fmt.Errorf("%w: no version line, and no record follows", ErrWARCHeader))
		}
		return warcRecord{}, fmt.Errorf("%w: expected a version line, skipped to the next record", ErrWARCHeader)
	}
	header, err := wr.header()
	if err != nil {
		return warcRecord{}, wr.fail(err)
	}
	cl := header.Get("Content-Length")
	size, perr := strconv.ParseInt(strings.TrimSpace(cl), 10, 64)
	if perr != nil || size < 0 {
		if rerr := wr.resync(); rerr != nil {
			return warcRecord{}, wr.fail(fmt.Errorf("%w: Content-Length %q", ErrWARCHeader, cl))
		}
		return warcRecord{}, fmt.Errorf("%w: Content-Length %q", ErrWARCHeader, cl)
	}
	if size > wr.maxRecord {
		// Skip the block without keeping it, within the skip budget (a
		// compressed bomb inflates as it is skipped).
		if size > wr.skipLeft {
			return warcRecord{}, wr.fail(fmt.Errorf("%w: record of %d bytes, over the limit of %d, and too large to skip", ErrTooLarge, size, wr.maxRecord))
		}
		n, err := io.CopyN(io.Discard, wr.br, size)
		wr.skipLeft -= n
		if err != nil {
			return warcRecord{}, wr.fail(fmt.Errorf("%w: record of %d bytes ends after %d", ErrTruncated, size, n))
		}
		return warcRecord{}, fmt.Errorf("%w: record of %d bytes, over the limit of %d", ErrTooLarge, size, wr.maxRecord)
	}
	block := make([]byte, size)
	if n, err := io.ReadFull(wr.br, block); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return warcRecord{}, wr.fail(fmt.Errorf("%w: record of %d bytes ends after %d", ErrTruncated, size, n))
		}
		return warcRecord{}, wr.fail(err)
	}
	return warcRecord{header: header, block: block}, nil
}

// fail marks err as ending the file.
func (wr *warcReader) fail(err error) error {
	wr.fatal = true
	var ce flate.CorruptInputError
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.As(err, &ce) {
		return fmt.Errorf("%w: %v", ErrTruncated, err)
	}
	return err
}

// line reads one line (LF or CRLF) of at most maxWARCLineBytes.
func (wr *warcReader) line() ([]byte, error) {
	var buf []byte
	for {
		frag, err := wr.br.ReadSlice('\n')
		buf = append(buf, frag...)
		if len(buf) > maxWARCLineBytes {
			return nil, fmt.Errorf("%w: header line over %d bytes", ErrWARCHeader, maxWARCLineBytes)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return trimEOL(buf), err
	}
}

// header reads header lines up to the blank line.
func (wr *warcReader) header() (textproto.MIMEHeader, error) {
	h := textproto.MIMEHeader{}
	total := 0
	var last string
	for {
		line, err := wr.line()
		if err != nil {
			if err == io.EOF {
				return nil, fmt.Errorf("%w: header ends early", ErrTruncated)
			}
			return nil, err
		}
		total += len(line)
		if total > maxWARCHeaderBytes {
			return nil, fmt.Errorf("%w: header over %d bytes", ErrWARCHeader, maxWARCHeaderBytes)
		}
		if len(line) == 0 {
			return h, nil
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" { // continuation
			vs := h[last]
			vs[len(vs)-1] += " " + strings.TrimSpace(string(line))
			continue
		}
		k, v, ok := strings.Cut(string(line), ":")
		if !ok {
			continue // tolerate a stray line, as readers of real crawls must
		}
		last = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k))
		h.Add(last, strings.TrimSpace(v))
	}
}

// resync skips to the next line starting with "WARC/", leaving it
// unread. It fails at the end of input or when the skip budget is spent.
func (wr *warcReader) resync() error {
	for {
		peek, err := wr.br.Peek(len(warcMagic))
		if err == nil && bytes.Equal(peek, warcMagic) {
			return nil
		}
		if err != nil {
			return err
		}
		frag, err := wr.br.ReadSlice('\n')
		wr.skipLeft -= int64(len(frag))
		if wr.skipLeft < 0 {
			return fmt.Errorf("%w: nothing but junk", ErrWARCHeader)
		}
		if err != nil && err != bufio.ErrBufferFull {
			return err
		}
	}
}

// document turns a record into a document. ok is false for records that
// carry no document (requests, metadata, images, redirects).
func (rec warcRecord) document(name string, n int, opt Options) (model.Raw, bool, error) {
	target := strings.Trim(rec.header.Get("Warc-Target-Uri"), "<>")
	raw := model.Raw{
		ID:     target,
		Source: siteOf(target, name),
		URI:    fmt.Sprintf("%s#%d", name, n),
		URL:    target,
	}
	if raw.ID == "" {
		raw.ID = strings.Trim(rec.header.Get("Warc-Record-Id"), "<>")
	}
	if raw.ID == "" {
		raw.ID = raw.URI
	}
	ctype := rec.header.Get("Content-Type")
	payload := rec.block
	switch strings.ToLower(rec.header.Get("Warc-Type")) {
	case "response":
		if !strings.HasPrefix(strings.ToLower(ctype), "application/http") {
			ctype = "" // a response of another protocol
			break
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(rec.block)), nil)
		if err != nil {
			return model.Raw{}, false, fmt.Errorf("%w: %v", ErrHTTP, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return model.Raw{}, false, nil
		}
		ctype = resp.Header.Get("Content-Type")
		if !isDocType(ctype) {
			return model.Raw{}, false, nil
		}
		payload, err = fetch.DecodeBody(resp.Body, resp.Header.Get("Content-Encoding"), opt.MaxDocBytes)
		if err != nil {
			return model.Raw{}, false, err
		}
	case "resource", "conversion":
	default:
		return model.Raw{}, false, nil
	}
	if !isDocType(ctype) {
		return model.Raw{}, false, nil
	}
	if int64(len(payload)) > opt.MaxDocBytes {
		return model.Raw{}, false, fmt.Errorf("%w: %d bytes, over the limit of %d", ErrTooLarge, len(payload), opt.MaxDocBytes)
	}
	if isHTMLType(ctype) {
		doc, err := HTML(raw, payload)
		return doc, err == nil, err
	}
	body, err := CleanText(payload)
	if err != nil {
		return model.Raw{}, false, err
	}
	raw.Body, raw.ContentType = body, "text/plain"
	return raw, true, nil
}

// isDocType reports a media type casefile reads: HTML or plain text.
func isDocType(ctype string) bool {
	return isHTMLType(ctype) || mediaType(ctype) == "text/plain"
}

// isHTMLType reports an HTML media type.
func isHTMLType(ctype string) bool {
	switch mediaType(ctype) {
	case "text/html", "application/xhtml+xml":
		return true
	}
	return false
}

func mediaType(ctype string) string {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt, _, _ = strings.Cut(ctype, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// siteOf returns the host of a URL, for grouping a site's documents, or
// fallback.
func siteOf(rawURL, fallback string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return fallback
}

// sniffGzip buffers r and, when it starts with the gzip magic bytes,
// unpacks it (all members, as WARC.gz files have one per record). done
// releases the decompressor.
func sniffGzip(r io.Reader) (br *bufio.Reader, done func(), err error) {
	br = bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip: %w", err)
		}
		return bufio.NewReaderSize(zr, 64<<10), func() { zr.Close() }, nil
	}
	return br, func() {}, nil
}
