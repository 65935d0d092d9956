package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/model"
)

// The test corpus is invented: one incident told in English, French and
// German, where the victim's name is spelt differently in French.
func testDocs() []Doc {
	names := []Name{
		{Entity: "Calder Harbour Board", Role: "victim", Name: "Calder Harbour Board"},
		{Entity: "Calder Harbour Board", Role: "victim", Name: "Calder"},
		{Entity: "Calder Harbour Board", Role: "victim", Name: "port de Caldre"},
		{Entity: "Fenwick Data", Role: "supplier", Name: "Fenwick Data"},
	}
	return []Doc{
		{ID: "en", Lang: "en", Title: "Harbour systems attacked", Incident: "i1", Names: names,
			Text: "The Calder Harbour Board said attackers encrypted its servers. Fenwick Data runs them."},
		{ID: "fr", Lang: "fr", Title: "Le port de Caldre attaqué", Incident: "i1", Names: names,
			Text: "Le port de Caldre a subi une attaque. L’opérateur Fenwick Data gère les serveurs."},
		{ID: "de", Lang: "de", Title: "Hafen angegriffen", Incident: "i1", Names: names,
			Text: "Der Hafen meldet Stoerungen bei der Buchung."},
		{ID: "other", Lang: "en", Title: "Unrelated outage", Incident: "i2",
			Text: "A bakery reported an outage of its ovens."},
	}
}

func TestSearch(t *testing.T) {
	ix, err := New(t.Context(), testDocs())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Len() != 4 {
		t.Fatalf("Len = %d", ix.Len())
	}
	for _, c := range []struct {
		name, q, lang string
		want          []string // documents found, any order
		marked        map[string][]string
		via           map[string]string // document → spelling matched through names
	}{
		{name: "alias finds the other spellings", q: "Caldre", want: []string{"en", "fr", "de"},
			marked: map[string][]string{"fr": {"Caldre"}, "en": {"Calder Harbour Board"}},
			via:    map[string]string{"en": "port de Caldre", "de": "port de Caldre"}},
		{name: "canonical spelling finds the French", q: "calder", want: []string{"en", "fr", "de"},
			marked: map[string][]string{"fr": {"Caldre"}}, via: map[string]string{"fr": "Calder"}},
		{name: "English stemming", q: "attacks", want: []string{"en"}, marked: map[string][]string{"en": {"attackers"}}},
		{name: "French stemming", q: "attaques", want: []string{"fr"}, marked: map[string][]string{"fr": {"attaque"}}},
		{name: "German folding", q: "Störungen", want: []string{"de"}, marked: map[string][]string{"de": {"Stoerungen"}}},
		{name: "all words needed", q: "bakery ovens", want: []string{"other"}},
		{name: "all words needed, one missing", q: "bakery harbour", want: nil},
		{name: "language filter", q: "Fenwick", lang: "fr", want: []string{"fr"}},
		{name: "elision", q: "opérateur", want: []string{"fr"}, marked: map[string][]string{"fr": {"L’opérateur"}}},
		{name: "empty", q: "  ", want: nil},
		{name: "absent word", q: "zebra", want: nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.Search(t.Context(), Query{Text: c.q, Lang: c.lang})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			byDoc := map[string]Hit{}
			for _, h := range res.Hits {
				got = append(got, h.Doc)
				byDoc[h.Doc] = h
			}
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) || res.Total != len(want) {
				t.Fatalf("Search(%q) = %v (total %d), want %v", c.q, got, res.Total, want)
			}
			docs := map[string]Doc{}
			for _, d := range testDocs() {
				docs[d.ID] = d
			}
			for id, words := range c.marked {
				text := []rune(docs[id].Text)
				var marked []string
				for _, m := range byDoc[id].Marks {
					marked = append(marked, string(text[m.Start:m.End]))
				}
				for _, w := range words {
					if !slices.ContainsFunc(marked, func(m string) bool { return strings.Contains(m, w) }) {
						t.Errorf("%s: marks %q, want %q in one of them", id, marked, w)
					}
				}
			}
			for id, spelling := range c.via {
				found := false
				for _, v := range byDoc[id].Via {
					found = found || v.Name == spelling
				}
				if !found {
					t.Errorf("%s: via %+v, want %q", id, byDoc[id].Via, spelling)
				}
			}
		})
	}
}

func TestSearchTitleMarksAndPaging(t *testing.T) {
	ix, err := New(t.Context(), testDocs())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(t.Context(), Query{Text: "harbour"})
	if err != nil {
		t.Fatal(err)
	}
	var en Hit
	for _, h := range res.Hits {
		if h.Doc == "en" {
			en = h
		}
	}
	title := []rune(testDocs()[0].Title)
	if len(en.TitleMarks) != 1 || string(title[en.TitleMarks[0].Start:en.TitleMarks[0].End]) != "Harbour" {
		t.Errorf("title marks %+v", en.TitleMarks)
	}
	all, _ := ix.Search(t.Context(), Query{Text: "Calder"})
	first, _ := ix.Search(t.Context(), Query{Text: "Calder", Size: 1})
	second, _ := ix.Search(t.Context(), Query{Text: "Calder", Size: 1, From: 1})
	if len(first.Hits) != 1 || len(second.Hits) != 1 || first.Total != all.Total ||
		first.Hits[0].Doc != all.Hits[0].Doc || second.Hits[0].Doc != all.Hits[1].Doc {
		t.Errorf("paging: all %v, first %v, second %v", all.Hits, first.Hits, second.Hits)
	}
	// A document with the word itself ranks above those found by name.
	if all.Hits[0].Doc != "en" && all.Hits[0].Doc != "fr" {
		t.Errorf("best hit %s, want a document naming Calder", all.Hits[0].Doc)
	}
}

