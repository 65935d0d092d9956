package fetch

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// fakeDNS answers A and AAAA questions from names on a loopback UDP
// port, so that tests can make names resolve to internal addresses
// without any query leaving the machine.
func fakeDNS(t *testing.T, names map[string]string) *net.Resolver {
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
			if ip, ok := names[strings.TrimSuffix(q.Name.String(), ".")]; ok {
				addr := netip.MustParseAddr(ip)
				rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
				switch {
				case q.Type == dnsmessage.TypeA && addr.Is4():
					b.AResource(rh, dnsmessage.AResource{A: addr.As4()})
				case q.Type == dnsmessage.TypeAAAA && addr.Is6():
					b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: addr.As16()})
				}
			}
			msg, err := b.Finish()
			if err == nil {
				pc.WriteTo(msg, from)
			}
		}
	}()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", pc.LocalAddr().String())
	}}
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
