package main

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/sharedtest"
)

// TestSeeds ingests ../shared/seeds and checks the export against
// ../shared/seeds-expected.json.
func TestSeeds(t *testing.T) {
	shared := sharedtest.Path(t)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	checkGold(t, readGold(t, filepath.Join(shared, "seeds-expected.json")), exportBundle(t, db))
	// Re-ingesting changes nothing.
	before := exportBundle(t, db)
	out, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds"))
	if code != 0 || !strings.Contains(out, "(0 new or changed") {
		t.Errorf("second ingest: exit %d, %q", code, out)
	}
	if after := exportBundle(t, db); !reflect.DeepEqual(before, after) {
		t.Errorf("re-ingesting the same input changed the export")
	}
}

// TestSeedsIncremental ingests the seeds one article per batch with
// --incremental, each batch updating only the stories it touches, and
// checks the export against the same gold; then 'casefile rebuild'
// gives the same export as an ingest without --incremental.
func TestSeedsIncremental(t *testing.T) {
	shared := sharedtest.Path(t)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "ingest", "--incremental", "--batch-size", "1", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest --incremental exited %d", code)
	}
	checkGold(t, readGold(t, filepath.Join(shared, "seeds-expected.json")), exportBundle(t, db))
	out, code := casefile(t, "--db", db, "--quiet", "ingest", "--incremental", filepath.Join(shared, "seeds"))
	if code != 0 || !strings.Contains(out, "(0 new or changed") {
		t.Errorf("second ingest: exit %d, %q", code, out)
	}
	if out, code := casefile(t, "--db", db, "--quiet", "rebuild"); code != 0 || !strings.Contains(out, "5 documents, 1 stories") {
		t.Fatalf("rebuild: exit %d, %q", code, out)
	}
	full := filepath.Join(t.TempDir(), "full.db")
	if _, code := casefile(t, "--db", full, "--quiet", "ingest", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	if got, want := exportBundle(t, db), exportBundle(t, full); !reflect.DeepEqual(got, want) {
		t.Errorf("rebuild after incremental ingests differs from a full ingest")
	}
}

// TestSample checks the bundled sample corpus against its own gold.
func TestSample(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "demo"); code != 0 {
		t.Fatalf("demo exited %d", code)
	}
	checkGold(t, readGold(t, filepath.Join("..", "..", "internal", "sample", "testdata", "expected.json")), exportBundle(t, db))
}