func TestIncidentNames(t *testing.T) {
	inc := model.Incident{
		Victims:   []model.Entity{{Name: "Calder Harbour Board", Aliases: []string{"Calder", "calder", "port de Caldre"}}},
		Providers: []model.Provider{{Name: "Fenwick Data", Role: model.RoleSupplier}, {Name: "North Shared", Role: model.RoleSharedService, Aliases: []string{"NSS"}}},
		Agencies:  []model.Agency{{Name: "Cyber Office", Aliases: []string{"CO"}}},
		Vector:    &model.Vector{Product: "Gate VPN", Vendor: "Gatewright"},
		People:    []model.Person{{Name: "Ann Lee", Variants: []string{"Anne Lee"}}},
	}
	var got []string
	for _, n := range IncidentNames(inc) {
		got = append(got, n.Role+":"+n.Name)
	}
	want := "victim:Calder Harbour Board victim:Calder victim:port de Caldre supplier:Fenwick Data provider:North Shared provider:NSS agency:Cyber Office agency:CO product:Gate VPN vendor:Gatewright person:Ann Lee person:Anne Lee"
	if strings.Join(got, " ") != want {
		t.Errorf("IncidentNames:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestCodePointSpans(t *testing.T) {
	s := "Störung in Köln"
	// "Störung" is bytes 0-8, "Köln" bytes 12-17.
	got := codePointSpans(s, []byteSpan{{12, 17}, {0, 8}, {0, 3}, {2, 3}, {40, 50}})
	want := []model.Span{{Start: 0, End: 7}, {Start: 11, End: 15}}
	if !slices.Equal(got, want) {
		t.Errorf("codePointSpans = %v, want %v", got, want)
	}
}

// TestUpdate: an index updated with a later set of documents (one
// changed, one new, one gone) answers as an index built afresh from that
// set; the earlier index stays searchable, without what the update
// re-indexed or deleted; the bleve index closes with the last Index
// sharing it.
func TestUpdate(t *testing.T) {
	ctx := t.Context()
	v1 := []Doc{
		{ID: "a", Lang: "en", Title: "Harwick clinic offline", Text: "Harwick Clinic was hit by ransomware."},
		{ID: "b", Lang: "en", Title: "Port outage", Text: "The port of Orrin reported an outage."},
		{ID: "c", Lang: "fr", Title: "Mairie de Douvres", Text: "La mairie de Douvres est hors ligne après une attaque."},
	}
	v2 := []Doc{
		{ID: "a", Lang: "en", Title: "Harwick clinic offline", Text: "Harwick Clinic was hit by ransomware from the Orrin gang."},
		{ID: "c", Lang: "fr", Title: "Mairie de Douvres", Text: "La mairie de Douvres est hors ligne après une attaque."},
		{ID: "d", Lang: "en", Title: "Orrin ferry bookings down", Text: "Ferry bookings in Orrin stopped after the ransomware attack."},
	}
	old, err := New(ctx, v1)
	if err != nil {
		t.Fatal(err)
	}
	upd, err := old.Update(ctx, v2)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := New(ctx, v2)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	ids := func(ix *Index, q string) []string {
		res, err := ix.Search(ctx, Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.Doc)
		}
		slices.Sort(out)
		return out
	}
	for _, q := range []string{"Orrin", "ransomware", "Douvres", "outage", "ferry"} {
		if got, want := ids(upd, q), ids(fresh, q); !slices.Equal(got, want) {
			t.Errorf("updated index, %q: %v, want %v (as built afresh)", q, got, want)
		}
	}
	// The earlier index: "a" was re-indexed for v2, so it is skipped;
	// "b" was deleted; "d" is not its document; "c" is shared.
	for _, q := range []string{"Orrin", "Harwick", "outage"} {
		if got := ids(old, q); len(got) != 0 {
			t.Errorf("earlier index, %q: %v, want nothing", q, got)
		}
	}
	if got := ids(old, "Douvres"); !slices.Equal(got, []string{"c"}) {
		t.Errorf("earlier index, Douvres: %v, want [c] (unchanged, shared)", got)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	if got := ids(upd, "ferry"); !slices.Equal(got, []string{"d"}) {
		t.Errorf("after the earlier index closed, ferry: %v", got)
	}
	if err := upd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := upd.sh.idx.DocCount(); err == nil {
		t.Error("the bleve index is still open after the last Index closed")
	}
}

// TestUpdateFresh: after maxUpdates updates the next builds a new bleve
// index, and the answers stay those of the last documents.
func TestUpdateFresh(t *testing.T) {
	ctx := t.Context()
	ix, err := New(ctx, []Doc{{ID: "x0", Lang: "en", Text: "alpha beta"}})
	if err != nil {
		t.Fatal(err)
	}
	first := ix.sh
	for i := 1; i <= maxUpdates; i++ {
		next, err := ix.Update(ctx, []Doc{{ID: fmt.Sprintf("x%d", i), Lang: "en", Text: "alpha gamma"}})
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
		ix = next
	}
	defer ix.Close()
	if ix.sh == first {
		t.Error("still the first bleve index after maxUpdates updates")
	}
	res, err := ix.Search(ctx, Query{Text: "alpha"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].Doc != fmt.Sprintf("x%d", maxUpdates) {
		t.Errorf("alpha: %+v, want only x%d", res, maxUpdates)
	}
}
