// Package textretest checks that textre's patterns find what Go's
// regexp finds, for tests of the packages that use them.
package textretest

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/casefile/casefile/internal/textre"
)

// Compare returns an error if f (compiled from the same expression as
// r) finds anything in s other than what r finds, by any of textre's
// methods.
func Compare(f *textre.Regexp, r *regexp.Regexp, s string) error {
	eq := func(a, b [][]int) bool { return slices.EqualFunc(a, b, slices.Equal) }
	eqs := func(a, b [][]string) bool { return slices.EqualFunc(a, b, slices.Equal) }
	switch {
	case f.MatchString(s) != r.MatchString(s):
		return fmt.Errorf("%s on %q: MatchString %v", r, s, f.MatchString(s))
	case !slices.Equal(f.FindStringIndex(s), r.FindStringIndex(s)):
		return fmt.Errorf("%s on %q: FindStringIndex %v, regexp %v", r, s, f.FindStringIndex(s), r.FindStringIndex(s))
	case !slices.Equal(f.FindStringSubmatch(s), r.FindStringSubmatch(s)):
		return fmt.Errorf("%s on %q: FindStringSubmatch %q, regexp %q", r, s, f.FindStringSubmatch(s), r.FindStringSubmatch(s))
	case !slices.Equal(f.FindStringSubmatchIndex(s), r.FindStringSubmatchIndex(s)):
		return fmt.Errorf("%s on %q: FindStringSubmatchIndex %v, regexp %v", r, s, f.FindStringSubmatchIndex(s), r.FindStringSubmatchIndex(s))
	case f.ReplaceAllString(s, "<$0>") != r.ReplaceAllString(s, "<$0>"):
		return fmt.Errorf("%s on %q: ReplaceAllString %q, regexp %q", r, s, f.ReplaceAllString(s, "<$0>"), r.ReplaceAllString(s, "<$0>"))
	}
	for _, n := range []int{-1, 0, 1, 2} {
		switch {
		case !slices.Equal(f.FindAllString(s, n), r.FindAllString(s, n)):
			return fmt.Errorf("%s on %q: FindAllString(%d) %q, regexp %q", r, s, n, f.FindAllString(s, n), r.FindAllString(s, n))
		case !eq(f.FindAllStringIndex(s, n), r.FindAllStringIndex(s, n)):
			return fmt.Errorf("%s on %q: FindAllStringIndex(%d) %v, regexp %v", r, s, n, f.FindAllStringIndex(s, n), r.FindAllStringIndex(s, n))
		case !eqs(f.FindAllStringSubmatch(s, n), r.FindAllStringSubmatch(s, n)):
			return fmt.Errorf("%s on %q: FindAllStringSubmatch(%d) %q, regexp %q", r, s, n, f.FindAllStringSubmatch(s, n), r.FindAllStringSubmatch(s, n))
		case !eq(f.FindAllStringSubmatchIndex(s, n), r.FindAllStringSubmatchIndex(s, n)):
			return fmt.Errorf("%s on %q: FindAllStringSubmatchIndex(%d) %v, regexp %v", r, s, n, f.FindAllStringSubmatchIndex(s, n), r.FindAllStringSubmatchIndex(s, n))
		}
	}
	return nil
}

// Quick is Compare with fewer methods: MatchString, FindStringSubmatchIndex
// and FindAllStringSubmatchIndex, whose code the others share.
func Quick(f *textre.Regexp, r *regexp.Regexp, s string) error {
	switch {
	case f.MatchString(s) != r.MatchString(s):
		return fmt.Errorf("%s on %q: MatchString %v", r, s, f.MatchString(s))
	case !slices.Equal(f.FindStringSubmatchIndex(s), r.FindStringSubmatchIndex(s)):
		return fmt.Errorf("%s on %q: FindStringSubmatchIndex %v, regexp %v", r, s, f.FindStringSubmatchIndex(s), r.FindStringSubmatchIndex(s))
	case !slices.EqualFunc(f.FindAllStringSubmatchIndex(s, -1), r.FindAllStringSubmatchIndex(s, -1), slices.Equal):
		return fmt.Errorf("%s on %q: FindAllStringSubmatchIndex %v, regexp %v", r, s, f.FindAllStringSubmatchIndex(s, -1), r.FindAllStringSubmatchIndex(s, -1))
	}
	return nil
}
