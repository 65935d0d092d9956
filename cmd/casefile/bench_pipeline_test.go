package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/sharedtest"
	"github.com/casefile/casefile/internal/store/storetest"
)

// TestBenchPipelineSmoke runs "casefile bench pipeline" on a tiny corpus
// and checks that its report is complete and consistent (every stage
// timed, every article stored, copies folded into fewer stories, Kafka
// rows for each worker count). It asserts no timing.
func TestBenchPipelineSmoke(t *testing.T) {
	data := sharedtest.Path(t, "data")
	backends := []string{"sqlite"}
	if os.Getenv(storetest.EnvPostgres) != "" {
		backends = append(backends, "postgres")
	}
	const n, kafkaN, live = 60, 30, 4
	out, code := casefile(t, "--quiet", "bench", "pipeline", "-data", data, "-backends", strings.Join(backends, ","),
		"-kafka-n", strconv.Itoa(kafkaN), "-live", strconv.Itoa(live), "-rate", "50", "-batch", "12", "-partitions", "3",
		"-workers", "1,2", strconv.Itoa(n))
	if code != 0 {
		t.Fatalf("exit code %d:\n%s", code, out)
	}
	t.Logf("\n%s", out)
	for _, b := range backends {
		sec := section(t, out, "text path, "+b+", "+strconv.Itoa(n)+" articles")
		for _, stage := range []string{"decode", "store raws", "load raws", "extract", "analyze", "dedup", "story", "incident", "save snapshot", "end to end"} {
			m := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(stage) + ` +([0-9.]+) +([0-9]+) +([0-9.]+)%`).FindStringSubmatch(sec)
			if m == nil {
				t.Errorf("%s: no row for stage %q", b, stage)
				continue
			}
			if rate, _ := strconv.Atoi(m[2]); rate <= 0 {
				t.Errorf("%s: stage %q: %s articles/s", b, stage, m[2])
			}
		}
		m := regexp.MustCompile(`result: (\d+) documents, (\d+) stories, (\d+) incidents`).FindStringSubmatch(sec)
		if m == nil {
			t.Fatalf("%s: no result line", b)
		}
		docs, _ := strconv.Atoi(m[1])
		stories, _ := strconv.Atoi(m[2])
		incidents, _ := strconv.Atoi(m[3])
		if docs != n || stories < 1 || stories >= n || incidents != stories {
			t.Errorf("%s: %d documents, %d stories, %d incidents; want %d documents, copies folded into fewer stories, one incident per story",
				b, docs, stories, incidents, n)
		}

		k := section(t, out, "Kafka, "+b+" ")
		rows := regexp.MustCompile(`(?m)^  (\d+) +([0-9.]+)s +(\d+) +(\d+) .*\| +([0-9.]+)s +([0-9.]+)s +([0-9.]+)s +([0-9.]+)s .* (\d+) documents$`).FindAllStringSubmatch(k, -1)
		var workers []string
		for _, r := range rows {
			workers = append(workers, r[1])
			if r[9] != strconv.Itoa(kafkaN+live) {
				t.Errorf("%s, %s workers: %s documents, want %d", b, r[1], r[9], kafkaN+live)
			}
			p50, _ := strconv.ParseFloat(r[6], 64)
			p99, _ := strconv.ParseFloat(r[7], 64)
			maxL, _ := strconv.ParseFloat(r[8], 64)
			if p50 <= 0 || p99 < p50 || maxL < p99 {
				t.Errorf("%s, %s workers: latency p50 %v p99 %v max %v not ordered", b, r[1], p50, p99, maxL)
			}
		}
		if !slices.Equal(workers, []string{"1", "2"}) {
			t.Errorf("%s: Kafka rows for workers %v, want [1 2]", b, workers)
		}
	}
}

// section is the part of out from the line starting with head to the
// next blank line.
func section(t *testing.T, out, head string) string {
	t.Helper()
	i := strings.Index(out, "\n"+head)
	if i < 0 {
		t.Fatalf("no section %q in output", head)
	}
	s := out[i+1:]
	if j := strings.Index(s, "\n\n"); j >= 0 {
		s = s[:j]
	}
	return s
}

// TestBenchPipelineUsage checks the command's argument handling.
func TestBenchPipelineUsage(t *testing.T) {
	for _, args := range [][]string{
		{"bench", "pipeline", "-sizes", "ten"},
		{"bench", "pipeline", "-workers", "0"},
		{"bench", "pipeline", "-backends", "oracle"},
		{"bench", "pipeline", "-pg", "not a url", "-backends", "postgres"},
		{"bench", "pipeline", "-rate", "0"},
		{"bench", "pipeline", "10", "20"},
	} {
		if _, code := casefile(t, args...); code != 2 {
			t.Errorf("%v: exit code %d, want 2", args, code)
		}
	}
}

