package serve

import (
	"cmp"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/sharedtest"

	"github.com/chromedp/chromedp"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/store"
)

// The browser tests drive Debian's chromium (installed by .ci/run) over
// the DevTools protocol against an httptest server of the real handler:
// open the incident list, search a name in the spelling only one
// language uses, open the incident from the results and check that every
// victim is shown with its evidence highlighted; a full-page screenshot
// is saved under $CASEFILE_ARTIFACTS.

// browser starts a headless chromium for the test, or skips (fails when
// CI=true) when there is none.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
			if q, err := exec.LookPath(p); err == nil {
				path = q
				break
			}
		}
	}
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is missing: .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("skipping the browser test: no chromium (apt-get install chromium, or set CHROMIUM)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first run starts the browser; it must not run under a timeout.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`1`)); err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}
	return ctx
}

// artifactDir is where the tests leave screenshots: $CASEFILE_ARTIFACTS,
// else a folder under the system's temporary folder.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("CASEFILE_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "casefile-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// rareAlias picks the search term: of the victims' aliases found in the
// documents, the one found in the fewest (then the shortest), that is a
// spelling only some documents use. It returns the alias, the number of
// documents that contain it, and the incident of its victim.
func rareAlias(t *testing.T, snap store.Snapshot) (alias string, docs int, incident string) {
	t.Helper()
	texts := make([]string, len(snap.Documents))
	for i, d := range snap.Documents {
		texts[i] = " " + fold.Words(d.Title+" "+d.Text) + " "
	}
	docs = -1
	for _, inc := range snap.Incidents {
		for _, v := range inc.Victims {
			for _, a := range v.Aliases {
				key := " " + fold.Words(a) + " "
				n := 0
				for _, tx := range texts {
					if strings.Contains(tx, key) {
						n++
					}
				}
				if n == 0 {
					continue
				}
				if docs < 0 || n < docs || (n == docs && cmp.Or(cmp.Compare(len(a), len(alias)), strings.Compare(a, alias)) < 0) {
					alias, docs, incident = a, n, inc.ID
				}
			}
		}
	}
	if docs < 0 {
		t.Fatal("no victim alias is found in any document")
	}
	return alias, docs, incident
}

// victimShown is a victim as the incident page shows it.
type victimShown struct {
	Name   string `json:"name"`
	Marks  int    `json:"marks"`
	Quotes int    `json:"quotes"`
	Colour string `json:"colour"` // background of its first mark
}

func browse(t *testing.T, f *fixture, wantVictims []string, shot string) {
	ctx := browser(t)
	snap, err := f.st.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	query, inDocs, incident := rareAlias(t, snap)
	t.Logf("searching %q (in %d of %d documents as written), expecting incident %s", query, inDocs, len(snap.Documents), incident)

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(c, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string, v any) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		raw, err := chromedp.Run(c, chromedp.Evaluate[[]byte](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatalf("%s: %v: %s", what, err, raw)
		}
	}

	// The incident list.
	step("open the incident list", chromedp.Navigate(f.http.URL+"/"), chromedp.WaitVisible(chromedp.CSS("table.incidents")))
	var listed []string
	eval("read the list", `Array.from(document.querySelectorAll('a.incident-link')).map(a => a.getAttribute('href'))`, &listed)
	if !slices.Contains(listed, incidentLink(incident)) {
		t.Fatalf("the list links %v, not %s", listed, incidentLink(incident))
	}

	// Search from the header's box.
	step("search", chromedp.SendKeys(chromedp.CSS(`header form.search input[name=q]`), query),
		chromedp.Submit(chromedp.CSS(`header form.search input[name=q]`)), chromedp.WaitVisible(chromedp.CSS("section.hits")))
	var hits struct {
		Docs      int      `json:"docs"`
		Incidents []string `json:"incidents"`
	}
	eval("read the hits", `({docs: document.querySelectorAll('.hit').length,
		incidents: Array.from(document.querySelectorAll('section.hits a.incident-link')).map(a => a.getAttribute('href'))})`, &hits)
	if !slices.Contains(hits.Incidents, incidentLink(incident)) {
		t.Fatalf("search %q found incidents %v, not %s", query, hits.Incidents, incident)
	}
	if hits.Docs <= inDocs {
		t.Errorf("search %q found %d documents; %d contain it as written, so the other spellings found none", query, hits.Docs, inDocs)
	}

	// Open the incident from the results.
	step("open the incident", chromedp.Click(chromedp.CSS(`section.hits a.incident-link[href="`+incidentLink(incident)+`"]`)),
		chromedp.WaitVisible(chromedp.ID("victims")))
	var shown []victimShown
	eval("read the victims", `Array.from(document.querySelectorAll('#victims .entity')).map(e => {
		const m = e.querySelector('.evidence mark');
		return {name: e.querySelector('h3').firstChild.textContent.trim(),
			marks: e.querySelectorAll('.evidence mark').length,
			quotes: e.querySelectorAll('.evidence figure').length,
			colour: m ? getComputedStyle(m).backgroundColor : ''};
	})`, &shown)
	var names []string
	for _, v := range shown {
		names = append(names, fold.Key(v.Name))
		if v.Marks == 0 || v.Quotes == 0 {
			t.Errorf("victim %s shows %d quotes with %d marks", v.Name, v.Quotes, v.Marks)
		}
		if v.Colour == "" || v.Colour == "rgba(0, 0, 0, 0)" || v.Colour == "transparent" {
			t.Errorf("victim %s: marks not highlighted (background %q; stylesheet not applied?)", v.Name, v.Colour)
		}
	}
	var want []string
	for _, w := range wantVictims {
		want = append(want, fold.Key(w))
	}
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("victims shown %v, want %v", names, want)
	}
	var graph int
	eval("read the graph", `document.querySelectorAll('svg.graph g.node').length`, &graph)
	if graph == 0 {
		t.Errorf("no supplier graph drawn")
	}

	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(c, chromedp.FullScreenshot(100)) // quality 100 gives a PNG
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(artifactDir(t), shot)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the incident page: %s", path)
}

// expectedVictims reads incident.must.victims of an expected.json file.
func expectedVictims(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		Incident struct {
			Must struct {
				Victims []string `json:"victims"`
			} `json:"must"`
		} `json:"incident"`
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return exp.Incident.Must.Victims
}

// TestBrowserSample runs the browser walk on the bundled sample corpus.
func TestBrowserSample(t *testing.T) {
	f := newFixture(t, ingestSample(t), Options{})
	browse(t, f, expectedVictims(t, filepath.Join("..", "sample", "testdata", "expected.json")), "browser-sample-incident.png")
}

// TestBrowserSeeds runs it on ../shared/seeds.
func TestBrowserSeeds(t *testing.T) {
	shared := sharedtest.Path(t)
	f := newFixture(t, ingestDir(t, filepath.Join(shared, "seeds")), Options{})
	browse(t, f, expectedVictims(t, filepath.Join(shared, "seeds-expected.json")), "browser-seeds-incident.png")
}
