package incident

import (
	"slices"
	"testing"
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
