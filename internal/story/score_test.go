package story

import (
	"math"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	tests := []struct {
		name       string
		pred, gold map[string]string
		b3, pair   float64
	}{
		{
			name: "perfect",
			pred: map[string]string{"a": "1", "b": "1", "c": "2"},
			gold: map[string]string{"a": "x", "b": "x"},
			b3:   1, pair: 1,
		},
		{
			name: "all singletons against one pair",
			pred: map[string]string{"a": "1", "b": "2", "c": "3"},
			gold: map[string]string{"a": "x", "b": "x"},
			// P = 1; R = (1/2 + 1/2 + 1)/3 = 2/3.
			b3: 2 * (2.0 / 3) / (1 + 2.0/3), pair: 0,
		},
		{
			name: "everything in one story",
			pred: map[string]string{"a": "1", "b": "1", "c": "1", "d": "1"},
			gold: map[string]string{"a": "x", "b": "x"},
			// P = (2/4·2 + 1/4·2)/4 = 3/8; R = 1. Pairs: 1 of 6.
			b3: 2 * (3.0 / 8) / (1 + 3.0/8), pair: 2 * (1.0 / 6) / (1 + 1.0/6),
		},
		{
			name: "nothing",
			pred: map[string]string{},
			gold: map[string]string{"a": "x"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Score(tc.pred, tc.gold)
			if math.Abs(s.BCubedF1-tc.b3) > 1e-9 || math.Abs(s.PairF1-tc.pair) > 1e-9 {
				t.Errorf("BCubed F1 %.4f, pairwise F1 %.4f; want %.4f, %.4f", s.BCubedF1, s.PairF1, tc.b3, tc.pair)
			}
		})
	}
}

func TestReadGold(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string
		err      string
	}{
		{
			name: "stories with and without labels",
			in:   `{"about": "x", "stories": [{"label": "Ferry booking outage", "ids": ["d1", "d2"]}, {"ids": ["d3", "d4", "d3"]}], "uncertain": [{"ids": ["d9"]}]}`,
			want: map[string]string{"d1": "Ferry booking outage", "d2": "Ferry booking outage", "d3": "#1", "d4": "#1"},
		},
		{
			name: "two stories with one label stay apart",
			in:   `{"stories": [{"label": "L", "ids": ["a"]}, {"label": "L", "ids": ["b"]}]}`,
			want: map[string]string{"a": "L", "b": "#1"},
		},
		{name: "a document in two stories", in: `{"stories": [{"ids": ["a"]}, {"ids": ["a"]}]}`, err: "in two stories"},
		{name: "not JSON", in: `stories`, err: "gold stories"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadGold(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s: got %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func FuzzReadGold(f *testing.F) {
	f.Add(`{"stories": [{"label": "a", "ids": ["x", "y"]}]}`)
	f.Add(`{"stories": [{"ids": ["x"]}, {"ids": ["x"]}]}`)
	f.Add(`{"stories": null}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, in string) {
		g, err := ReadGold(strings.NewReader(in))
		if err != nil {
			return
		}
		// Scoring a clustering against itself is perfect.
		if s := Score(g, g); len(g) > 0 && (math.Abs(s.BCubedF1-1) > 1e-9 || s.PairGold > 0 && math.Abs(s.PairF1-1) > 1e-9) {
			t.Errorf("self score %+v", s)
		}
	})
}

func TestIsPast(t *testing.T) {
	tests := []struct {
		s    string
		year int
		want bool
	}{
		{"Last year the council was hit by ransomware.", 2025, true},
		{"The attack is similar to the breach at the port.", 2025, true},
		{"In 2023 the same group attacked the hospital.", 2025, true},
		{"In 2025 the group attacked the hospital.", 2025, false},
		{"In 2023 the group attacked the hospital.", 0, false},
		{"Letztes Jahr war die Stadt betroffen.", 0, true},
		{"The council said services were restored on Monday.", 2025, false},
	}
	for _, tc := range tests {
		if got := isPast(tc.s, tc.year); got != tc.want {
			t.Errorf("isPast(%q, %d) = %v, want %v", tc.s, tc.year, got, tc.want)
		}
	}
}
