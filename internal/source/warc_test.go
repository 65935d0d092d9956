package source

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// warcRecordBytes builds one WARC record.
func warcRecordBytes(typ, uri, ctype string, block []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-05-02T10:00:00Z\r\n", typ, uri)
	fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>\r\n", len(block))
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n", ctype, len(block))
	b.Write(block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

// httpResponse builds an HTTP response message.
func httpResponse(status int, ctype, encoding string, body []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d X\r\nContent-Type: %s\r\n", status, ctype)
	if encoding != "" {
		fmt.Fprintf(&b, "Content-Encoding: %s\r\n", encoding)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(body))
	b.Write(body)
	return b.Bytes()
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

const invitedPage = `<html><head><title>Port of Ardmere restores cargo systems | Coastal Wire</title></head>
<body><nav>Home | Ports | Weather</nav><article><h1>Port of Ardmere restores cargo systems</h1>
<p>The Port of Ardmere said its cargo booking systems were running again on Monday, four days after a cyber attack forced staff to process containers by hand.</p>
<p>The harbour master, Elin Vasquez, said no ships had been turned away and that the authority had reported the incident to the national cyber centre.</p>
<p>Hauliers said queues at the main gate had eased by the afternoon, although some bookings made during the outage still had to be checked.</p>
</article><footer>Contact us | Privacy</footer></body></html>`

const messageText = "Ardmere update\n\nThe port authority said all terminals were open again after the cyber incident, and that it would publish a full report within a month.\n"

// testWARC builds a WARC.gz, one gzip member per record, with valid,
// skipped and bad records; it returns the file and the records' count.
func testWARC(t testing.TB, truncate bool) []byte {
	var out bytes.Buffer
	add := func(rec []byte) { out.Write(gzipBytes(t, rec)) }
	add(warcRecordBytes("warcinfo", "", "application/warc-fields", []byte("software: casefile-test\r\n")))
	add(warcRecordBytes("request", "https://wire.example/ardmere", "application/http; msgtype=request", []byte("GET /ardmere HTTP/1.1\r\nHost: wire.example\r\n\r\n")))
	// 3: an HTML page.
	add(warcRecordBytes("response", "https://wire.example/ardmere", "application/http; msgtype=response",
		httpResponse(200, "text/html; charset=utf-8", "", []byte(invitedPage))))
	// 4: the same page, gzip-encoded by the server, at another URL.
	add(warcRecordBytes("response", "https://mirror.example/ardmere", "application/http; msgtype=response",
		httpResponse(200, "text/html", "gzip", gzipBytes(t, []byte(invitedPage)))))
	// 5: a 404 and 6: an image, both skipped.
	add(warcRecordBytes("response", "https://wire.example/missing", "application/http; msgtype=response",
		httpResponse(404, "text/html", "", []byte("<p>not found</p>"))))
	add(warcRecordBytes("response", "https://wire.example/logo.png", "application/http; msgtype=response",
		httpResponse(200, "image/png", "", []byte("\x89PNG\r\n\x1a\n"))))
	// 7: a record whose block inflates far past the record limit.
	add(warcRecordBytes("resource", "https://wire.example/huge.txt", "text/plain", bytes.Repeat([]byte{'a'}, 8<<20)))
	// 8: a gzip bomb inside the HTTP payload.
	add(warcRecordBytes("response", "https://wire.example/bomb", "application/http; msgtype=response",
		httpResponse(200, "text/html", "gzip", gzipBytes(t, make([]byte, 16<<20)))))
	// 9: a plain text resource.
	add(warcRecordBytes("resource", "https://wire.example/update.txt", "text/plain", []byte(messageText)))
	// 10: a record with a bad Content-Length.
	add([]byte("WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: lots\r\n\r\nxx\r\n\r\n"))
	// 11: a response whose HTTP message is garbage.
	add(warcRecordBytes("response", "https://wire.example/garbage", "application/http; msgtype=response", []byte("not http at all")))
	// 12: a record cut short.
	if truncate {
		rec := warcRecordBytes("resource", "https://wire.example/cut.txt", "text/plain", []byte(messageText))
		add(rec[:len(rec)-40])
	}
	return out.Bytes()
}

func TestReadWARC(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "crawl.warc.gz")
	if err := os.WriteFile(p, testWARC(t, true), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := Options{MaxRecordBytes: 1 << 20, MaxDocBytes: 1 << 20}
	raws, errs := collect(t, Read(t.Context(), []string{p}, opt))
	var ids []string
	for _, r := range raws {
		ids = append(ids, r.ID)
	}
	wantIDs := []string{"https://wire.example/ardmere", "https://mirror.example/ardmere", "https://wire.example/update.txt"}
	if strings.Join(ids, " ") != strings.Join(wantIDs, " ") {
		t.Fatalf("documents %q, want %q", ids, wantIDs)
	}
	page := raws[0]
	if page.ContentType != "text/html" || page.Source != "wire.example" || page.URI != p+"#3" ||
		page.Title != "Port of Ardmere restores cargo systems" {
		t.Errorf("page %+v", page)
	}
	if !strings.HasPrefix(string(page.Body), "Port of Ardmere restores cargo systems\n\nThe Port of Ardmere said") ||
		strings.Contains(string(page.Body), "Privacy") {
		t.Errorf("page body %q", page.Body)
	}
	if string(raws[1].Body) != string(page.Body) {
		t.Errorf("gzip-encoded page body %q", raws[1].Body)
	}
	if raws[2].ContentType != "text/plain" || string(raws[2].Body) != messageText {
		t.Errorf("text resource %+v", raws[2])
	}
	want := []struct {
		line int
		err  error
	}{{7, ErrTooLarge}, {8, ErrTooLarge}, {10, ErrWARCHeader}, {11, ErrHTTP}, {12, ErrTruncated}}
	if len(errs) != len(want) {
		t.Fatalf("errors %v, want %d", errs, len(want))
	}
	for i, w := range want {
		if errs[i].Input != p || errs[i].Line != w.line || !errors.Is(errs[i], w.err) {
			t.Errorf("error %d: %v, want record %d: %v", i, errs[i], w.line, w.err)
		}
	}
}

func TestReadWARCPlainAndCut(t *testing.T) {
	tests := []struct {
		name     string
		data     func(t *testing.T) []byte
		docs     int
		lastErr  error
		errCount int
	}{
		{"plain", func(t *testing.T) []byte {
			return append(warcRecordBytes("resource", "https://a.example/t", "text/plain", []byte(messageText)),
				warcRecordBytes("resource", "https://a.example/u", "text/plain; charset=utf-8", []byte(messageText+"More.\n"))...)
		}, 2, nil, 0},
		{"gzip cut mid-member", func(t *testing.T) []byte {
			b := testWARC(t, false)
			return b[:len(b)-30]
		}, 3, ErrTruncated, 4}, // the last record (11) is the one cut
		{"junk before a record", func(t *testing.T) []byte {
			return append([]byte("garbage\nmore garbage\n"), warcRecordBytes("resource", "https://a.example/t", "text/plain", []byte(messageText))...)
		}, 1, ErrWARCHeader, 1},
		{"only junk", func(t *testing.T) []byte { return []byte("hello\nworld\n") }, 0, ErrWARCHeader, 1},
		{"empty", func(t *testing.T) []byte { return nil }, 0, nil, 0},
		{"header cut", func(t *testing.T) []byte { return []byte("WARC/1.0\r\nWARC-Type: resource\r\n") }, 0, ErrTruncated, 1},
		{"record too large to skip", func(t *testing.T) []byte {
			return []byte("WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 99999999999\r\n\r\n")
		}, 0, ErrTooLarge, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := Options{MaxRecordBytes: 1 << 20, MaxDocBytes: 1 << 20, MaxSkipBytes: 64 << 20}
			raws, errs := collect(t, ReadWARC(t.Context(), bytes.NewReader(tt.data(t)), "in.warc", opt))
			if len(raws) != tt.docs {
				t.Errorf("%d documents, want %d", len(raws), tt.docs)
			}
			if len(errs) != tt.errCount {
				t.Fatalf("errors %v, want %d", errs, tt.errCount)
			}
			if tt.lastErr != nil && !errors.Is(errs[len(errs)-1], tt.lastErr) {
				t.Errorf("last error %v, want %v", errs[len(errs)-1], tt.lastErr)
			}
		})
	}
}
