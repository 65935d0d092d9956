package textre_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/textre"
	"github.com/casefile/casefile/internal/textre/textretest"
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
	// Leads: alternations pruned by first byte, \b and \B read the
	// rune before a place, leads that overlap or begin one another.
	`(?i)\b(?:was|were|has been|have been|been) (?:hacked|hit)\b|\b(?:hit|hits) by\b|hack(?:ed|ers? (?:stole|hit))`,
	`(?i)\b(?:(?:cyber[- ]?attack|attack|breach)s? (?:on|against|at)|(?:stolen|taken) (?:[\w-]+ ){0,4}from) (?:the )?$`,
	`(?i)\b(ransom\w*|(extort)\w*)\b|\bpaid (\$[\d,]+)`,
	`\Bing\b|\bx?yz`,
	`(?i)k(?:elvin|m)|ſt|ß|(?:has been|been|as) hit`,
	`[’'](?:s|d) (?:data|files)|\b(?:19|20)\d\d\b`,
	`(?i)ab|ba|\bé\w*`,
	`(?i)(?:a|b)+c|x*yz`,
	`(?:^|\s)(?:but|so)\b`,
}

type pair struct {
	f *textre.Regexp
	r *regexp.Regexp
}

var compiled = func() (out []pair) {
	for _, e := range exprs {
		out = append(out, pair{textre.MustCompile(e), regexp.MustCompile(e)})
	}
	return out
}()

// sound checks that the filtered expressions find what regexp finds.
func sound(t *testing.T, s string) {
	t.Helper()
	for _, p := range compiled {
		if err := textretest.Compare(p.f, p.r, s); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSound: case variants the folding must catch (capitals, the long
// s, the Kelvin sign, Greek final sigma, accented capitals), texts
// without the literals, and leads in and out of words.
func TestSound(t *testing.T) {
	for _, s := range []string{
		"RANSOMWARE hit the port", "Ransom demanded", "the data were ENCRYPTED files", "nothing here",
		"the County of Kent", "COUNTY OF Kent", "Comté de Douvres", "COMTÉ DE Douvres", "ÉTAT DE Vaud",
		"ſtate of Orrin", "STRASSE und Straße", "ΣΊΓΜΑ", "σίγμα", "σίγμας", "ſTATE",
		"No personal data was accessed", "see CVE-2024-12345 now", "’ VPN appliance", " servers",
		"in north Tarvania", "within Tarvania", "\xff\xfeRANSOM\xff", "",
		"Tarrow was hacked, then hit by a second attack", "xhit by", "WASHIT BY", "hits byhacked",
		"hackers stole it; Hackers hit them", "has been hit and been hit", "ahas been hit",
		"data was stolen from the", "an attack on", "Cyber-attacks against the", "taken from",
		"paid $40,000 and extorted", "extortion ransoms", "singing xyz syz", "Kelvin km KM ſt ß",
		"Tarrow’s data and Tarrow's files", "in 1999 and 20255 2024", "abba ab éclair Éclair",
		"aabbc xxyz", "but so", "\nbut", "é was hit", "\xffhit by", "hit\xff by hit by",
	} {
		sound(t, s)
	}
}

func FuzzSound(f *testing.F) {
	for _, s := range []string{"Ransomware in Kent", "état de Vaud", "ſtate", "CVE-2020-1234", "was hit by hackers"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { sound(t, s) })
}

// TestExprs lists the compiled expressions.
func TestExprs(t *testing.T) {
	e := `(?i)\bexprs test\b`
	textre.MustCompile(e)
	found := false
	for _, x := range textre.Exprs() {
		found = found || x == e
	}
	if !found || strings.Count(strings.Join(textre.Exprs(), "\n"), e) != 1 {
		t.Errorf("Exprs has not %q once", e)
	}
}