// TestCorpusRaws checks the synthetic corpus: reproducible, ids and
// dates in order, and copies that repeat an earlier original's title.
func TestCorpusRaws(t *testing.T) {
	texts, err := readTexts(sharedtest.Path(t, "data"))
	if err != nil {
		t.Fatal(err)
	}
	g := &corpusGen{texts: texts}
	a, b := g.raws(0, 200, 100), g.raws(0, 200, 100)
	whole := g.raws(100, 100, 100)
	copies := 0
	titles := map[string]bool{}
	for i := range a {
		if a[i].ID != b[i].ID || string(a[i].Body) != string(b[i].Body) {
			t.Fatalf("article %d differs between two runs", i)
		}
		if i >= 100 && string(whole[i-100].Body) != string(a[i].Body) {
			t.Fatalf("article %d differs when made in another batch", i)
		}
		if i > 0 && (a[i].ID <= a[i-1].ID || a[i].Published.Before(a[i-1].Published)) {
			t.Errorf("article %d: id or date out of order", i)
		}
		if len(a[i].Body) == 0 {
			t.Errorf("article %d: empty body", i)
		}
		if titles[a[i].Title] {
			copies++
		}
		titles[a[i].Title] = true
	}
	if copies < 50 || copies > 150 {
		t.Errorf("%d of 200 articles repeat an earlier title; want about half", copies)
	}
}

// TestBenchPipelineIncremental runs the text path as 'ingest
// --incremental' on a tiny corpus in batches of 20 and checks its report:
// every stage timed, a row per tenth, every article stored, the memory
// kept per stored article measured. It asserts no timing.
func TestBenchPipelineIncremental(t *testing.T) {
	data := sharedtest.Path(t, "data")
	const n = 60
	out, code := casefile(t, "--quiet", "bench", "pipeline", "-data", data, "-backends", "sqlite", "-workers", "",
		"-incremental", "20", "-per-day", "20", "-agree", strconv.Itoa(n))
	if code != 0 {
		t.Fatalf("exit code %d:\n%s", code, out)
	}
	t.Logf("\n%s", out)
	sec := section(t, out, "text path, incremental, sqlite, "+strconv.Itoa(n)+" articles in batches of 20")
	for _, stage := range []string{"decode", "store raws", "extract", "analyze", "neighbourhood", "dedup", "story", "incident", "save snapshot", "end to end"} {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(stage) + ` +[0-9.]+ +[0-9]+ +[0-9.]+%`).MatchString(sec) {
			t.Errorf("no row for stage %q", stage)
		}
	}
	if rows := regexp.MustCompile(`(?m)^ +\d+ → +\d+: `).FindAllString(sec, -1); len(rows) != 3 {
		t.Errorf("%d rows per tenth for 3 batches, want one per batch", len(rows))
	}
	if !regexp.MustCompile(`kept in memory between batches: .*, \d+ bytes per stored article`).MatchString(sec) {
		t.Error("no memory kept per stored article")
	}
	m := regexp.MustCompile(`result: (\d+) documents, (\d+) stories, (\d+) incidents`).FindStringSubmatch(sec)
	if m == nil || m[1] != strconv.Itoa(n) || m[2] != m[3] {
		t.Errorf("result line %v: want %d documents and one incident per story", m, n)
	}
	if !regexp.MustCompile(`against a rebuild of the same articles .*: BCubed P [0-9.]+ R [0-9.]+ F1 [0-9.]+, pairwise F1 [0-9.]+`).MatchString(sec) {
		t.Error("no agreement with a rebuild")
	}
}

