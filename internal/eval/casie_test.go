package eval

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestGoldCVEs(t *testing.T) {
	arg := func(s ...string) []CASIEArg {
		var out []CASIEArg
		for _, x := range s {
			out = append(out, CASIEArg{Text: x})
		}
		return out
	}
	tests := []struct {
		name   string
		events []CASIEEvent
		want   []string
	}{
		{"plain ids", []CASIEEvent{{Arguments: map[string][]CASIEArg{"CVE": arg("CVE-2031-0001", "cve-2031-0002")}}}, []string{"CVE-2031-0001", "CVE-2031-0002"}},
		{"numbers after a full id share its year", []CASIEEvent{{Arguments: map[string][]CASIEArg{"CVE": arg("CVE-2031-1156", "-1157", " -1158")}}}, []string{"CVE-2031-1156", "CVE-2031-1157", "CVE-2031-1158"}},
		{"a number with no id before it is none", []CASIEEvent{{Arguments: map[string][]CASIEArg{"CVE": arg("-1157")}}, {Arguments: map[string][]CASIEArg{"CVE": arg("CVE-2030-0001")}}}, []string{"CVE-2030-0001"}},
		{"no CVE arguments", []CASIEEvent{{Arguments: map[string][]CASIEArg{"Victim": arg("Acme")}}}, nil},
	}
	for _, tc := range tests {
		got := CASIEArticle{Events: tc.events}.GoldCVEs()
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestMatchNames(t *testing.T) {
	tests := []struct {
		gold, pred string
		want       Counts
	}{
		{"Acme Corp", "acme corp", Counts{TP: 1}},
		{"the Acme Corp", "Acme", Counts{TP: 1}},
		{"Acme", "Acmes", Counts{FP: 1, FN: 1}},
		{"PGA", "the US-based PGA", Counts{FP: 1, FN: 1}}, // three letters: no containment
		{"Acme;Brill Bank", "Acme;Crane", Counts{TP: 1, FP: 1, FN: 1}},
		{"", "Acme", Counts{FP: 1}},
	}
	for _, tc := range tests {
		split := func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, ";")
		}
		if got := MatchNames(split(tc.gold), split(tc.pred)); got != tc.want {
			t.Errorf("MatchNames(%q, %q) = %+v, want %+v", tc.gold, tc.pred, got, tc.want)
		}
	}
}

func TestMatchEntities(t *testing.T) {
	tests := []struct {
		name string
		gold []string
		pred [][]string
		want Counts
	}{
		{"an alias matches", []string{"USPS"}, [][]string{{"US Postal Service", "USPS"}}, Counts{TP: 1}},
		{"the name still matches", []string{"the US Postal Service"}, [][]string{{"US Postal Service", "USPS"}}, Counts{TP: 1}},
		{"an entity matches once", []string{"USPS", "US Postal Service"}, [][]string{{"US Postal Service", "USPS"}}, Counts{TP: 1, FN: 1}},
		{"no alias matches", []string{"QNB"}, [][]string{{"Qatar National Bank"}}, Counts{FP: 1, FN: 1}},
		{"short aliases need equality", []string{"PGA"}, [][]string{{"PGA of America", "PGAs"}}, Counts{FP: 1, FN: 1}},
		{"an alias does not match inside a name", []string{"Atlanta airport"}, [][]string{{"City of Atlanta", "Atlanta"}}, Counts{FP: 1, FN: 1}},
		{"one organisation named twice is found once", []string{"Walt Disney", "Disney"}, [][]string{{"Disney"}}, Counts{TP: 1}},
		{"or missed once", []string{"Walt Disney", "the Disney"}, nil, Counts{FN: 1}},
		{"a parenthesised short form names it too", []string{"Defense Point Security (DPS)", "DPS"}, [][]string{{"Defense Point Security"}}, Counts{TP: 1}},
		{"two organisations are missed twice", []string{"Acme Bank", "Brill Bank"}, nil, Counts{FN: 2}},
		{"mentions told apart count each", []string{"Holiday Inn", "Holiday Inn Express"}, [][]string{{"Holiday Inn Express"}, {"Holiday Inn"}}, Counts{TP: 2}},
		{"the largest matching", []string{"Acme", "Acme Bank"}, [][]string{{"Acme Bank"}, {"Acme Insurance"}}, Counts{TP: 2}},
		{"a three-letter short form only equal", []string{"Brill Bank (BBK)", "BBK Group"}, [][]string{{"BBK Group"}}, Counts{TP: 1, FN: 1}},
	}
	for _, tc := range tests {
		if got := MatchEntities(tc.gold, tc.pred); got != tc.want {
			t.Errorf("%s: MatchEntities(%q, %q) = %+v, want %+v", tc.name, tc.gold, tc.pred, got, tc.want)
		}
	}
}

func TestCASIEPublished(t *testing.T) {
	tests := []struct {
		date string
		want time.Time
	}{
		{"2018_11_09", time.Date(2018, 11, 9, 0, 0, 0, 0, time.UTC)},
		{"", time.Time{}},
		{"2018-11-09", time.Time{}},
	}
	for _, tc := range tests {
		if got := (CASIEArticle{Date: tc.date}).Published(); !got.Equal(tc.want) {
			t.Errorf("Published(%q) = %v, want %v", tc.date, got, tc.want)
		}
	}
}