// TestSeedsRenamed renames the councils and the providers consistently in
// the seeds' text and in their gold, and expects the renamed record: the
// answer must come from the text, not from these five files. The names
// to rename are read from the gold at run time (seedRenames), and their
// replacements are invented words, so nothing here knows the seeds.
func TestSeedsRenamed(t *testing.T) {
	shared := sharedtest.Path(t)
	dir := t.TempDir()
	goldPath := filepath.Join(shared, "seeds-expected.json")
	rename := seedRenames(readGold(t, goldPath))
	t.Logf("renames: %v", rename.pairs)
	entries, err := os.ReadDir(filepath.Join(shared, "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(shared, "seeds", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte(rename.replace(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	renamed := filepath.Join(t.TempDir(), "gold.json")
	if err := os.WriteFile(renamed, []byte(rename.replace(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
	g := readGold(t, renamed)
	m := &g.Incident.Must
	t.Logf("renamed victims %v, provider %s, supplier %s", m.Victims, m.Shared, m.Supplier)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "ingest", dir); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	checkGold(t, g, exportBundle(t, db))
}

// renamer replaces whole words and phrases, longest first.
type renamer struct {
	pairs [][2]string
	re    *regexp.Regexp
	to    map[string]string
}

func (r renamer) replace(s string) string {
	return r.re.ReplaceAllStringFunc(s, func(m string) string { return r.to[m] })
}

// seedRenames derives the renames from a gold record: each victim's
// place (its first word: "X City Council") and the exonyms its aliases
// use for it (an alias's last word, when the victim's name lacks it:
// "conseil du district de Y"), the shared-service provider as a phrase
// with its initialisms ("A B Services", "AB Services", "ABS"), and the
// supplier. Each gets an invented word, the same in every language.
func seedRenames(g gold) renamer {
	words := inventedWords(7)
	to := map[string]string{}
	add := func(old, repl string) {
		if old != "" && to[old] == "" {
			to[old] = repl
		}
	}
	m := g.Incident.Must
	for _, v := range m.Victims {
		name := strings.Fields(v)
		place := words()
		add(name[0], place)
		for _, a := range g.Incident.May.Aliases[v] {
			f := strings.Fields(a)
			last := f[len(f)-1]
			if !slices.Contains(name, last) && unicode.IsUpper([]rune(last)[0]) {
				add(last, place)
			}
		}
	}
	if f := strings.Fields(m.Shared); len(f) > 1 {
		head := f[len(f)-1]
		var repl, oldInit, newInit []string
		for _, w := range f[:len(f)-1] {
			r := words()
			repl = append(repl, r)
			oldInit = append(oldInit, w[:1])
			newInit = append(newInit, r[:1])
		}
		add(m.Shared, strings.Join(repl, " ")+" "+head)
		add(strings.Join(oldInit, "")+" "+head, strings.Join(newInit, "")+" "+head)
		add(strings.Join(oldInit, "")+head[:1], strings.Join(newInit, "")+head[:1])
	}
	add(m.Supplier, words())
	var r renamer
	r.to = to
	olds := slices.Collect(maps.Keys(to))
	slices.SortFunc(olds, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	quoted := make([]string, len(olds))
	for i, o := range olds {
		quoted[i] = regexp.QuoteMeta(o)
		r.pairs = append(r.pairs, [2]string{o, to[o]})
	}
	r.re = regexp.MustCompile(`\b(?:` + strings.Join(quoted, "|") + `)\b`)
	return r
}

// inventedWords returns a generator of capitalised made-up names
// (consonant-vowel syllables from a fixed seed), none repeated.
func inventedWords(seed uint64) func() string {
	rng := rand.New(rand.NewPCG(seed, 11))
	seen := map[string]bool{}
	const cons, vows = "bdfglmnprstvz", "aeiou"
	return func() string {
		for {
			var b strings.Builder
			for range 3 {
				b.WriteByte(cons[rng.IntN(len(cons))])
				b.WriteByte(vows[rng.IntN(len(vows))])
			}
			b.WriteString([]string{"mouth", "ford", "wick", "ton"}[rng.IntN(4)])
			w := strings.ToUpper(b.String()[:1]) + b.String()[1:]
			if !seen[w] {
				seen[w] = true
				return w
			}
		}
	}
}

// TestSeedsShuffled ingests the seeds one file at a time in shuffled
// orders and expects the same stories, relations and incidents.
func TestSeedsShuffled(t *testing.T) {
	shared := sharedtest.Path(t)
	entries, err := os.ReadDir(filepath.Join(shared, "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	var ref any
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 7))
		perm := rng.Perm(len(entries))
		db := filepath.Join(t.TempDir(), fmt.Sprintf("c%d.db", seed))
		for _, i := range perm {
			if _, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds", entries[i].Name())); code != 0 {
				t.Fatalf("ingest exited %d", code)
			}
		}
		b := exportBundle(t, db)
		got := []any{b.Stories, b.Incidents, relations(b)}
		if ref == nil {
			ref = got
			continue
		}
		if !reflect.DeepEqual(ref, got) {
			t.Errorf("order %v gave different stories or incidents", perm)
		}
	}
}

// TestExposureSeeds: after ingesting the seeds, `casefile exposure Civica`
// lists the three councils with evidence.
func TestExposureSeeds(t *testing.T) {
	shared := sharedtest.Path(t)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	for _, name := range []string{"Civica", "EKS", "Pulse Secure"} {
		out, code := casefile(t, "--db", db, "--quiet", "exposure", name)
		if code != 0 {
			t.Fatalf("exposure %s exited %d", name, code)
		}
		for _, v := range []string{"Canterbury City Council", "Dover District Council", "Thanet District Council"} {
			if !strings.Contains(out, "victim: "+v) {
				t.Errorf("exposure %s does not list %s:\n%s", name, v, out)
			}
		}
		if !strings.Contains(out, "    [") {
			t.Errorf("exposure %s shows no evidence:\n%s", name, out)
		}
	}
}

// TestSeedsKEV: with the KEV catalogue, the Ivanti VPN named without ids
// is linked to the two CVEs, as suspicions.
func TestSeedsKEV(t *testing.T) {
	shared := sharedtest.Path(t)
	db := filepath.Join(t.TempDir(), "c.db")
	if _, code := casefile(t, "--db", db, "--kev", filepath.Join(shared, "data", "kev.json"), "--quiet", "ingest", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	b := exportBundle(t, db)
	if len(b.Incidents) != 1 {
		t.Fatalf("%d incidents", len(b.Incidents))
	}
	got := map[string]string{}
	for _, v := range b.Incidents[0].Vulnerabilities {
		got[v.ID] = v.Source
		if len(v.Evidence) == 0 {
			t.Errorf("%s has no evidence", v.ID)
		}
	}
	for _, id := range []string{"CVE-2023-46805", "CVE-2024-21887"} {
		if got[id] != "suspected, via KEV" {
			t.Errorf("%s: %q, want suspected, via KEV (got %v)", id, got[id], got)
		}
	}
	if len(got) != 2 {
		t.Errorf("vulnerabilities %v, want exactly the two", got)
	}
}

// TestSeedTranslationsAlone ingests each of the seeds' translations on
// its own: a story told only in German or French is read with that
// language's cues. Its victims and providers must be the gold's, found
// through the aliases the whole story's record gives them (a council's
// German or French name is its English one), with the gold's roles, and
// its country the gold's.
func TestSeedTranslationsAlone(t *testing.T) {
	shared := sharedtest.Path(t)
	g := readGold(t, filepath.Join(shared, "seeds-expected.json"))
	full := filepath.Join(t.TempDir(), "full.db")
	if _, code := casefile(t, "--db", full, "--quiet", "ingest", filepath.Join(shared, "seeds")); code != 0 {
		t.Fatalf("ingest exited %d", code)
	}
	fb := exportBundle(t, full)
	if len(fb.Incidents) != 1 {
		t.Fatalf("%d incidents from the seeds, want 1", len(fb.Incidents))
	}
	canon := map[string]string{} // folded name or alias → canonical name
	for _, e := range fb.Incidents[0].Victims {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			canon[fold.Key(n)] = e.Name
		}
	}
	for _, p := range fb.Incidents[0].Providers {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			canon[fold.Key(n)] = p.Name
		}
	}
	n := 0
	for name, d := range g.Documents {
		if d.Language == "en" || d.Relation.Type != "translation" {
			continue
		}
		n++
		t.Run(d.Language, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "one.db")
			if _, code := casefile(t, "--db", db, "--quiet", "ingest", filepath.Join(shared, "seeds", name)); code != 0 {
				t.Fatalf("ingest exited %d", code)
			}
			b := exportBundle(t, db)
			if len(b.Incidents) != 1 {
				t.Fatalf("%d incidents, want 1", len(b.Incidents))
			}
			inc := b.Incidents[0]
			var victims []string
			for _, v := range inc.Victims {
				victims = append(victims, canon[fold.Key(v.Name)])
			}
			if !sameFolded(victims, g.Incident.Must.Victims) {
				t.Errorf("victims %q (as %q), want %q", victimNamesOf(inc), victims, g.Incident.Must.Victims)
			}
			roles := map[string]string{}
			for _, p := range inc.Providers {
				roles[canon[fold.Key(p.Name)]] = p.Role
			}
			if roles[g.Incident.Must.Shared] != model.RoleSharedService || roles[g.Incident.Must.Supplier] != model.RoleSupplier {
				t.Errorf("providers %v, want %s shared and %s supplier", roles, g.Incident.Must.Shared, g.Incident.Must.Supplier)
			}
			if inc.Country != g.Incident.Must.Country {
				t.Errorf("country %q, want %q", inc.Country, g.Incident.Must.Country)
			}
		})
	}
	if n < 2 {
		t.Errorf("%d translations in the gold, want the German and the French", n)
	}
}

func victimNamesOf(inc model.Incident) []string {
	var out []string
	for _, v := range inc.Victims {
		out = append(out, v.Name)
	}
	return out
}

func sameFolded(a, b []string) bool {
	fa, fb := folded(a), folded(b)
	slices.Sort(fa)
	slices.Sort(fb)
	return slices.Equal(fa, fb)
}
