package incident_test

import (
	"slices"
	"testing"

	"github.com/casefile/casefile/internal/incident"
)

// TestVictimRules covers the rules that keep names which are not the
// organisation hit out of the victims, and those that find victims the
// broad impact sentences miss. Every name is invented.
func TestVictimRules(t *testing.T) {
	tests := []struct {
		name    string
		bodies  []string
		victims []string // must be victims
		not     []string // must not be victims
	}{
		{
			name:    "common word capitalised in a quotation",
			bodies:  []string{`Owner Dana Pell released a statement saying: "Unfortunately, Harlow Brewhouse was the target of and fell victim to scammers." The scammers had no luck unfortunately for them.`},
			victims: []string{"Harlow Brewhouse"},
			not:     []string{"Unfortunately"},
		},
		{
			name:    "common word the story also writes in lower case",
			bodies:  []string{"Information on the staff of Quarry Lane Bakery was stolen when the bakery was hacked. The information included home addresses."},
			victims: []string{"Quarry Lane Bakery"},
			not:     []string{"Information"},
		},
		{
			name:    "domain is no lower-case use",
			bodies:  []string{"Travessa was hit by a cyber attack on Monday, and customers of travessa.com had to reset their passwords."},
			victims: []string{"Travessa"},
		},
		{
			name:    "tax form and cipher tokens",
			bodies:  []string{"Staff at Pellow Freight were hit by a scam that stole every W-2 form; the files were encrypted with RSA-2048 keys after Pellow Freight was hacked."},
			victims: []string{"Pellow Freight"},
			not:     []string{"W-2", "RSA-2048"},
		},
		{
			name:    "job titles make a person",
			bodies:  []string{"Mayor Ilsa Brandt said the attack on Corran City Council was contained. Corran City Council CEO Rob Tamsin said it was hit by ransomware."},
			victims: []string{"Corran City Council"},
			not:     []string{"Mayor Ilsa Brandt", "Corran City Council CEO Rob Tamsin"},
		},
		{
			name:    "compound adjective",
			bodies:  []string{"The attacks hit Internet-exposed Dovecore servers; Hallam Mills was breached by Kremlin-backed hackers, the company said."},
			victims: []string{"Hallam Mills"},
			not:     []string{"Internet-exposed Dovecore", "Kremlin-backed"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			got := victimNames(inc)
			for _, v := range tc.victims {
				if !slices.Contains(got, v) {
					t.Errorf("victim %q missing; victims: %q", v, got)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("%q is no victim; victims: %q", n, got)
				}
			}
		})
	}
}
