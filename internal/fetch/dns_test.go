package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// dnsServer answers DNS questions on a loopback UDP port with what
// answer returns for them (an address and its TTL; none when ok is
// false), so that tests can make names resolve to internal addresses
// without any query leaving the machine. An A question gets IPv4
// answers only, an AAAA question IPv6 ones.
func dnsServer(t *testing.T, answer func(q dnsmessage.Question) (addr netip.Addr, ttl uint32, ok bool)) *net.Resolver {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var p dnsmessage.Parser
			h, err := p.Start(buf[:n])
			if err != nil {
				continue
			}
			q, err := p.Question()
			if err != nil {
				continue
			}
			b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true})
			b.StartQuestions()
			b.Question(q)
			b.StartAnswers()
			if addr, ttl, ok := answer(q); ok {
				rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: ttl}
				switch {
				case q.Type == dnsmessage.TypeA && addr.Is4():
					b.AResource(rh, dnsmessage.AResource{A: addr.As4()})
				case q.Type == dnsmessage.TypeAAAA && addr.Is6():
					b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: addr.As16()})
				}
			}
			if msg, err := b.Finish(); err == nil {
				pc.WriteTo(msg, from)
			}
		}
	}()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", pc.LocalAddr().String())
	}}
}

// fakeDNS answers A and AAAA questions from names.
func fakeDNS(t *testing.T, names map[string]string) *net.Resolver {
	t.Helper()
	return dnsServer(t, func(q dnsmessage.Question) (netip.Addr, uint32, bool) {
		ip, ok := names[strings.TrimSuffix(q.Name.String(), ".")]
		if !ok {
			return netip.Addr{}, 0, false
		}
		return netip.MustParseAddr(ip), 60, true
	})
}

// TestSSRFByName: names that resolve to 127.0.0.1, 10.x, 169.254.169.254
// or ::1 are refused after resolution, in the dialer.
func TestSSRFByName(t *testing.T) {
	res := fakeDNS(t, map[string]string{
		"loop4.test":    "127.0.0.1",
		"internal.test": "10.20.30.40",
		"metadata.test": "169.254.169.254",
		"loop6.test":    "::1",
	})
	c := New(Options{HostDelay: -1, Timeout: 3 * time.Second})
	c.dialer.Resolver = res
	for _, host := range []string{"loop4.test", "internal.test", "metadata.test", "loop6.test"} {
		_, err := c.Get(t.Context(), "http://"+host+"/latest/meta-data/", Conditional{})
		if !errors.Is(err, ErrBlocked) {
			t.Errorf("%s: err %v, want %v", host, err, ErrBlocked)
		}
	}
}

// rebindingDNS answers A questions for one name with the addresses in
// turn, round and round, one per question (AAAA questions get no
// answer), with a TTL of 0, as a rebinding attacker's name server does:
// a public address for the check, an internal one for the connection.
func rebindingDNS(t *testing.T, name string, answers ...string) (*net.Resolver, *atomic.Int32) {
	t.Helper()
	var asked atomic.Int32
	res := dnsServer(t, func(q dnsmessage.Question) (netip.Addr, uint32, bool) {
		if q.Type != dnsmessage.TypeA || strings.TrimSuffix(q.Name.String(), ".") != name {
			return netip.Addr{}, 0, false
		}
		i := int(asked.Add(1)) - 1
		return netip.MustParseAddr(answers[i%len(answers)]), 0, true
	})
	return res, &asked
}

// TestDNSRebinding: a name that first resolves to a public address (here
// 127.0.0.2, which the test declares public) and then to 127.0.0.1 on
// the same port never reaches the server on 127.0.0.1: the address is
// checked where the connection is made, for every lookup, not once
// before it.
func TestDNSRebinding(t *testing.T) {
	var secret atomic.Int32
	var public atomic.Int32
	// The same port on both addresses, as a rebinding attack needs.
	var pub, internal net.Listener
	for range 20 {
		l, err := net.Listen("tcp", "127.0.0.2:0")
		if err != nil {
			t.Skipf("cannot listen on 127.0.0.2: %v", err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		if in, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			pub, internal = l, in
			break
		}
		l.Close()
	}
	if pub == nil {
		t.Skip("no port free on both 127.0.0.1 and 127.0.0.2")
	}
	serve := func(l net.Listener, hits *atomic.Int32, body string) {
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			if r.URL.Path == "/robots.txt" {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, body)
		})}
		go srv.Serve(l)
		t.Cleanup(func() { srv.Close() })
	}
	serve(pub, &public, "public page")
	serve(internal, &secret, "internal secret")
	port := pub.Addr().(*net.TCPAddr).Port
	res, asked := rebindingDNS(t, "rebind.test", "127.0.0.2", "127.0.0.1")
	publicAddr := netip.MustParseAddrPort(pub.Addr().String())
	blocked := 0
	for i := range 4 {
		// A new client each time, so every request looks the name up
		// again instead of reusing a connection.
		c := New(Options{HostDelay: -1, Timeout: 3 * time.Second})
		c.dialer.Resolver = res
		c.permit = func(ap netip.AddrPort) bool { return ap == publicAddr }
		resp, err := c.Get(t.Context(), fmt.Sprintf("http://rebind.test:%d/page", port), Conditional{})
		switch {
		case errors.Is(err, ErrBlocked):
			blocked++
		case err != nil:
			t.Errorf("request %d: %v", i+1, err)
		case string(resp.Body) != "public page":
			t.Errorf("request %d read %q", i+1, resp.Body)
		}
	}
	if n := secret.Load(); n != 0 {
		t.Errorf("the internal server was reached %d times", n)
	}
	if blocked == 0 || public.Load() == 0 || asked.Load() < 4 {
		t.Errorf("%d requests blocked, %d reached the public server, %d lookups: the rebinding was not exercised",
			blocked, public.Load(), asked.Load())
	}
}
