package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
	"github.com/casefile/casefile/internal/story"
)

func init() {
	evalCommands["stories"] = command{
		summary: "story clustering: BCubed and pairwise F1 of FILE.jsonl against --gold STORIES.json (or the records' \"group\" field)",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.evalStories(ctx, args) },
	}
}

// evalStories runs source → extract → analyze → dedup → story in memory
// (no incident stage, no store) and scores the stories.
func (e *env) evalStories(ctx context.Context, args []string) (int, error) {
	fs := flag.NewFlagSet("eval stories", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	goldPath := fs.String("gold", "", `gold stories JSON ({"stories": [{"ids": [...]}]}); without it, records with the same "group" field are one story`)
	var opt story.Options
	fs.Float64Var(&opt.Threshold, "threshold", 0, "similarity to join a story (0: the default)")
	fs.Float64Var(&opt.MaxDays, "max-days", 0, "largest gap in days between a unit and a story (0: the default)")
	fs.Float64Var(&opt.Assign.GraceDays, "grace-days", 0, "gap in days without decay (0: the default)")
	fs.Float64Var(&opt.Assign.DecayDays, "decay-days", 0, "decay scale in days (0: the default)")
	fs.Float64Var(&opt.Assign.UndatedThreshold, "undated-threshold", 0, "similarity to join a story when either side is undated (0: the default)")
	fs.Float64Var(&opt.Assign.MergeThreshold, "merge-threshold", 0, "similarity for two stories to merge (0: the default)")
	fs.Float64Var(&opt.Assign.BridgeMargin, "bridge-margin", 0, "how far below the threshold a unit's similarity to a second story may be for the two stories to be compared for a merge (0: the default; negative: none)")
	fs.Float64Var(&opt.Assign.VictimDays, "victim-days", 0, "largest gap in days over which a unit and a story naming the same attacked victim are compared without time decay (0: the default; negative: none)")
	fs.Float64Var(&opt.Assign.VictimThreshold, "victim-threshold", 0, "similarity to join a story across time through a shared victim (0: the default)")
	fs.IntVar(&opt.Assign.VectorTerms, "vector-terms", 0, "terms kept per unit and story (0: the default)")
	cold := fs.Bool("cold", false, "with --shuffle: term statistics grow as documents arrive instead of being those of the whole file")
	jitter := fs.Float64("jitter-days", 0, "with --shuffle: arrive in publication order delayed by up to this many days at random, instead of in any order")
	shuffles := fs.Int("shuffle", 0, "also run the online assigner in N random arrival orders and compare with the canonical result")
	errorsN := fs.Int("errors", 0, "list up to N wrongly merged and N wrongly split gold stories")
	incremental := fs.Int("incremental", 0, "also ingest the file by publication date in batches of N with 'ingest --incremental' (into a temporary store) and score its stories")
	path, err := parseInterspersed(fs, args)
	if err != nil {
		return 2, nil
	}
	if path == "" {
		return 2, errors.New("eval stories: give one JSONL file")
	}
	var gold map[string]string
	if *goldPath != "" {
		gold, err = readGoldFile(*goldPath)
	} else {
		gold, err = readGroups(path)
	}
	if err != nil {
		return 1, err
	}
	start := time.Now()
	var raws []model.Raw
	for raw, err := range source.Read(ctx, []string{path}, source.Options{}) {
		if err != nil {
			e.log.Warn("input rejected", "err", err)
			continue
		}
		raws = append(raws, raw)
	}
	docs := pipeline.Docs(raws)
	prep := time.Since(start)
	start = time.Now()
	groups, _ := dedup.Link(docs, dedup.Options{})
	linked := time.Since(start)
	start = time.Now()
	res := story.Cluster(docs, groups, opt)
	clustered := time.Since(start)

	s := story.Score(res.StoryOf, gold)
	fmt.Fprintf(e.stdout, "documents %d, predicted stories %d, gold stories %d (gold documents not read: %d)\n", s.Docs, s.Predicted, s.Gold, s.GoldMissing)
	fmt.Fprintf(e.stdout, "BCubed   P %.3f  R %.3f  F1 %.3f\n", s.BCubedP, s.BCubedR, s.BCubedF1)
	fmt.Fprintf(e.stdout, "pairwise P %.3f  R %.3f  F1 %.3f  (%d correct of %d predicted pairs, %d gold pairs)\n", s.PairP, s.PairR, s.PairF1, s.PairTP, s.PairPred, s.PairGold)
	fmt.Fprintf(e.stdout, "time: extract+analyze %v, dedup %v, story %v\n", prep.Round(time.Millisecond), linked.Round(time.Millisecond), clustered.Round(time.Millisecond))
	if *incremental > 0 {
		if err := e.evalIncremental(ctx, raws, opt, res, gold, *incremental); err != nil {
			return 1, err
		}
	}
	if *shuffles > 0 {
		writeShuffles(e, docs, groups, opt, res, gold, *shuffles, *cold, *jitter)
	}
	if *errorsN > 0 {
		writeStoryErrors(e, res, gold, docs, *errorsN)
	}
	return 0, nil
}

// writeStoryErrors lists predicted stories that mix gold stories and gold
// stories split over several predicted ones, with titles.
func writeStoryErrors(e *env, res story.Result, gold map[string]string, docs []model.Doc, n int) {
	title := map[string]string{}
	for _, d := range docs {
		title[d.ID] = d.Title
	}
	g := func(id string) string {
		if l, ok := gold[id]; ok {
			return l
		}
		return "single:" + id
	}
	merged, split := 0, 0
	fmt.Fprintln(e.stdout, "\nwrongly merged (predicted story → gold stories):")
	for _, st := range res.Stories {
		labels := map[string]bool{}
		for _, id := range st.Docs {
			labels[g(id)] = true
		}
		if len(labels) < 2 || merged >= n {
			continue
		}
		merged++
		fmt.Fprintf(e.stdout, "  %s\n", st.ID)
		for _, id := range st.Docs {
			fmt.Fprintf(e.stdout, "    %-14s %-40s %s | %s\n", id, clip(g(id), 40), clip(title[id], 60), st.Why[id])
		}
	}
	fmt.Fprintln(e.stdout, "\nwrongly split (gold story → predicted stories):")
	byGold := map[string][]string{}
	for id, l := range gold {
		if _, ok := res.StoryOf[id]; ok {
			byGold[l] = append(byGold[l], id)
		}
	}
	for l, ids := range byGold {
		preds := map[string]bool{}
		for _, id := range ids {
			preds[res.StoryOf[id]] = true
		}
		if len(preds) < 2 || split >= n {
			continue
		}
		split++
		fmt.Fprintf(e.stdout, "  %s\n", clip(l, 100))
		for _, id := range ids {
			fmt.Fprintf(e.stdout, "    %-14s %s %s\n", id, res.StoryOf[id], clip(title[id], 80))
		}
	}
}

func readGoldFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval stories: %w", err)
	}
	defer f.Close()
	g, err := story.ReadGold(f)
	if err != nil {
		return nil, fmt.Errorf("eval stories: %s: %w", path, err)
	}
	return g, nil
}

