package incident_test

import (
	"reflect"
	"regexp"
	"sync"
	"testing"

	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
	"github.com/casefile/casefile/internal/textre/textretest"
)

// TestPatternsSound: every pattern of the package finds with textre's
// prefilter and leads what Go's regexp finds, in the sentences of the
// test stories and in the texts before and after each word of them,
// which is what the rules run the patterns on.
func TestPatternsSound(t *testing.T) {
	var texts []string
	for _, dir := range []string{"testdata/harbour", "testdata/waterboard"} {
		for _, d := range docsOf(storyBodies(t, dir)...) {
			texts = append(texts, d.Title)
			for _, s := range d.Sentences {
				texts = append(texts, s.Text)
			}
		}
	}
	exprs := textre.Exprs()
	for _, e := range exprs {
		f, r := textre.MustCompile(e), regexp.MustCompile(e)
		for _, s := range texts {
			if err := textretest.Compare(f, r, s); err != nil {
				t.Fatal(err)
			}
			if testing.Short() {
				continue
			}
			for i := 0; i < len(s); i++ {
				if s[i] != ' ' {
					continue
				}
				// before a name (ending in a space), after it (from the space on)
				for _, sub := range []string{s[:i+1], s[i:]} {
					if err := textretest.Quick(f, r, sub); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	if len(exprs) < 100 {
		t.Errorf("only %d patterns compiled", len(exprs))
	}
}

// TestExtractConcurrent: stories extracted at once on several goroutines
// (as the pipeline does) get the records they get one at a time; the
// patterns' caches are shared.
func TestExtractConcurrent(t *testing.T) {
	var stories [][]model.Doc
	for _, dir := range []string{"testdata/harbour", "testdata/waterboard"} {
		stories = append(stories, docsOf(storyBodies(t, dir)...))
	}
	// At once first, so that the patterns' first uses race too.
	var wg sync.WaitGroup
	got := make([]model.Incident, 8)
	for k := range got {
		wg.Go(func() { got[k] = incident.Extract("s", stories[k%len(stories)], incident.Options{}) })
	}
	wg.Wait()
	want := make([]model.Incident, len(stories))
	for i, docs := range stories {
		want[i] = incident.Extract("s", docs, incident.Options{})
	}
	for k, inc := range got {
		if !reflect.DeepEqual(inc, want[k%len(stories)]) {
			t.Errorf("goroutine %d: record differs from the one extracted alone", k)
		}
	}
}
