package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Tests talk to httptest servers on loopback only. They reach them
// either with AllowPrivate (as casefile's --allow-private does) or, to
// test that an allowed first hop cannot redirect inward, through the
// unexported permit hook that lets exactly one server's address in.
// Refused addresses are refused in the dialer before any packet is sent.

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestPublic(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"93.184.216.34", true}, {"2a00:1450:4001:80b::200e", true}, {"8.8.8.8", true},
		{"127.0.0.1", false}, {"127.8.9.10", false}, {"::1", false}, {"10.0.0.1", false},
		{"10.255.1.2", false}, {"172.16.5.4", false}, {"192.168.1.1", false},
		{"169.254.169.254", false}, {"fe80::1", false}, {"fd00::1", false}, {"0.0.0.0", false},
		{"::", false}, {"100.64.0.1", false}, {"224.0.0.1", false}, {"255.255.255.255", false},
		{"::ffff:127.0.0.1", false}, {"::ffff:169.254.169.254", false}, {"64:ff9b::a00:1", false},
		{"2002:7f00:1::", false}, {"198.18.0.1", false},
	}
	for _, tt := range tests {
		if got := Public(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("Public(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

func serverAddr(s *httptest.Server) netip.AddrPort {
	return s.Listener.Addr().(*net.TCPAddr).AddrPort()
}

// TestSSRF: loopback (by address and by name), 10.x, 169.254.169.254 and
// IPv6 loopback are refused, and so is a redirect to one of them.
func TestSSRF(t *testing.T) {
	var hits atomic.Int32
	inner := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "internal secret")
	}))
	defer inner.Close()
	port := serverAddr(inner).Port()
	outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/to-inner":
			http.Redirect(w, r, inner.URL+"/admin", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusMovedPermanently)
		case "/to-ipv6":
			http.Redirect(w, r, fmt.Sprintf("http://[::1]:%d/", port), http.StatusTemporaryRedirect)
		default:
			fmt.Fprint(w, "public page")
		}
	}))
	defer outer.Close()
	c := New(Options{HostDelay: -1, Timeout: 5 * time.Second})
	outerAddr := serverAddr(outer)
	c.permit = func(ap netip.AddrPort) bool { return ap == outerAddr }

	// The permitted server itself is reachable.
	if resp, err := c.Get(t.Context(), outer.URL+"/page", Conditional{}); err != nil || string(resp.Body) != "public page" {
		t.Fatalf("permitted server: %v", err)
	}
	for _, u := range []string{
		inner.URL + "/",
		fmt.Sprintf("http://localhost:%d/", port),
		fmt.Sprintf("http://[::1]:%d/", port),
		fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/", port),
		"http://10.1.2.3/",
		"http://169.254.169.254/latest/meta-data/",
		outer.URL + "/to-inner",
		outer.URL + "/to-metadata",
		outer.URL + "/to-ipv6",
	} {
		_, err := c.Get(t.Context(), u, Conditional{})
		if !errors.Is(err, ErrBlocked) {
			t.Errorf("%s: err %v, want %v", u, err, ErrBlocked)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the internal server was reached %d times", n)
	}
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/x", "gopher://x/", "http:///nohost"} {
		if _, err := c.Get(t.Context(), u, Conditional{}); !errors.Is(err, ErrScheme) {
			t.Errorf("%s: err %v, want %v", u, err, ErrScheme)
		}
	}
}

func TestGet(t *testing.T) {
	page := []byte("<html><body><p>Hello</p></body></html>")
	var inFlight, maxInFlight atomic.Int32
	// Compressed once, before the server starts: compressing 32 MiB per
	// request could outlast the client's timeout on a busy machine.
	bomb := gz(make([]byte, 32<<20))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
		case "/page":
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
			}
			time.Sleep(time.Millisecond) // give overlapping requests a chance to show
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Write(page)
		case "/gzip":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gz(page))
		case "/bomb":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		case "/big":
			w.Header().Set("Content-Type", "text/html")
			w.Write(bytes.Repeat([]byte("x"), 2<<20))
		case "/image":
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG"))
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/hop":
			http.Redirect(w, r, "/page", http.StatusFound)
		case "/br":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "br")
			w.Write(page)
		case "/slow": // until the client gives up
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case "/private/x":
			w.Write(page)
		default:
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	c := New(Options{AllowPrivate: true, HostDelay: -1, MaxBytes: 1 << 20, MaxRedirects: 3,
		Accept: []string{"text/html"}, Timeout: 500 * time.Millisecond})

	tests := []struct {
		path string
		body string
		err  error
	}{
		{"/page", string(page), nil},
		{"/gzip", string(page), nil},
		{"/hop", string(page), nil},
		{"/bomb", "", ErrTooLarge},
		{"/big", "", ErrTooLarge},
		{"/image", "", ErrContentType},
		{"/loop", "", ErrRedirects},
		{"/br", "", ErrUnsupported},
		{"/private/x", "", ErrRobots},
		{"/missing", "", ErrStatus},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := c.Get(t.Context(), srv.URL+tt.path, Conditional{})
			if !errors.Is(err, tt.err) {
				t.Fatalf("err %v, want %v", err, tt.err)
			}
			if err == nil && string(resp.Body) != tt.body {
				t.Errorf("body %q, want %q", resp.Body, tt.body)
			}
		})
	}
	if _, err := c.Get(t.Context(), srv.URL+"/slow", Conditional{}); err == nil {
		t.Error("/slow: no timeout error")
	}

	// Conditional requests.
	resp, err := c.Get(t.Context(), srv.URL+"/page", Conditional{ETag: `"v1"`})
	if err != nil || !resp.NotModified || resp.Body != nil {
		t.Errorf("conditional get: %+v, %v", resp, err)
	}

	// Politeness: concurrent requests to one host never overlap.
	maxInFlight.Store(0)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			if _, err := c.Get(t.Context(), srv.URL+"/page", Conditional{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if m := maxInFlight.Load(); m != 1 {
		t.Errorf("%d requests in flight to one host at once, want 1", m)
	}
	if !strings.HasPrefix(DefaultUserAgent, "casefile") {
		t.Error("user agent")
	}
}

func TestDecodeBody(t *testing.T) {
	small := []byte("hello")
	tests := []struct {
		name     string
		body     []byte
		encoding string
		want     string
		err      error
	}{
		{"identity", small, "", "hello", nil},
		{"gzip", gz(small), "gzip", "hello", nil},
		{"x-gzip", gz(small), "X-Gzip", "hello", nil},
		{"bomb", gz(make([]byte, 4<<20)), "gzip", "", ErrTooLarge},
		{"br", small, "br", "", ErrUnsupported},
		{"too large", bytes.Repeat(small, 1000), "", "", ErrTooLarge},
		{"not gzip", small, "gzip", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeBody(bytes.NewReader(tt.body), tt.encoding, 1024)
			if tt.name == "not gzip" {
				if err == nil {
					t.Error("no error for a body that is not gzip")
				}
				return
			}
			if !errors.Is(err, tt.err) || string(got) != tt.want {
				t.Errorf("got %q, %v; want %q, %v", got, err, tt.want, tt.err)
			}
		})
	}
}
