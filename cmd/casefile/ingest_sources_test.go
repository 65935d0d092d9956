package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Invented pages; nothing here comes from ../shared.
const (
	clinicPage = `<html><head><title>Clinic network restores booking line | Valley Post</title></head><body>
<nav>Home | Health | Local</nav><article><h1>Clinic network restores booking line</h1>
<p>The Fernbrook clinic network said on Wednesday that its telephone booking line was working again after a ransomware attack disrupted appointments for three days.</p>
<p>A spokesperson said patient records had not been accessed and that the network had informed the data protection regulator as a precaution.</p>
<p>Patients with appointments this week were asked to attend as planned unless contacted by the clinic.</p>
</article><footer>Valley Post | Privacy | Contact</footer></body></html>`
	ferryPage = `<html><head><title>Ferry operator's website back online</title></head><body><article>
<h1>Ferry operator's website back online</h1>
<p>Northsound Ferries said its website and ticket sales were back online on Friday after a cyber incident forced it to sell tickets only at the harbour.</p>
<p>The company said timetables had not been affected and that it was working with an outside security firm to investigate.</p>
</article></body></html>`
)

func warcRecord(uri, ctype string, block []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", uri, ctype, len(block))
	b.Write(block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

func gzipMember(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func httpOK(body string) []byte {
	return []byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body))
}

// TestIngestHTMLAndWARC ingests an HTML file and a WARC.gz with a valid
// record, a gzip bomb and a truncated record.
func TestIngestHTMLAndWARC(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "clinic.html"), []byte(clinicPage), 0o644); err != nil {
		t.Fatal(err)
	}
	var warc bytes.Buffer
	warc.Write(gzipMember(warcRecord("https://ferries.example/news/1", "application/http; msgtype=response", httpOK(ferryPage))))
	warc.Write(gzipMember(warcRecord("https://bomb.example/", "text/plain", make([]byte, 64<<20))))
	cut := warcRecord("https://ferries.example/news/2", "application/http; msgtype=response", httpOK(ferryPage))
	warc.Write(gzipMember(cut[:len(cut)/2]))
	if err := os.WriteFile(filepath.Join(dir, "crawl.warc.gz"), warc.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "c.db")
	var out, errb bytes.Buffer
	code, err := runIO(t.Context(), []string{"--db", db, "--quiet", "ingest", dir}, strings.NewReader(""), &out, &errb)
	if err != nil {
		t.Fatal(err)
	}
	if code != 1 {
		t.Errorf("exit code %d, want 1 (bad records reported)", code)
	}
	for _, want := range []string{"crawl.warc.gz:2: too large", "crawl.warc.gz:3: truncated"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
	b := exportBundle(t, db)
	got := map[string]string{}
	for _, d := range b.Documents {
		got[d.ID] = d.Text
	}
	if len(got) != 2 {
		t.Fatalf("documents %v, want clinic.html and the ferry page", got)
	}
	if txt := got["clinic.html"]; !strings.HasPrefix(txt, "The Fernbrook clinic network said") || strings.Contains(txt, "Privacy") {
		t.Errorf("clinic text %q", txt)
	}
	if txt := got["https://ferries.example/news/1"]; !strings.HasPrefix(txt, "Northsound Ferries said") {
		t.Errorf("ferry text %q", txt)
	}
}

func TestIngestStdinAndURLs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/clinic":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, clinicPage)
		case "/ferry":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, ferryPage)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "c.db")

	// Without --allow-private the loopback server is refused.
	var out, errb bytes.Buffer
	code, _ := runIO(t.Context(), []string{"--db", db, "--quiet", "ingest", srv.URL + "/clinic"}, strings.NewReader(""), &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "address not allowed") {
		t.Errorf("loopback URL without --allow-private: exit %d, stderr %s", code, errb.String())
	}

	// With it: one URL argument, a URL list on stdin... and stdin as a
	// document in a second run.
	list := filepath.Join(t.TempDir(), "urls.txt")
	os.WriteFile(list, []byte("# news\n"+srv.URL+"/ferry\n\n"+srv.URL+"/missing\n"), 0o644)
	out.Reset()
	errb.Reset()
	code, err := runIO(t.Context(), []string{"--db", db, "--quiet", "ingest", "--allow-private", "--delay", "0", "--urls", list, srv.URL + "/clinic"},
		strings.NewReader(""), &out, &errb)
	if err != nil || code != 1 || !strings.Contains(errb.String(), "/missing: HTTP error status 404") {
		t.Errorf("URLs: exit %d, err %v, stderr %s", code, err, errb.String())
	}
	out.Reset()
	errb.Reset()
	code, err = runIO(t.Context(), []string{"--db", db, "--quiet", "ingest", "-"},
		strings.NewReader("Harbour cameras offline\n\nThe Eastport harbour authority said its camera network was offline after a cyber incident on Monday.\n"), &out, &errb)
	if err != nil || code != 0 {
		t.Errorf("stdin: exit %d, err %v, stderr %s", code, err, errb.String())
	}
	b := exportBundle(t, db)
	ids := map[string]bool{}
	for _, d := range b.Documents {
		ids[d.ID] = true
	}
	for _, id := range []string{srv.URL + "/clinic", srv.URL + "/ferry", "stdin"} {
		if !ids[id] {
			t.Errorf("document %s missing; have %v", id, ids)
		}
	}
}
