package story

import (
	"testing"

	"github.com/casefile/casefile/internal/fold"
)

// TestAnchorKeySpaces checks that a name written run together or apart
// is one anchor, and that different names stay apart.
func TestAnchorKeySpaces(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"GlassWorm", "Glass Worm", true},
		{"KRAKFAIL", "Krak-Fail", true},
		{"Harbour Gazette", "HarbourGazette", true},
		{"Glass Worm", "Glass Wyrm", false},
		{"Nordvik Ferries", "Nordvik", false},
	}
	for _, tc := range tests {
		t.Run(tc.a+"/"+tc.b, func(t *testing.T) {
			ka, kb := fold.Key(tc.a), fold.Key(tc.b)
			if got := AnchorKey(ka) == AnchorKey(kb); got != tc.same {
				t.Errorf("AnchorKey(%q) == AnchorKey(%q): %v, want %v", ka, kb, got, tc.same)
			}
			if got := SalientKey(ka) == SalientKey(kb); got != tc.same {
				t.Errorf("SalientKey(%q) == SalientKey(%q): %v, want %v", ka, kb, got, tc.same)
			}
			if space(AnchorKey(ka)) != 1 || space(SalientKey(ka)) != 2 {
				t.Errorf("keys of %q in spaces %d and %d, want 1 and 2", ka, space(AnchorKey(ka)), space(SalientKey(ka)))
			}
		})
	}
}
