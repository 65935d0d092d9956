package incident

import (
	"slices"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/fold"
)

// TestAliasesStable: of two spellings with one match key, the same one
// is listed whatever the order of the entity's surface map.
func TestAliasesStable(t *testing.T) {
	e := &entity{surfaces: map[string]int{"Privacy Commissioner for Personal Data": 3, "Hong Kong": 1, "HONG KONG": 1, "PCPD": 2}}
	want := e.aliases()
	if len(want) != 2 || want[1] != "PCPD" {
		t.Fatalf("aliases %q, want one spelling of Hong Kong and PCPD", want)
	}
	for range 100 {
		if got := e.aliases(); !slices.Equal(got, want) {
			t.Fatalf("aliases %q, then %q", want, got)
		}
	}
}

// TestGazetteersFolded: the word lists are looked up by fold.Key, which
// reduces ae/oe/ue and drops punctuation, so they must be stored folded.
func TestGazetteersFolded(t *testing.T) {
	cm, _ := countries()
	tests := []struct {
		name string
		ok   bool
	}{
		{"Israeli", cm[fold.Key("Israeli")] == "IL"},
		{"Venezuelan", cm[fold.Key("Venezuelan")] == "VE"},
		{"Quebec", regionNames[fold.Key("Quebec")]},
		{"Blueliv", securityVendors[fold.Key("Blueliv")]},
		{"abuse.ch", securityVendors[fold.Key("abuse.ch")]},
		{"Internet Relay Chat", platforms[fold.Key("Internet Relay Chat")]},
	}
	for _, tc := range tests {
		if !tc.ok {
			t.Errorf("%q not found by its folded key", tc.name)
		}
	}
}

// TestPastText: "in YEAR" makes a sentence past only for a year before
// the one before the report's; without the report's date it always
// does.
func TestPastText(t *testing.T) {
	y2017 := time.Date(2017, 3, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		text string
		pub  time.Time
		want bool
	}{
		{"W-2 forms of staff the firm employed in 2016 were released.", y2017, false},
		{"The intrusion began in December 2016, the company said.", y2017, false},
		{"The firm was hacked in March 2017.", y2017, false},
		{"The firm was hacked in 2014.", y2017, true},
		{"The firm was hacked last year.", y2017, true},
		{"The firm was hacked in 2016.", time.Time{}, true},
		{"The firm was hacked in 2016 and previously in 2017.", y2017, true},
		{"The firm was hacked on Monday.", y2017, false},
		{"They sought to ransom the data back in January, he said.", y2017, false},
		{"They sought to ransom the data back in January 2015, he said.", y2017, true},
		{"The firm was hacked back in 2015.", y2017, true},
	}
	for _, tc := range tests {
		if got := pastText(tc.text, tc.pub); got != tc.want {
			t.Errorf("pastText(%q, %v) = %v, want %v", tc.text, tc.pub.Year(), got, tc.want)
		}
	}
}

// TestCountryCodes: names of the United Kingdom in the four languages
// give GB, the ISO 3166-1 code, not CLDR's reserved UK.
func TestCountryCodes(t *testing.T) {
	cm, _ := countries()
	for _, n := range []string{"United Kingdom", "Vereinigtes Königreich", "Royaume-Uni", "Reino Unido", "UK", "Britain"} {
		if got := cm[fold.Key(n)]; got != "GB" {
			t.Errorf("%q → %q, want GB", n, got)
		}
	}
	// Deprecated codes name no country: "DD" (East Germany) must not
	// take Germany's names.
	for _, n := range []string{"Germany", "Deutschland", "Allemagne", "Alemania"} {
		if got := cm[fold.Key(n)]; got != "DE" {
			t.Errorf("%q → %q, want DE", n, got)
		}
	}
}

func TestMentionsStartAtWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Attackers hit eBay sellers and vBulletin forums run by Tarn Bank.", []string{"Attackers", "Tarn Bank"}},
		{"The iOS app of McKell Foods and the 3Com switch were patched.", []string{"McKell Foods"}},
		{"Staff said the Pellam-Ostby line and the x86 servers of Quarry Lane were down.", []string{"Pellam-Ostby", "Quarry Lane"}},
		{"Hackers hit O'Brien Freight and D’Arcy Foods, and Tarn's staff saw it.", []string{"Hackers", "O'Brien Freight", "D’Arcy Foods", "Tarn"}},
	}
	for _, tc := range tests {
		var got []string
		for _, m := range mentions(tc.text) {
			got = append(got, m.text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("mentions(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}
