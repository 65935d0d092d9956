package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	minhashlsh "github.com/ekzhu/minhash-lsh"

	"github.com/casefile/casefile/internal/dedup"
)

func init() {
	benchCommands["dedup"] = command{
		summary: "near-duplicate throughput, memory and recall on N perturbed real articles, against ekzhu/minhash-lsh",
		run:     runBenchDedup,
	}
}

// Near-duplicate thresholds used by the bench for both indexes.
const (
	benchJaccard = 0.5
	benchContain = 0.8
)

func runBenchDedup(ctx context.Context, e *env, args []string) (int, error) {
	fl := flag.NewFlagSet("bench dedup", flag.ContinueOnError)
	fl.SetOutput(e.stderr)
	n := fl.Int("n", 1_000_000, "articles in the corpus")
	peerN := fl.Int("peer-n", 0, "articles for ekzhu/minhash-lsh (default: n; 0 skips it with -no-peer)")
	noPeer := fl.Bool("no-peer", false, "skip ekzhu/minhash-lsh")
	data := fl.String("data", filepath.Join("..", "shared", "data"), "folder with casie-dev.jsonl and translations-dev.jsonl")
	workers := fl.Int("workers", runtime.NumCPU(), "goroutines computing signatures")
	if err := fl.Parse(args); err != nil {
		return 2, nil
	}
	if *peerN == 0 {
		*peerN = *n
	}
	pool, err := sentencePool(*data)
	if err != nil {
		return 1, err
	}
	fmt.Fprintf(e.stdout, "corpus: %d articles perturbed from %d real sentences (%s)\n", *n, len(pool), *data)
	gen := &corpusGen{pool: pool}
	ours := benchOurs(ctx, gen, *n, *workers)
	ours.print(e, "casefile NearIndex")
	if *noPeer {
		return 0, nil
	}
	peer := benchPeer(ctx, gen, *peerN)
	peer.print(e, "ekzhu/minhash-lsh")
	fmt.Fprintf(e.stdout, "throughput ratio casefile/ekzhu: %.1fx wall clock, %.1fx CPU per article (at %d and %d articles)\n",
		ours.rate()/peer.rate(), float64(peer.cpu)/float64(peer.n)/(float64(ours.cpu)/float64(ours.n)), *n, *peerN)
	return 0, nil
}

// benchResult holds one index's figures.
type benchResult struct {
	n               int
	elapsed         time.Duration
	cpu             time.Duration // CPU time of the timed parts, all threads
	bytesPerArticle float64
	copies, found   int // copies in the corpus, copies whose family was found
	pairs, right    int // pairs returned, pairs in one family
	note            string
}

func (r benchResult) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

func (r benchResult) print(e *env, name string) {
	fmt.Fprintf(e.stdout, "%s: %d articles in %s: %.0f articles/s (%.1f µs CPU/article); %.0f bytes/article in the index; copies found %.4f (%d/%d); precision %.4f (%d/%d)%s\n",
		name, r.n, r.elapsed.Round(time.Millisecond), r.rate(), float64(r.cpu.Microseconds())/float64(r.n), r.bytesPerArticle,
		ratio(r.found, r.copies), r.found, r.copies, ratio(r.right, r.pairs), r.right, r.pairs, r.note)
}

// heap returns the live heap after a collection.
func heap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// perArticle is the heap growth since before, per article.
func perArticle(before int64, n int) float64 {
	return float64(max(0, heap()-before)) / float64(n)
}

const benchBatch = 20_000

