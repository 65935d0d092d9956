// Package fetch is casefile's safe HTTP client for pages and feeds given
// by users: bounded in time and size, careful with redirects and content
// codings, polite to hosts (robots.txt, one request at a time per host,
// a delay between requests) and, unless told otherwise, unable to reach
// loopback, private, link-local or other non-public addresses.
//
// The address check runs in the dialer's Control hook, after name
// resolution and for every connection, so it also covers redirects and
// names that resolve to an internal address (DNS rebinding).
package fetch

import (
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/temoto/robotstxt"
)

// Defaults used when an Options field is zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBytes     = 8 << 20
	DefaultMaxRedirects = 5
	DefaultHostDelay    = time.Second
	DefaultUserAgent    = "casefile/1 (+https://github.com/casefile/casefile)"
	maxRobotsBytes      = 512 << 10
	robotsTTL           = time.Hour
)

// Reasons a fetch is refused.
var (
	ErrBlocked     = errors.New("address not allowed")        // loopback, private, link-local... without AllowPrivate
	ErrScheme      = errors.New("scheme not allowed")         // anything but http and https
	ErrRedirects   = errors.New("too many redirects")         // over Options.MaxRedirects
	ErrTooLarge    = errors.New("too large")                  // body (raw or decoded) over Options.MaxBytes
	ErrUnsupported = errors.New("unsupported content coding") // not gzip, deflate or identity
	ErrContentType = errors.New("content type not accepted")  // not in Options.Accept
	ErrRobots      = errors.New("disallowed by robots.txt")
	ErrStatus      = errors.New("HTTP error status")
)

// Options configures a Client. The zero value is safe.
type Options struct {
	// AllowPrivate lets the client reach loopback, private and
	// link-local addresses (for tests against local servers and for
	// intranet feeds); off by default.
	AllowPrivate bool
	Timeout      time.Duration // whole request, body included
	MaxBytes     int64         // body size, before and after decoding
	MaxRedirects int
	// HostDelay is the least time between two requests to one host; a
	// longer Crawl-delay in robots.txt wins. Negative means none.
	HostDelay time.Duration
	UserAgent string
	// Accept lists the media types accepted ("text/html"); empty
	// accepts any.
	Accept []string
	Log    *slog.Logger
}

// Client fetches URLs safely. It is safe for concurrent use.
type Client struct {
	opt   Options
	http  *http.Client
	mu    sync.Mutex
	hosts map[string]*hostState
	// permit, in tests, lets chosen loopback addresses through the
	// address check.
	permit func(netip.AddrPort) bool
	robots map[string]*robotsEntry
}

type hostState struct {
	mu   sync.Mutex // one request at a time per host
	last time.Time
}

type robotsEntry struct {
	data    *robotstxt.RobotsData
	fetched time.Time
}

// New returns a client with opt's limits.
func New(opt Options) *Client {
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxRedirects <= 0 {
		opt.MaxRedirects = DefaultMaxRedirects
	}
	if opt.HostDelay == 0 {
		opt.HostDelay = DefaultHostDelay
	}
	if opt.UserAgent == "" {
		opt.UserAgent = DefaultUserAgent
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	c := &Client{opt: opt, hosts: map[string]*hostState{}, robots: map[string]*robotsEntry{}}
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: c.control}
	tr := &http.Transport{
		Proxy:                  nil, // a proxy would dial for us and escape the address check
		DialContext:            dialer.DialContext,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  opt.Timeout,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        30 * time.Second,
		DisableCompression:     true, // decoded here, with a size cap
		MaxResponseHeaderBytes: 64 << 10,
	}
	c.http = &http.Client{
		Transport: tr,
		Timeout:   opt.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opt.MaxRedirects {
				return fmt.Errorf("%w (%d)", ErrRedirects, opt.MaxRedirects)
			}
			if err := checkScheme(req.URL); err != nil {
				return err
			}
			return nil
		},
	}
	return c
}

// control refuses connections to non-public addresses.
func (c *Client) control(network, address string, _ syscall.RawConn) error {
	if c.opt.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrBlocked, address)
	}
	if c.permit != nil && c.permit(ap) {
		return nil
	}
	if ip := ap.Addr(); !Public(ip) {
		return fmt.Errorf("%w: %s", ErrBlocked, ip)
	}
	return nil
}

// nonPublic lists special-purpose ranges beyond what netip's predicates
// cover (RFC 6890 and successors).
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64: may map to an internal IPv4
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4: embeds an IPv4 address
}

// Public reports whether ip is a public unicast address: not loopback,
// private, link-local (169.254.0.0/16 holds cloud metadata services),
// multicast, unspecified, or another special-purpose range. IPv4-mapped
// IPv6 addresses are judged as IPv4.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

func checkScheme(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: %q", ErrScheme, u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("%w: no host in %q", ErrScheme, u.String())
	}
	return nil
}

// Conditional carries validators from an earlier fetch of the same URL.
type Conditional struct {
	ETag         string
	LastModified string
}

// Response is a fetched resource.
type Response struct {
	URL          string // after redirects
	Status       int
	ContentType  string
	Body         []byte // decoded; nil when NotModified
	ETag         string
	LastModified string
	NotModified  bool // the server answered 304 to a conditional request
}