// readGroups reads the "id" and "group" fields of a JSON Lines file.
func readGroups(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval stories: %w", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		var rec struct{ ID, Group string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("eval stories: %s:%d: %w", path, line, err)
		}
		if rec.Group != "" {
			out[rec.ID] = rec.Group
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval stories: %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("eval stories: %s has no \"group\" fields; give --gold", path)
	}
	return out, nil
}

// parseInterspersed parses flags given before or after the one
// positional argument ("FILE --gold X" as well as "--gold X FILE") and
// returns that argument ("" if none, an error if more than one).
func parseInterspersed(fs *flag.FlagSet, args []string) (string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) > 1 {
		return "", fmt.Errorf("%s: one argument expected, got %d", fs.Name(), len(pos))
	}
	if len(pos) == 0 {
		return "", nil
	}
	return pos[0], nil
}

// writeShuffles runs the online assigner in random arrival orders and
// prints how far each result is from the canonical one (BCubed and
// pairwise F1 of one against the other) and its scores against gold.
func writeShuffles(e *env, docs []model.Doc, groups []dedup.Group, opt story.Options, canon story.Result, gold map[string]string, n int, cold bool, jitter float64) {
	rng := rand.New(rand.NewPCG(7, 11))
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	fmt.Fprintf(e.stdout, "\narrival orders (online assigner; cold statistics %v; jitter %.0f days):\n", cold, jitter)
	fmt.Fprintf(e.stdout, "%6s %14s %14s %12s %12s\n", "order", "vs canon B3", "vs canon pair", "gold B3", "gold pair")
	var minB3, minPair = 1.0, 1.0
	for i := range n {
		rng.Shuffle(len(ids), func(a, b int) { ids[a], ids[b] = ids[b], ids[a] })
		if jitter > 0 {
			at := map[string]float64{}
			for _, d := range docs {
				at[d.ID] = float64(d.Published.Unix())/86400 + rng.Float64()*jitter
			}
			slices.SortStableFunc(ids, func(a, b string) int { return cmp.Compare(at[a], at[b]) })
		}
		arrival := make(map[string]int, len(ids))
		for p, id := range ids {
			arrival[id] = p
		}
		res := story.ClusterArrival(docs, groups, opt, arrival, cold)
		vs := story.Score(res.StoryOf, canon.StoryOf)
		g := story.Score(res.StoryOf, gold)
		minB3, minPair = min(minB3, vs.BCubedF1), min(minPair, vs.PairF1)
		fmt.Fprintf(e.stdout, "%6d %14.3f %14.3f %12.3f %12.3f\n", i+1, vs.BCubedF1, vs.PairF1, g.BCubedF1, g.PairF1)
	}
	fmt.Fprintf(e.stdout, "least agreement with the canonical stories: BCubed F1 %.3f, pairwise F1 %.3f\n", minB3, minPair)
}

