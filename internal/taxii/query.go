package taxii

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Query is what a request asks of the objects, manifest, object and
// versions endpoints (TAXII 2.1 section 3.4 and 3.5).
type Query struct {
	// AddedAfter keeps objects added strictly after it; zero keeps all.
	AddedAfter time.Time
	// Limit is the page size asked for; 0 when not given.
	Limit int
	// After is the position the next parameter encodes: the page starts
	// after the object added at After.Added with id After.ID.
	After *Cursor
	// IDs, Types and SpecVersions keep objects with one of the values;
	// empty keeps all.
	IDs, Types, SpecVersions []string
	// Versions keeps the versions named: "first", "last", "all" or
	// timestamps; empty means "last".
	Versions []string
	// versionTimes are the timestamps among Versions.
	versionTimes []time.Time
}

// Cursor is a position in the collection's order (date added, then id).
type Cursor struct {
	Added time.Time
	ID    string
}

// maxFilterValues bounds the values of one match filter.
const maxFilterValues = 1000

var (
	typeRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,249}$`)
	idRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,249}--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// ParseQuery reads the URL parameters of a request: added_after, limit,
// next, match[id], match[type], match[version] and match[spec_version]
// (each a comma-separated list, or given several times). Other match
// fields are refused; other parameters are ignored. maxLimit caps limit.
func ParseQuery(v url.Values, maxLimit int) (Query, error) {
	var q Query
	for key, vals := range v {
		if len(vals) == 0 {
			continue
		}
		switch key {
		case "added_after":
			if len(vals) > 1 {
				return Query{}, errors.New("added_after given more than once")
			}
			t, err := parseTimestamp(vals[0])
			if err != nil {
				return Query{}, fmt.Errorf("added_after: %w", err)
			}
			q.AddedAfter = t
		case "limit":
			if len(vals) > 1 {
				return Query{}, errors.New("limit given more than once")
			}
			n, err := strconv.Atoi(vals[0])
			if err != nil || n < 1 {
				return Query{}, fmt.Errorf("limit %q: want a positive integer", vals[0])
			}
			q.Limit = min(n, maxLimit)
		case "next":
			if len(vals) > 1 {
				return Query{}, errors.New("next given more than once")
			}
			c, err := decodeCursor(vals[0])
			if err != nil {
				return Query{}, err
			}
			q.After = &c
		case "match[id]":
			ids, err := list(key, vals, func(s string) bool { return idRe.MatchString(s) })
			if err != nil {
				return Query{}, err
			}
			q.IDs = ids
		case "match[type]":
			types, err := list(key, vals, func(s string) bool { return typeRe.MatchString(s) })
			if err != nil {
				return Query{}, err
			}
			q.Types = types
		case "match[spec_version]":
			svs, err := list(key, vals, func(s string) bool { return s == "2.0" || s == "2.1" })
			if err != nil {
				return Query{}, err
			}
			q.SpecVersions = svs
		case "match[version]":
			vs, err := list(key, vals, func(s string) bool {
				if s == "first" || s == "last" || s == "all" {
					return true
				}
				_, err := parseTimestamp(s)
				return err == nil
			})
			if err != nil {
				return Query{}, err
			}
			q.Versions = vs
			for _, s := range vs {
				if t, err := parseTimestamp(s); err == nil {
					q.versionTimes = append(q.versionTimes, t)
				}
			}
		default:
			if strings.HasPrefix(key, "match[") {
				return Query{}, fmt.Errorf("filter %s is not supported (have: match[id], match[type], match[version], match[spec_version])", key)
			}
		}
	}
	return q, nil
}

// list splits comma-separated filter values and checks each.
func list(key string, vals []string, ok func(string) bool) ([]string, error) {
	var out []string
	for _, v := range vals {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" || !ok(s) {
				return nil, fmt.Errorf("%s: bad value %q", key, s)
			}
			if len(out) == maxFilterValues {
				return nil, fmt.Errorf("%s: more than %d values", key, maxFilterValues)
			}
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// parseTimestamp reads a TAXII timestamp: RFC 3339, in UTC ("Z") as the
// specification asks; an offset is accepted and converted.
func parseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad timestamp %q (want RFC 3339, e.g. 2024-01-02T03:04:05.000Z)", s)
	}
	return t.UTC(), nil
}

// timestamp formats t as TAXII dates are written here: UTC, microseconds.
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// The next parameter is an opaque cursor: the date added (nanoseconds)
// and id of the last object of the previous page, so a page starts at the
// same place however the collection changed since.
const cursorVersion = "c1"

func encodeCursor(c Cursor) string {
	raw := cursorVersion + "|" + strconv.FormatInt(c.Added.UnixNano(), 10) + "|" + c.ID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string) (Cursor, error) {
	bad := fmt.Errorf("next %q: not a value this server gave", s)
	if len(s) > 1024 {
		return Cursor{}, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, bad
	}
	parts := strings.SplitN(string(raw), "|", 3)
	if len(parts) != 3 || parts[0] != cursorVersion || !idRe.MatchString(parts[2]) {
		return Cursor{}, bad
	}
	ns, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return Cursor{}, bad
	}
	return Cursor{Added: time.Unix(0, ns).UTC(), ID: parts[2]}, nil
}
