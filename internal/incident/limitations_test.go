package incident_test

import (
	"slices"
	"testing"

	"github.com/casefile/casefile/internal/incident"
)

// Known limitations: each test states what the record should say and is
// skipped until the extractor can say it. Remove the t.Skip to check.

func TestLimitationOrgWithOnlySpeechCues(t *testing.T) {
	t.Skip("known limitation: a two-word name with no organisation word, acronym or organisation cue, followed only by \"said\", reads as a person (no coreference of \"its\")")
	inc := run(t, incident.Options{}, "Holt Marine said a ransomware attack had encrypted servers at its depot on Monday. Holt Marine said the gang demanded payment in bitcoin and that the police had been told.")
	if got := victimNames(inc); !slices.Contains(got, "Holt Marine") {
		t.Errorf("victims %q, want Holt Marine", got)
	}
	if len(inc.People) != 0 {
		t.Errorf("people %+v, want none", inc.People)
	}
}

func TestLimitationServicesAfterModals(t *testing.T) {
	t.Skip("known limitation: services named as objects of what people cannot do (\"cannot pay council tax or book ...\") are not read")
	inc := run(t, incident.Options{}, "Dunmere Town Council was hit by a cyber attack on Monday. Residents cannot pay council tax or book bulky waste collections online.")
	if got := serviceNames(inc); !sameSet(got, []string{"council tax", "bulky waste collections"}) {
		t.Errorf("services %q", got)
	}
}

func TestLimitationShortEnglishText(t *testing.T) {
	t.Skip("known limitation: language detection (analyze) often takes one short English sentence full of names for another language, and incident reads English patterns only in documents detected as English")
	docs := docsOf("Harwick Clinic was hit by a ransomware attack on Friday.")
	inc := incident.Extract("s", docs, incident.Options{})
	if got := victimNames(inc); !slices.Contains(got, "Harwick Clinic") {
		t.Errorf("victims %q (detected language %q)", got, docs[0].Lang)
	}
}

func TestLimitationAliasWithoutAcronym(t *testing.T) {
	t.Skip("known limitation: \"X, or Y\" makes aliases only when one side is an acronym (lists such as \"A, B, or C\" look the same)")
	inc := run(t, incident.Options{}, "Fenmarch Energy, or Voltaro as its customers know it, said it had been hit by a cyber attack on Sunday. Voltaro said that payments were delayed.")
	if got := victimNames(inc); !sameSet(got, []string{"Fenmarch Energy"}) {
		t.Errorf("victims %q, want Fenmarch Energy alone (alias Voltaro)", got)
	}
}

func TestLimitationListAfterGenericItem(t *testing.T) {
	t.Skip("known limitation: a list after a disruption cue stops at a generic first item (\"disrupted council websites and benefit payments\"), since later items could be verb phrases")
	inc := run(t, incident.Options{}, "A cyber attack on Tarnside Shared IT has disrupted council websites and benefit payments. The company said that it was working with the police.")
	if got := serviceNames(inc); !sameSet(got, []string{"benefit payments"}) {
		t.Errorf("services %q", got)
	}
}
