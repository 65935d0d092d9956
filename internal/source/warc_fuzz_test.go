package source

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzWARC feeds arbitrary bytes (plain or gzip) to the WARC reader: it
// must not panic, must end, must return only *Error values, and every
// document must be clean text.
func FuzzWARC(f *testing.F) {
	f.Add(warcRecordBytes("resource", "https://a.example/t", "text/plain", []byte(messageText)))
	f.Add(warcRecordBytes("response", "https://a.example/p", "application/http; msgtype=response",
		httpResponse(200, "text/html", "", []byte(invitedPage))))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\n\r\nab"))
	f.Add([]byte("WARC/1.0\r\n Content-Length: 1\r\n\tx\r\n\r\n"))
	f.Add(gzipBytes(f, warcRecordBytes("resource", "u", "text/plain", []byte("x y z\n"))))
	f.Fuzz(func(t *testing.T, in []byte) {
		opt := Options{MaxRecordBytes: 1 << 16, MaxDocBytes: 1 << 16, MaxSkipBytes: 1 << 20}
		for raw, err := range ReadWARC(t.Context(), bytes.NewReader(in), "f.warc", opt) {
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v is not a *Error", err)
				}
				continue
			}
			checkBody(t, raw.Body)
			if raw.ID == "" {
				t.Fatal("document without an ID")
			}
		}
	})
}
