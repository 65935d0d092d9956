package textre

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// exprs are patterns of the kinds incident extraction uses.
var exprs = []string{
	`(?i)\b(?:ransom\w*|extort\w*|encrypted (?:\w+ ){0,2}(?:files|systems|data|servers)|decrypt\w*)\b`,
	`(?:(?i:county|state|province|region) of|(?i:Grafschaft|comté de|région de|état de)) (\p{Lu}[\p{L}\-]+)`,
	`\bin (?:(?:north|south)\s+)?(\p{Lu}[\p{L}\-]+)\b`,
	`(?i)\bno (?:\w+ ){0,2}(?:data|information)(?: \w+){0,3}? (?:was|were) (?:accessed|stolen)`,
	`\bCVE-\d{4}-\d{4,7}\b`,
	`^[’']?\s*(?i:vpn|gateway|servers?)\b`,
	`(?i)straße|σίγμα|ſtate`,
	`\w+`,         // no literal: no filter
	`(?i)a?b*`,    // matches the empty string: no filter
	`x{0,3}yz|w+`, // one side has no literal: no filter
}

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

// sound checks that the filtered expressions find what regexp finds.
func sound(t *testing.T, s string) {
	t.Helper()
	for _, e := range exprs {
		f, r := MustCompile(e), regexp.MustCompile(e)
		if got, want := f.FindAllStringSubmatchIndex(s, -1), r.FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("%s on %q: %v, regexp finds %v", e, s, got, want)
		}
		if f.MatchString(s) != r.MatchString(s) {
			t.Fatalf("%s on %q: MatchString differs", e, s)
		}
		if got, want := f.ReplaceAllString(s, "<$0>"), r.ReplaceAllString(s, "<$0>"); got != want {
			t.Fatalf("%s on %q: ReplaceAllString %q, regexp %q", e, s, got, want)
		}
	}
}

// TestSound: case variants the folding must catch (capitals, the long
// s, the Kelvin sign, Greek final sigma, accented capitals), and texts
// without the literals.
func TestSound(t *testing.T) {
	for _, s := range []string{
		"RANSOMWARE hit the port", "Ransom demanded", "the data were ENCRYPTED files", "nothing here",
		"the County of Kent", "COUNTY OF Kent", "Comté de Douvres", "COMTÉ DE Douvres", "ÉTAT DE Vaud",
		"ſtate of Orrin", "STRASSE und Straße", "ΣΊΓΜΑ", "σίγμα", "σίγμας", "ſTATE",
		"No personal data was accessed", "see CVE-2024-12345 now", "’ VPN appliance", " servers",
		"in north Tarvania", "within Tarvania", "\xff\xfeRANSOM\xff", "",
	} {
		sound(t, s)
	}
}

func FuzzSound(f *testing.F) {
	for _, s := range []string{"Ransomware in Kent", "état de Vaud", "ſtate", "CVE-2020-1234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sound(t, s) })
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
	for r := rune(0); r < 0x800; r++ {
		if orbitMin(r) != slowOrbitMin(r) {
			t.Fatalf("orbitMin(%U) = %U, want %U", r, orbitMin(r), slowOrbitMin(r))
		}
	}
}