// evalIncremental ingests raws by publication date (undated last, ties
// by id) in batches of batch articles through pipeline.Incremental into
// a temporary SQLite store, and scores its stories against the gold and
// against the canonical clustering.
func (e *env) evalIncremental(ctx context.Context, raws []model.Raw, opt story.Options, canon story.Result, gold map[string]string, batch int) error {
	dir, err := os.MkdirTemp("", "casefile-eval-")
	if err != nil {
		return fmt.Errorf("eval stories: %w", err)
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, filepath.Join(dir, "casefile.db"))
	if err != nil {
		return fmt.Errorf("eval stories: %w", err)
	}
	defer st.Close()
	raws = slices.Clone(raws)
	slices.SortStableFunc(raws, func(a, b model.Raw) int {
		if a.Published.IsZero() != b.Published.IsZero() {
			if a.Published.IsZero() {
				return 1
			}
			return -1
		}
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	quiet := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	inc, err := pipeline.NewIncremental(st, pipeline.Config{Log: quiet, Story: opt}, pipeline.IncrementalOptions{})
	if err != nil {
		return fmt.Errorf("eval stories: %w", err)
	}
	defer inc.Close()
	start := time.Now()
	var neigh int
	for i := 0; i < len(raws); i += batch {
		r, err := inc.Add(ctx, raws[i:min(len(raws), i+batch)])
		if err != nil {
			return fmt.Errorf("eval stories: incremental: %w", err)
		}
		neigh += r.Neighbours
	}
	took := time.Since(start)
	snap, err := st.Load(ctx)
	if err != nil {
		return fmt.Errorf("eval stories: %w", err)
	}
	storyOf := make(map[string]string, len(snap.Documents))
	for _, d := range snap.Documents {
		storyOf[d.ID] = d.Story
	}
	g, vs := story.Score(storyOf, gold), story.Score(storyOf, canon.StoryOf)
	fmt.Fprintf(e.stdout, "\nincremental ingest by date, batches of %d (%.1f stored documents re-clustered per new one; %v with incidents and store):\n",
		batch, float64(neigh)/float64(max(1, len(raws))), took.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "  vs gold:      BCubed P %.3f  R %.3f  F1 %.3f; pairwise F1 %.3f; %d stories\n", g.BCubedP, g.BCubedR, g.BCubedF1, g.PairF1, g.Predicted)
	fmt.Fprintf(e.stdout, "  vs canonical: BCubed F1 %.3f; pairwise F1 %.3f\n", vs.BCubedF1, vs.PairF1)
	return nil
}
