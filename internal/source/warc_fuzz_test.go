package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"
)

// FuzzWARC feeds arbitrary bytes (plain or gzip) to the WARC reader: it
// must not panic, must end, must keep every record within its limits,
// and every text document must be clean. HTML records stop short of
// main-text extraction, which FuzzExtract in extract/htmltext covers
// (its first call compiles many patterns, too slow for a brief fuzz).
func FuzzWARC(f *testing.F) {
	f.Add(warcRecordBytes("resource", "https://a.example/t", "text/plain", []byte(messageText)))
	f.Add(warcRecordBytes("response", "https://a.example/p", "application/http; msgtype=response",
		httpResponse(200, "text/plain", "gzip", gzipBytes(f, []byte(messageText)))))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\n\r\nab"))
	f.Add([]byte("WARC/1.0\r\n Content-Length: 1\r\n\tx\r\n\r\n"))
	f.Add([]byte("junk\nWARC/1.1\r\nContent-Length: x\r\n\r\nWARC/1.0\r\nContent-Length: 0\r\n\r\n"))
	f.Add(gzipBytes(f, warcRecordBytes("resource", "u", "text/plain", []byte("x y z\n"))))
	const maxRecord = 1 << 16
	opt := Options{MaxRecordBytes: maxRecord, MaxDocBytes: 1 << 16, MaxSkipBytes: 1 << 20}.withDefaults()
	f.Fuzz(func(t *testing.T, in []byte) {
		br := bufio.NewReader(bytes.NewReader(in))
		if len(in) > 2 && in[0] == 0x1f && in[1] == 0x8b {
			zr, err := gzip.NewReader(br)
			if err != nil {
				return
			}
			br = bufio.NewReader(zr)
		}
		wr := &warcReader{br: br, maxRecord: opt.MaxRecordBytes, skipLeft: opt.MaxSkipBytes}
		for n := 1; ; n++ {
			if n > len(in)+2 {
				t.Fatalf("%d records from %d bytes: the reader does not advance", n, len(in))
			}
			rec, err := wr.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if wr.fatal {
					return
				}
				continue
			}
			if len(rec.block) > maxRecord {
				t.Fatalf("record of %d bytes, over the limit", len(rec.block))
			}
			if strings.Contains(strings.ToLower(string(rec.block)), "html") {
				continue
			}
			raw, ok, err := rec.document("f.warc", n, opt)
			if err != nil {
				var e *Error
				if errors.As(err, &e) {
					t.Fatalf("record error is already a *Error: %v", err)
				}
				continue
			}
			if ok {
				checkBody(t, raw.Body)
				if raw.ID == "" {
					t.Fatal("document without an ID")
				}
			}
		}
	})
}
