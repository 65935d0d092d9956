package textre

import (
	"slices"
	"strings"
	"testing"
)

// TestLiterals: the required literals found for a few patterns.
func TestLiterals(t *testing.T) {
	for _, c := range []struct {
		expr string
		want []string
	}{
		{`(?i)\bransomware\b`, []string{"RANSOMWARE"}},
		// Parsing factors the common "d" out; the longest literal of
		// each branch is kept.
		{`(?i)\b(?:ddos|denial[- ]of[- ]service)\b`, []string{"DOS", "SERVICE"}},
		{`\bCounty (\p{Lu}\w+)`, []string{"COUNTY "}},
		{`(?i)comté de (\p{Lu}\w+)`, []string{"COMTÉ DE "}},
		{`\w+ \d+`, []string{" "}},
		{`\w+\d+`, nil},
		{`(?i)x?`, nil},
	} {
		got := MustCompile(c.expr).Literals()
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: literals %q, want %q", c.expr, got, c.want)
		}
	}
}

// TestCanon: the cached, table-driven canonical form equals folding each
// rune to the smallest of its orbit, for every kind of text, asked once
// or again.
func TestCanon(t *testing.T) {
	ref := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteRune(slowOrbitMin(r))
		}
		return b.String()
	}
	for _, s := range []string{
		"", "plain ASCII text", "Straße und Öl", "ſtrange Kelvin K sign", "«Привет», Ελλάδα",
		"curly ’quotes’ and “more”", "日本語のテキスト", "invalid \xff byte", "mixed ǅ titlecase",
	} {
		for range 2 {
			if got, want := canon(s), ref(s); got != want {
				t.Errorf("canon(%q) = %q, want %q", s, got, want)
			}
		}
	}
	for s, want := range map[string]bool{
		"plain ASCII text": true, "Straße und Öl": true, "«Привет», Ελλάδα": true,
		"ſtrange": false, "Kelvin \u212a": false, "invalid \xff byte": false, "": true,
	} {
		if c, aligned := canonAligned(s); aligned != want || c != ref(s) {
			t.Errorf("canonAligned(%q) = %q, %v; want %q, %v", s, c, aligned, ref(s), want)
		}
	}
	// Parts of a text found in its canonical form: its beginnings and
	// ends, on its runes or not.
	for _, s := range []string{"The attack on Tarrow Water’s systems, said Ölund", "ſtrange Kelvin \u212a and more text", "invalid \xff byte in a longer text"} {
		canonAligned(s)
		for k := 0; k <= len(s); k++ {
			for _, part := range []string{s[:k], s[k:]} {
				c, aligned := canonAligned(part)
				_, want := canonOf(part)
				if c != ref(part) || aligned != want {
					t.Fatalf("canonAligned(%q) = %q, %v; want %q, %v", part, c, aligned, ref(part), want)
				}
			}
		}
	}
	for r := rune(0); r < 0x800; r++ {
		if orbitMin(r) != slowOrbitMin(r) {
			t.Fatalf("orbitMin(%U) = %U, want %U", r, orbitMin(r), slowOrbitMin(r))
		}
	}
}

// TestLeads: the literals every match starts with, found for a few
// patterns; none where a match can start anywhere or the pattern reads
// the start of the text.
func TestLeads(t *testing.T) {
	for _, c := range []struct {
		expr string
		want []string
	}{
		{`(?i)\bransomware\b`, []string{"RANSOMWARE"}},
		// Leads shorter than four bytes are extended over what follows.
		{`(?i)\b(?:hit|hits) by\b`, []string{"HIT BY", "HITS"}},
		{`[’'](?:s|d) data`, []string{"'D DATA", "'S DATA", "’D", "’S"}},
		// A lead that another begins is dropped.
		{`(?i)\b(?:been|has been|as) hit`, []string{"AS HIT", "BEEN", "HAS BEEN"}},
		{`(?i)ſtate|Kelvin`, []string{"KELVIN", "STATE"}},
		{`\w+ing`, nil},
		{`(?:^|\s)but`, nil},
		{`^but`, nil},
		{`(?i)x?yz`, []string{"XYZ", "YZ"}},
		{`a*b`, []string{"A", "B"}},
		{`\p{Lu}\w+`, nil},
	} {
		got := MustCompile(c.expr).Leads()
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: leads %q, want %q", c.expr, got, c.want)
		}
	}
}
