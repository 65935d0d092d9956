package kev

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/sharedtest"
)

// An invented catalogue in CISA's format.
const mini = `{"catalogVersion":"2026.01.01","dateReleased":"2026-01-01T00:00:00Z","count":7,"vulnerabilities":[
{"cveID":"CVE-2031-0001","vendorProject":"Corvane Networks","product":"Tidegate Secure Gateway","vulnerabilityName":"auth bypass","dateAdded":"2031-02-10"},
{"cveID":"CVE-2031-0002","vendorProject":"Corvane Networks","product":"Tidegate Secure Gateway","vulnerabilityName":"command injection","dateAdded":"2031-02-10"},
{"cveID":"CVE-2029-0100","vendorProject":"Corvane Networks","product":"Tidegate Secure Gateway","vulnerabilityName":"file read","dateAdded":"2029-05-01"},
{"cveID":"CVE-2029-0101","vendorProject":"Corvane Networks","product":"Tidegate Secure Gateway","vulnerabilityName":"overflow","dateAdded":"2029-05-01"},
{"cveID":"CVE-2029-0102","vendorProject":"Corvane Networks","product":"Tidegate Secure Gateway","vulnerabilityName":"upload","dateAdded":"2029-05-01"},
{"cveID":"CVE-2030-0500","vendorProject":"Corvane Networks","product":"Harbour Switch OS","vulnerabilityName":"rce","dateAdded":"2030-07-07"},
{"cveID":"CVE-2030-0900","vendorProject":"Quayline","product":"Ledger Desk","vulnerabilityName":"sqli","dateAdded":"2030-01-01"}]}`

func cat(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Parse(strings.NewReader(mini))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ids(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.CVE)
	}
	return out
}

func TestMatch(t *testing.T) {
	c := cat(t)
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"count picks the batch", Query{Vendor: "Corvane Networks", Product: "Tidegate VPN", Count: 2}, []string{"CVE-2031-0001", "CVE-2031-0002"}},
		{"date picks the recent batch", Query{Vendor: "Corvane", Product: "Tidegate Secure Gateway", Date: day("2031-02-01")}, []string{"CVE-2031-0001", "CVE-2031-0002"}},
		{"ambiguous: nothing", Query{Vendor: "Corvane Networks", Product: "Tidegate Secure Gateway"}, nil},
		{"other product of the vendor", Query{Vendor: "Corvane Networks", Product: "Harbour Switch"}, []string{"CVE-2030-0500"}},
		{"vendor only, one product line", Query{Vendor: "Quayline"}, []string{"CVE-2030-0900"}},
		{"unknown vendor", Query{Vendor: "Nobody Inc", Product: "Tidegate"}, nil},
		{"product words only, no vendor", Query{Product: "Ledger Desk appliance"}, []string{"CVE-2030-0900"}},
		{"generic words only", Query{Product: "VPN server"}, nil},
		{"count with no batch of that size", Query{Vendor: "Corvane Networks", Product: "Tidegate", Count: 4}, nil},
	}
	for _, tt := range tests {
		if got := ids(c.Match(tt.q)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Match(%+v) = %v, want %v", tt.name, tt.q, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{``, `{}`, `{"vulnerabilities":[]}`, `{"vulnerabilities":[{"cveID":"x"}]}`, `[1,2]`, `{"vulnerabilities":`} {
		if _, err := Parse(strings.NewReader(in)); err == nil {
			t.Errorf("Parse(%q): want an error", in)
		}
	}
}

func TestSync(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bad" {
			http.Error(w, "nope", http.StatusInternalServerError)
			return
		}
		if r.URL.Path == "/junk" {
			w.Write([]byte("<html>not json</html>"))
			return
		}
		w.Write([]byte(mini))
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "data", "kev.json")
	c, err := Sync(context.Background(), srv.Client(), srv.URL+"/kev.json", path)
	if err != nil || len(c.Entries) != 7 {
		t.Fatalf("Sync: %v, %d entries", err, len(c.Entries))
	}
	if _, err := Load(path); err != nil {
		t.Fatalf("Load after Sync: %v", err)
	}
	// A failed download keeps the file there.
	for _, p := range []string{"/bad", "/junk"} {
		if _, err := Sync(context.Background(), srv.Client(), srv.URL+p, path); err == nil {
			t.Errorf("Sync %s: want an error", p)
		}
		if _, err := Load(path); err != nil {
			t.Errorf("after failed Sync %s the catalogue is gone: %v", p, err)
		}
	}
}

// TestRealCatalogue reads the catalogue in ../shared/data.
func TestRealCatalogue(t *testing.T) {
	path := sharedtest.Path(t, "data", "kev.json")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) < 1000 {
		t.Errorf("only %d entries", len(c.Entries))
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(mini))
	f.Add([]byte(`{"vulnerabilities":[{"cveID":"CVE-1-2"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(strings.NewReader(string(b)))
		if err != nil {
			return
		}
		c.Match(Query{Vendor: "a", Product: "b c", Count: 2})
	})
}