// benchOurs runs the text path (signature, query, insert) over the
// corpus, timing only that (not the corpus generation). Signatures of
// one batch are computed by the workers while the previous batch is
// added to the index, as an ingest pipeline would.
func benchOurs(ctx context.Context, gen *corpusGen, n, workers int) benchResult {
	before := heap()
	idx := dedup.NewNearIndex(n)
	family := make([]uint32, 0, n)
	r := benchResult{n: n}
	var prev []article
	var prevSigs []dedup.Signature
	add := func(arts []article, sigs []dedup.Signature) [][]dedup.Near {
		res := make([][]dedup.Near, len(arts))
		for i := range arts {
			_, res[i] = idx.Add(sigs[i], benchJaccard, benchContain)
		}
		return res
	}
	score := func(arts []article, res [][]dedup.Near) {
		for i, a := range arts {
			family = append(family, a.family)
			r.score(a, res[i], func(d uint32) uint32 { return family[d] })
		}
	}
	for start := 0; start < n && ctx.Err() == nil; start += benchBatch {
		arts := gen.batch(start, min(benchBatch, n-start))
		sigs := make([]dedup.Signature, len(arts))
		t0, c0 := time.Now(), cpuTime()
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(arts); i += workers {
					sigs[i] = dedup.Sign(arts[i].text)
				}
			}()
		}
		res := add(prev, prevSigs)
		wg.Wait()
		r.elapsed += time.Since(t0)
		r.cpu += cpuTime() - c0
		score(prev, res)
		prev, prevSigs = arts, sigs
	}
	t0, c0 := time.Now(), cpuTime()
	res := add(prev, prevSigs)
	r.elapsed += time.Since(t0)
	r.cpu += cpuTime() - c0
	score(prev, res)
	prev, prevSigs, family = nil, nil, nil
	r.bytesPerArticle = perArticle(before, n)
	runtime.KeepAlive(idx)
	return r
}

// score counts one article's results.
func (r *benchResult) score(a article, res []dedup.Near, familyOf func(uint32) uint32) {
	hit := false
	for _, x := range res {
		r.pairs++
		if familyOf(x.Doc) == a.family {
			r.right++
			hit = true
		}
	}
	if a.copy {
		r.copies++
		if hit {
			r.found++
		}
	}
}

// benchPeer runs ekzhu/minhash-lsh at the same settings: the same word
// 5-shingles, NumHashes hash functions, threshold benchJaccard. It is
// batch-only: everything is added, indexed once, then queried.
func benchPeer(ctx context.Context, gen *corpusGen, n int) benchResult {
	before := heap()
	lsh := minhashlsh.NewMinhashLSH16(dedup.NumHashes, benchJaccard)
	r := benchResult{n: n, note: " (batch: add all, index once, then query)"}
	family := make([]uint32, 0, n)
	var copies []int
	sigs := make([][]uint64, 0, n)
	var elapsed time.Duration
	for start := 0; start < n && ctx.Err() == nil; start += benchBatch {
		arts := gen.batch(start, min(benchBatch, n-start))
		t0, c0 := time.Now(), cpuTime()
		for i, a := range arts {
			mh := minhashlsh.NewMinhash(1, dedup.NumHashes)
			for _, s := range wordShingles(a.text) {
				mh.Push([]byte(s))
			}
			sig := mh.Signature()
			lsh.Add(uint32(start+i), sig)
			sigs = append(sigs, sig)
		}
		elapsed += time.Since(t0)
		r.cpu += cpuTime() - c0
		for i, a := range arts {
			family = append(family, a.family)
			if a.copy {
				copies = append(copies, start+i)
			}
		}
	}
	t0, c0 := time.Now(), cpuTime()
	lsh.Index()
	// Every article is queried, as the text path does, and the copies
	// are scored.
	res := make([][]any, len(sigs))
	for i, sig := range sigs {
		res[i] = lsh.Query(sig)
	}
	elapsed += time.Since(t0)
	r.cpu += cpuTime() - c0
	r.elapsed = elapsed
	for _, i := range copies {
		a := article{family: family[i], copy: true}
		var near []dedup.Near
		for _, k := range res[i] {
			if d := k.(uint32); int(d) < i { // earlier articles, as the text path sees them
				near = append(near, dedup.Near{Doc: d})
			}
		}
		r.score(a, near, func(d uint32) uint32 { return family[d] })
	}
	sigs = nil
	r.bytesPerArticle = perArticle(before, n)
	runtime.KeepAlive(lsh)
	return r
}

// wordShingles returns the word 5-shingles of text, lower-cased.
func wordShingles(text string) []string {
	w := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
	if len(w) < 5 {
		return []string{strings.Join(w, " ")}
	}
	out := make([]string, 0, len(w)-4)
	for i := 0; i+5 <= len(w); i++ {
		out = append(out, strings.Join(w[i:i+5], " "))
	}
	return out
}
