package store

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store/storetest"
)

// updateDoc is a document of story (a copy of sampleSnapshot's first,
// with its own id and text).
func updateDoc(id, story string) Document {
	d := sampleSnapshot().Documents[0]
	d.ID, d.URI, d.Text, d.Hash, d.Story = id, "seeds/"+id, "Text of "+id+".", Hash([]byte(id)), story
	d.Relation = model.Relation{Type: model.RelIndependent}
	return d
}

// updateBase is the state the Update tests start from: stories A (three
// documents), B, C and M (M's document is a member only: its story
// column is empty, which Save allows), a document in no story, and
// incidents of A, B and C.
func updateBase() Snapshot {
	return Snapshot{
		Documents: []Document{
			updateDoc("a1", "A"), updateDoc("a2", "A"), updateDoc("a3", "A"),
			updateDoc("b1", "B"), updateDoc("c1", "C"), updateDoc("c2", "C"),
			updateDoc("m1", ""), updateDoc("x1", ""),
		},
		Stories: []model.Story{
			{ID: "A", Docs: []string{"a2", "a1", "a3"}, Why: map[string]string{"a1": "shares 3 anchors with a2"},
				Merges: []model.StoryMerge{{Into: "a2", From: "a1", Story: "A", By: "a3", Score: 0.5, Why: "both"}}},
			{ID: "B", Docs: []string{"b1"}},
			{ID: "C", Docs: []string{"c1", "c2"}},
			{ID: "M", Docs: []string{"m1"}},
		},
		Incidents: []model.Incident{
			{ID: "iA", Story: "A", Title: "A's incident"},
			{ID: "iB", Story: "B", Title: "B's incident"},
			{ID: "iC", Story: "C", Title: "C's incident", Status: "ongoing"},
		},
	}
}

// subset is the part of whole (as Load returns it) that LoadStories(ids)
// returns.
func subset(whole Snapshot, ids []string) Snapshot {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	listed := map[string]bool{}
	var out Snapshot
	for _, st := range whole.Stories {
		if want[st.ID] {
			out.Stories = append(out.Stories, st)
			for _, d := range st.Docs {
				listed[d] = true
			}
		}
	}
	for _, d := range whole.Documents {
		if listed[d.ID] || want[d.Story] {
			out.Documents = append(out.Documents, d)
		}
	}
	out.Updated = map[string]time.Time{}
	for _, in := range whole.Incidents {
		if want[in.Story] {
			out.Incidents = append(out.Incidents, in)
			out.Updated[in.ID] = whole.Updated[in.ID]
		}
	}
	return out
}