// TestCorpusNames checks the renaming of the synthetic corpus: two
// stories drawn from one real text share its common names (months,
// platforms) but none of the others, which are made up per story.
func TestCorpusNames(t *testing.T) {
	texts, err := readTexts(sharedtest.Path(t, "data"))
	if err != nil {
		t.Fatal(err)
	}
	g := &corpusGen{texts: texts}
	common := g.commonNames()
	for _, w := range []string{"Microsoft", "January"} {
		if !common[w] {
			t.Errorf("%q is not among the common names", w)
		}
	}
	if len(common) > len(texts)/4 {
		t.Errorf("%d common names: most names should be renamed", len(common))
	}
	names := func(family uint32) (int, map[string]bool) {
		title, paras, _ := g.articleOriginal(family)
		out := map[string]bool{}
		for _, w := range capitalisedWords(title + " " + strings.Join(paras, " ")) {
			if !common[w] {
				out[w] = true
			}
		}
		return g.textOf(family), out
	}
	// Find two families drawn from one text.
	first := map[int]uint32{}
	pairs, own := 0, 0
	for f := uint32(0); f < 20_000 && pairs < 20; f++ {
		text, _ := names(f)
		e, ok := first[text]
		if !ok {
			first[text] = f
			continue
		}
		_, a := names(e)
		_, b := names(f)
		base := texts[text].title + " " + texts[text].text
		madeUp := 0
		for w := range a {
			if strings.Contains(base, w) {
				continue // kept: it starts a sentence
			}
			madeUp++
			if b[w] {
				t.Errorf("families %d and %d (text %d) share the made-up name %q", e, f, text, w)
			}
		}
		if madeUp > 0 {
			own++
		}
		pairs++
	}
	if pairs < 20 {
		t.Fatalf("only %d pairs of families drawn from one text", pairs)
	}
	if own < pairs {
		t.Errorf("only %d of %d stories have names of their own", own, pairs)
	}
	if u := len(g.usableTexts()); u < len(texts)*85/100 || u == len(texts) {
		t.Errorf("%d of %d texts are drawn from: want those with names to rename, most of them", u, len(texts))
	}
}

// TestCorpusDates checks that publication dates advance by perDay
// articles a day however many articles there are (version 5's wrapped
// around after 106,751).
func TestCorpusDates(t *testing.T) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		i, perDay int
		want      time.Time
	}{
		{0, 20, base},
		{30, 20, base.Add(36 * time.Hour)},
		{106_752, 20, base.AddDate(0, 0, 5337).Add(14*time.Hour + 24*time.Minute)},
		{1_000_000, 20, base.AddDate(0, 0, 50_000)},
		{2_000_000, 2000, base.AddDate(0, 0, 1000)},
	}
	for _, tc := range tests {
		if got := publishedAt(base, tc.i, tc.perDay); !got.Equal(tc.want) {
			t.Errorf("article %d at %d a day: %v, want %v", tc.i, tc.perDay, got, tc.want)
		}
	}
	for i := 100_000; i < 300_000; i += 997 {
		if !publishedAt(base, i+1, 20).After(publishedAt(base, i, 20)) {
			t.Fatalf("article %d is not published after article %d", i+1, i)
		}
	}
}

// TestLeadNames checks that a name starting a sentence or the title is
// renamed when the text also writes it inside a sentence or in
// capitals, and that a common word starting a sentence is kept.
func TestLeadNames(t *testing.T) {
	txt := realText{title: "ABTA hack sees details exposed", text: "Kelmart was hit. The attack on Kelmart and ABTA was bad."}
	lead := leadNames(txt)
	rename := func(s string) string {
		return renameNames(s, map[string]bool{"The": true}, lead, func(core string) string { return "X" + core })
	}
	if got, want := rename(txt.title), "XABTA hack sees details exposed"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if got, want := rename(txt.text), "XKelmart was hit. The attack on XKelmart and XABTA was bad."; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if lead["The"] {
		t.Errorf("lead names %v hold a word that only starts sentences", lead)
	}
}

// TestBenchPipelineKeep fills a kept store over two runs, the second
// continuing from what the first stored, and refuses to continue a
// store filled with another corpus.
func TestBenchPipelineKeep(t *testing.T) {
	data := sharedtest.Path(t, "data")
	keep := t.TempDir()
	fill := func(n int) (string, int) {
		return casefile(t, "--quiet", "bench", "pipeline", "-data", data, "-backends", "sqlite", "-workers", "",
			"-incremental", "20", "-per-day", "20", "-keep", keep, strconv.Itoa(n))
	}
	if out, code := fill(40); code != 0 {
		t.Fatalf("first run: exit code %d:\n%s", code, out)
	}
	out, code := fill(60)
	if code != 0 {
		t.Fatalf("second run: exit code %d:\n%s", code, out)
	}
	if !strings.Contains(out, "holds 40 articles") || !strings.Contains(out, "adding 40 → 60") {
		t.Errorf("the second run does not continue the first:\n%s", out)
	}
	if err := os.WriteFile(filepath.Join(keep, "bench-corpus"), []byte("corpus version 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out3, errb bytes.Buffer
	code, err := run(context.Background(), []string{"--quiet", "bench", "pipeline", "-data", data, "-backends", "sqlite", "-workers", "",
		"-incremental", "20", "-per-day", "20", "-keep", keep, "80"}, &out3, &errb)
	if code == 0 || err == nil || !strings.Contains(err.Error(), "another corpus") {
		t.Errorf("a store of another corpus was continued (exit code %d, %v):\n%s", code, err, out3.String())
	}
}