// Get fetches rawURL, honouring robots.txt and the host's politeness
// delay. A status other than 2xx (or 304 to a conditional request) is an
// error wrapping ErrStatus.
func (c *Client) Get(ctx context.Context, rawURL string, cond Conditional) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", rawURL, err)
	}
	if err := checkScheme(u); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	ok, err := c.allowed(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	if !ok {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, ErrRobots)
	}
	resp, err := c.do(ctx, u, cond, true)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	return resp, nil
}

// do makes one polite request and reads its body; check says whether to
// apply Options.Accept.
func (c *Client) do(ctx context.Context, u *url.URL, cond Conditional, check bool) (*Response, error) {
	release, err := c.wait(ctx, u.Host)
	if err != nil {
		return nil, err
	}
	defer release()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.opt.UserAgent)
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	if check && len(c.opt.Accept) > 0 {
		req.Header.Set("Accept", strings.Join(c.opt.Accept, ", ")+", */*;q=0.1")
	}
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified")}
	if resp.StatusCode == http.StatusNotModified && (cond.ETag != "" || cond.LastModified != "") {
		out.NotModified = true
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return out, fmt.Errorf("%w %d", ErrStatus, resp.StatusCode)
	}
	if resp.ContentLength > c.opt.MaxBytes {
		return out, fmt.Errorf("%w: %d bytes announced, over the limit of %d", ErrTooLarge, resp.ContentLength, c.opt.MaxBytes)
	}
	if check && !c.accepts(out.ContentType) {
		return out, fmt.Errorf("%w: %q", ErrContentType, out.ContentType)
	}
	raw := io.LimitReader(resp.Body, c.opt.MaxBytes+1)
	body, err := DecodeBody(raw, resp.Header.Get("Content-Encoding"), c.opt.MaxBytes)
	if err != nil {
		return out, err
	}
	out.Body = body
	return out, nil
}

// accepts reports whether ctype is one of Options.Accept.
func (c *Client) accepts(ctype string) bool {
	if len(c.opt.Accept) == 0 {
		return true
	}
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		mt, _, _ = strings.Cut(ctype, ";")
	}
	mt = strings.ToLower(strings.TrimSpace(mt))
	for _, a := range c.opt.Accept {
		if mt == a {
			return true
		}
	}
	return false
}

// wait blocks until a request to host may start, and returns the
// function that marks its end.
func (c *Client) wait(ctx context.Context, host string) (func(), error) {
	c.mu.Lock()
	hs := c.hosts[host]
	if hs == nil {
		hs = &hostState{}
		c.hosts[host] = hs
	}
	delay := c.opt.HostDelay
	if re := c.robots[host]; re != nil && re.data != nil {
		if g := re.data.FindGroup(c.opt.UserAgent); g != nil && g.CrawlDelay > delay {
			delay = min(g.CrawlDelay, time.Minute)
		}
	}
	c.mu.Unlock()
	hs.mu.Lock()
	if delay > 0 {
		if d := time.Until(hs.last.Add(delay)); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				hs.mu.Unlock()
				return nil, ctx.Err()
			case <-t.C:
			}
		}
	}
	return func() {
		hs.last = time.Now()
		hs.mu.Unlock()
	}, nil
}

// allowed checks u against its host's robots.txt, fetched once an hour.
// A missing robots.txt (4xx) allows everything; a server error (5xx)
// disallows everything, as RFC 9309 says.
func (c *Client) allowed(ctx context.Context, u *url.URL) (bool, error) {
	c.mu.Lock()
	re := c.robots[u.Host]
	c.mu.Unlock()
	if re == nil || time.Since(re.fetched) > robotsTTL {
		ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
		var data *robotstxt.RobotsData
		resp, err := c.do(ctx, ru, Conditional{}, false)
		switch {
		case err == nil:
			data, err = robotstxt.FromStatusAndBytes(resp.Status, resp.Body)
			if err != nil {
				data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil) // unparsable: allow
			}
		case resp != nil && resp.Status >= 400:
			data, _ = robotstxt.FromStatusAndBytes(resp.Status, nil)
		case errors.Is(err, ErrTooLarge):
			data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
		default:
			return false, fmt.Errorf("robots.txt: %w", err)
		}
		re = &robotsEntry{data: data, fetched: time.Now()}
		c.mu.Lock()
		c.robots[u.Host] = re
		c.mu.Unlock()
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return re.data.TestAgent(path, c.opt.UserAgent), nil
}

// DecodeBody reads an HTTP body in the given Content-Encoding (gzip,
// x-gzip, deflate, identity or none) and returns at most limit decoded
// bytes; more is ErrTooLarge, so a compression bomb costs no more than
// limit bytes of memory and of inflating.
func DecodeBody(r io.Reader, encoding string, limit int64) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", err)
		}
		defer zr.Close()
		r = zr
	case "deflate":
		fr := flate.NewReader(r)
		defer fr.Close()
		r = fr
	default:
		return nil, fmt.Errorf("%w %q", ErrUnsupported, encoding)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: body over %d bytes", ErrTooLarge, limit)
	}
	return b, nil
}