// openUpdater opens a fresh database of b's kind holding updateBase,
// with a raw for a1 (so that a Stored time shows).
func openUpdater(t *testing.T, b storetest.Backend) (Backend, Updater) {
	t.Helper()
	s := openNew(t, b)
	if _, err := s.PutRaw(t.Context(), []model.Raw{{ID: "a1", Body: []byte("Text of a1.")}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(t.Context(), updateBase()); err != nil {
		t.Fatal(err)
	}
	u, ok := s.(Updater)
	if !ok {
		t.Fatalf("%T is not an Updater", s)
	}
	return s, u
}

func testLoadStories(t *testing.T, b storetest.Backend) {
	s, u := openUpdater(t, b)
	ctx := t.Context()
	whole, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ids := range [][]string{
		{"A"}, {"B", "C"}, {"C", "A", "B", "M"}, {"M"}, {"A", "nope"}, {"nope"}, {}, nil,
	} {
		t.Run(fmt.Sprint(ids), func(t *testing.T) {
			got, err := u.LoadStories(ctx, ids)
			if err != nil {
				t.Fatal(err)
			}
			if want := subset(whole, ids); !reflect.DeepEqual(got, want) {
				t.Errorf("LoadStories(%q):\n got %+v\nwant %+v", ids, got, want)
			}
		})
	}
	got, err := u.LoadStories(ctx, []string{"A"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Documents) != 3 || got.Documents[0].ID != "a1" || got.Documents[0].Stored.IsZero() || !got.Documents[1].Stored.IsZero() {
		t.Errorf("A's documents and their Stored times: %+v", got.Documents)
	}
}

func testUpdate(t *testing.T, b storetest.Backend) {
	s, u := openUpdater(t, b)
	ctx := t.Context()
	before, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v0, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	start := time.Now()

	// Story A splits in two, A (a1, a3) and A2 (a2 and the new n1), with
	// a changed incident and a new one; C is removed and given again
	// unchanged; "nope" is not stored (skipped). B, M and x1 are not
	// touched.
	a1, a2, a3, n1 := updateDoc("a1", "A"), updateDoc("a2", "A2"), updateDoc("a3", "A"), updateDoc("n1", "A2")
	a1.Relation = model.Relation{Type: model.RelCopy, Of: "a3", Score: 0.97, Why: "same text"}
	base := updateBase()
	part := Snapshot{
		Documents: []Document{n1, a3, a2, a1, base.Documents[4], base.Documents[5]},
		Stories: []model.Story{
			{ID: "A", Docs: []string{"a3", "a1"}},
			{ID: "A2", Docs: []string{"n1", "a2"}, Merges: []model.StoryMerge{{Into: "n1", From: "a2", Story: "A2", By: "n1", Score: 0.7}}},
			base.Stories[2],
		},
		Incidents: []model.Incident{
			{ID: "iA", Story: "A", Title: "A's incident, split"},
			{ID: "iA2", Story: "A2", Title: "A2's incident"},
			base.Incidents[2],
		},
	}
	if err := u.Update(ctx, []string{"A", "C", "nope"}, part); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// What Save of the whole expected snapshot gives.
	want := Snapshot{
		Documents: []Document{a1, a2, a3, base.Documents[3], base.Documents[4], base.Documents[5], base.Documents[6], n1, base.Documents[7]},
		Stories:   []model.Story{part.Stories[0], part.Stories[1], base.Stories[1], base.Stories[2], base.Stories[3]},
		Incidents: []model.Incident{part.Incidents[0], part.Incidents[1], base.Incidents[1], base.Incidents[2]},
	}
	other := openNew(t, b)
	if err := other.Save(ctx, want); err != nil {
		t.Fatal(err)
	}
	saved, err := other.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, saved)
	same(t, got, want)

	if v, err := s.Version(ctx); err != nil || v != v0+1 {
		t.Errorf("Version after Update = %d, %v; want %d", v, err, v0+1)
	}
	for _, id := range []string{"iB", "iC"} {
		if !got.Updated[id].Equal(before.Updated[id]) {
			t.Errorf("%s unchanged: updated %v, then %v", id, before.Updated[id], got.Updated[id])
		}
	}
	for _, id := range []string{"iA", "iA2"} {
		if at := got.Updated[id]; at.Before(start.Add(-time.Millisecond)) || at.After(time.Now()) {
			t.Errorf("%s changed: updated %v, want the time of the update (after %v)", id, at, start)
		}
	}
	if len(got.Updated) != 4 {
		t.Errorf("Updated = %v", got.Updated)
	}

	// LoadStories then Update of what it gave changes nothing but the
	// version.
	ids := []string{"A", "A2", "M"}
	loaded, err := u.LoadStories(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Update(ctx, ids, loaded); err != nil {
		t.Fatal(err)
	}
	again, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, got) {
		t.Errorf("Update with what LoadStories gave changed the state:\n got %+v\nwant %+v", again, got)
	}
	if v, _ := s.Version(ctx); v != v0+2 {
		t.Errorf("Version after the second Update = %d, want %d", v, v0+2)
	}

	// Nothing to do: no change, not even to the version.
	if err := u.Update(ctx, nil, Snapshot{}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Version(ctx); v != v0+2 {
		t.Errorf("Version after an empty Update = %d, want %d", v, v0+2)
	}
}

func testUpdateRefused(t *testing.T, b storetest.Backend) {
	s, u := openUpdater(t, b)
	ctx := t.Context()
	before, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v0, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// aSplit replaces A by A and A2, as testUpdate does, changed by change.
	aSplit := func(change func(*Snapshot)) Snapshot {
		p := Snapshot{
			Documents: []Document{updateDoc("a1", "A"), updateDoc("a2", "A2"), updateDoc("a3", "A"), updateDoc("n1", "A2")},
			Stories:   []model.Story{{ID: "A", Docs: []string{"a1", "a3"}}, {ID: "A2", Docs: []string{"a2", "n1"}}},
			Incidents: []model.Incident{{ID: "iA", Story: "A"}},
		}
		change(&p)
		return p
	}
	tests := []struct {
		name   string
		remove []string
		part   Snapshot
		msg    []string
	}{
		{"removed story's document missing", []string{"A"}, aSplit(func(p *Snapshot) {
			p.Documents = slices.Delete(p.Documents, 2, 3) // a3
			p.Stories[0].Docs = []string{"a1"}
		}), []string{"document a3 of story A", "not in the update"}},
		{"removed story's member missing", []string{"M"}, Snapshot{}, []string{"document m1 of story M"}},
		{"all documents of two stories missing", []string{"A", "C"}, Snapshot{}, []string{"document a1 of story A", "document a2 of story A", "document a3 of story A", "document c1 of story C", "document c2 of story C"}},
		{"story lists a document not in part", []string{"A"}, aSplit(func(p *Snapshot) { p.Stories[1].Docs = append(p.Stories[1].Docs, "b1") }),
			[]string{"story A2 lists document b1, which is not in the update"}},
		{"document in a story neither in part nor stored", []string{"A"}, aSplit(func(p *Snapshot) { p.Documents[3].Story = "nope" }),
			[]string{"document n1 is in story nope"}},
		{"document in a removed story", []string{"A"}, aSplit(func(p *Snapshot) {
			p.Stories = p.Stories[1:]
			p.Stories[0].Docs = []string{"a2", "n1"}
			p.Incidents = nil
		}), []string{"document a1 is in story A, which is neither in the update nor stored and kept"}},
		{"incident of a removed story", []string{"A", "B"}, aSplit(func(p *Snapshot) {
			p.Documents = append(p.Documents, updateDoc("b1", "A"))
			p.Stories[0].Docs = append(p.Stories[0].Docs, "b1")
			p.Incidents = append(p.Incidents, model.Incident{ID: "iB", Story: "B"})
		}), []string{"incident iB is about story B"}},
		{"duplicate document", []string{"A"}, aSplit(func(p *Snapshot) { p.Documents = append(p.Documents, updateDoc("n1", "A2")) }),
			[]string{"document n1 given twice"}},
		{"story stored and not removed", []string{"A"}, aSplit(func(p *Snapshot) { p.Stories[1].ID = "B"; p.Documents[1].Story, p.Documents[3].Story = "B", "B" }),
			[]string{"story B is stored and not removed"}},
		{"incident stored about a kept story", []string{"A"}, aSplit(func(p *Snapshot) { p.Incidents = append(p.Incidents, model.Incident{ID: "iB", Story: "B"}) }),
			[]string{"incident iB is stored about story B"}},
		// Passes the checks; the database refuses it after the deletes,
		// so the rollback must restore them.
		{"NaN score", []string{"A"}, aSplit(func(p *Snapshot) { p.Documents[3].Relation.Score = math.NaN() }), []string{"document n1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := u.Update(ctx, tt.remove, tt.part)
			if err == nil {
				t.Fatal("no error")
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("Update error %q does not say %q", err, m)
				}
			}
			got, err := s.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, before) {
				t.Errorf("a refused Update changed the state:\n got %+v\nwant %+v", got, before)
			}
			if v, _ := s.Version(ctx); v != v0 {
				t.Errorf("Version after a refused Update = %d, want %d", v, v0)
			}
		})
	}
}

func testEachDocument(t *testing.T, b storetest.Backend) {
	s := openNew(t, b)
	ctx := t.Context()
	u := s.(Updater)
	count := func() (docs []Document, raws []model.Raw) {
		t.Helper()
		if err := u.EachDocument(ctx, func(d Document) error { docs = append(docs, d); return nil }); err != nil {
			t.Fatal(err)
		}
		if err := u.EachRaw(ctx, func(r model.Raw) error { raws = append(raws, r); return nil }); err != nil {
			t.Fatal(err)
		}
		return docs, raws
	}
	if docs, raws := count(); len(docs)+len(raws) != 0 {
		t.Fatalf("empty store: %d documents, %d raws", len(docs), len(raws))
	}
	// More than two pages, ids in an order where case matters (byte
	// order), and raws for two documents in three (more than a page).
	var snap Snapshot
	var raws []model.Raw
	for i := range 2*eachPage + 3 {
		id := fmt.Sprintf("%c%05d", "aB"[i%2], i)
		d := updateDoc(id, "")
		snap.Documents = append(snap.Documents, d)
		if i%3 != 0 {
			raws = append(raws, model.Raw{ID: id, Body: []byte(d.Text), Published: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)})
		}
	}
	if _, err := s.PutRaw(ctx, raws); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, snap); err != nil {
		t.Fatal(err)
	}
	whole, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.Raws(ctx)
	if err != nil {
		t.Fatal(err)
	}
	docs, gotRaws := count()
	if !reflect.DeepEqual(docs, whole.Documents) {
		t.Errorf("EachDocument gave %d documents, Load %d, or they differ", len(docs), len(whole.Documents))
	}
	if !reflect.DeepEqual(gotRaws, stored) {
		t.Errorf("EachRaw gave %d raws, Raws %d, or they differ", len(gotRaws), len(stored))
	}

	// fn's error stops the walk and is returned.
	stop := errors.New("enough")
	for _, at := range []int{1, eachPage, eachPage + 1} {
		n := 0
		err := u.EachDocument(ctx, func(Document) error {
			if n++; n == at {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != at {
			t.Errorf("EachDocument stopping at %d: %v after %d calls", at, err, n)
		}
		n = 0
		err = u.EachRaw(ctx, func(model.Raw) error {
			if n++; n == at {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != at {
			t.Errorf("EachRaw stopping at %d: %v after %d calls", at, err, n)
		}
	}
}

// testConcurrentUpdates: Updates of disjoint stories from two handles
// (two processes), while a third saves the whole snapshot, all succeed;
// the state left has every story whole.
func testConcurrentUpdates(t *testing.T, b storetest.Backend) {
	target := b.New(t)
	ctx := t.Context()
	stores := []Backend{openTarget(t, target), openTarget(t, target)}
	// Story k holds documents d<k>a and d<k>b.
	const workers, rounds = 4, 6
	var base Snapshot
	for k := range 2 * workers {
		st := model.Story{ID: fmt.Sprintf("s%d", k)}
		for _, x := range []string{"a", "b"} {
			d := updateDoc(fmt.Sprintf("d%d%s", k, x), st.ID)
			base.Documents = append(base.Documents, d)
			st.Docs = append(st.Docs, d.ID)
		}
		base.Stories = append(base.Stories, st)
		base.Incidents = append(base.Incidents, model.Incident{ID: "i" + st.ID, Story: st.ID})
	}
	if err := stores[0].Save(ctx, base); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, workers*rounds+rounds)
	var wg sync.WaitGroup
	for w := range workers {
		u := stores[w%2].(Updater)
		wg.Go(func() {
			// Worker w owns stories 2w and 2w+1 and swaps their first
			// documents each round.
			one, two := base.Stories[2*w], base.Stories[2*w+1]
			for r := range rounds {
				part := Snapshot{
					Stories: []model.Story{{ID: one.ID, Docs: []string{two.Docs[0], one.Docs[1]}}, {ID: two.ID, Docs: []string{one.Docs[0], two.Docs[1]}}},
				}
				for _, st := range part.Stories {
					for _, id := range st.Docs {
						part.Documents = append(part.Documents, updateDoc(id, st.ID))
					}
					part.Incidents = append(part.Incidents, model.Incident{ID: "i" + st.ID, Story: st.ID, Title: fmt.Sprintf("round %d", r)})
				}
				if err := u.Update(ctx, []string{one.ID, two.ID}, part); err != nil {
					errs <- err
					return
				}
				one, two = part.Stories[0], part.Stories[1]
			}
		})
	}
	wg.Go(func() {
		for range rounds {
			if err := stores[1].Save(ctx, base); err != nil {
				errs <- err
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := stores[0].Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Stories) != len(base.Stories) || len(got.Documents) != len(base.Documents) || len(got.Incidents) != len(base.Incidents) {
		t.Fatalf("left %d stories, %d documents, %d incidents", len(got.Stories), len(got.Documents), len(got.Incidents))
	}
	story := map[string]string{}
	for _, d := range got.Documents {
		story[d.ID] = d.Story
	}
	for _, st := range got.Stories {
		for _, id := range st.Docs {
			if story[id] != st.ID {
				t.Errorf("story %s lists %s, which is in story %q", st.ID, id, story[id])
			}
		}
	}
}
