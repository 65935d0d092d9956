package stream

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/casefile/casefile/internal/export"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/sample"
	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/store"
	"github.com/casefile/casefile/internal/store/storetest"
	"github.com/casefile/casefile/internal/story"
)

const partitions = 6

// quiet is a logger for the workers: warnings only.
var quiet = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

// testClient makes group membership quick: heartbeats (which tell a
// member of a rebalance) every 100 ms, short fetch waits.
var testClient = []kgo.Opt{kgo.HeartbeatInterval(100 * time.Millisecond), kgo.FetchMaxWait(100 * time.Millisecond)}

// synthetic is a fictional corpus of several incidents, each reported by
// two outlets and followed up a week later, so that stories and
// incidents have several documents across partitions.
func synthetic() []model.Raw {
	return syntheticOf([]struct{ org, service, place string }{
		{"Brackenford Borough Council", "council tax payments", "Brackenford"},
		{"Marlow Vale Water", "the customer portal", "Marlow Vale"},
		{"Quillon Logistics", "parcel tracking", "Quillon"},
		{"Tessary Health Trust", "appointment booking", "Tessary"},
		{"Orrin Port Authority", "the cargo booking system", "Orrin"},
		{"Ashgrove College", "student email", "Ashgrove"},
		{"Velmont Savings Bank", "online banking", "Velmont"},
		{"Harrowby Library Service", "the loans catalogue", "Harrowby"},
	})
}

// syntheticN is a larger fictional corpus: n organisations (up to 100),
// three articles each.
func syntheticN(n int) []model.Raw {
	heads := []string{"Bracken", "Marlow", "Quill", "Tess", "Orrin", "Ash", "Vel", "Harrow", "Dun", "Kel"}
	tails := []string{"ford", "vale", "ton", "by", "mouth", "wick", "stead", "holm", "bury", "field"}
	kinds := []string{"Borough Council", "Water", "Logistics", "Health Trust", "Port Authority", "College", "Savings Bank"}
	services := []string{"online payments", "the customer portal", "parcel tracking", "appointment booking", "email"}
	var orgs []struct{ org, service, place string }
	for i := range min(n, len(heads)*len(tails)) {
		place := heads[i%len(heads)] + tails[i/len(heads)]
		orgs = append(orgs, struct{ org, service, place string }{place + " " + kinds[i%len(kinds)], services[i%len(services)], place})
	}
	return syntheticOf(orgs)
}

func syntheticOf(orgs []struct{ org, service, place string }) []model.Raw {
	var raws []model.Raw
	for i, o := range orgs {
		day := time.Date(2024, 1, 3, 8, 0, 0, 0, time.UTC).AddDate(0, 0, 40*i)
		id := strings.ToLower(strings.Fields(o.org)[0])
		raws = append(raws,
			model.Raw{ID: id + "-report", Source: "wire", URL: "https://wire.example/" + id, Published: day,
				Title: o.org + " hit by cyber attack", ContentType: "text/plain",
				Body: fmt.Appendf(nil, "%s hit by cyber attack\n\n%s said on Monday that a ransomware attack had disrupted %s. "+
					"The National Cyber Agency is investigating the incident in %s. Residents were asked to use the telephone line instead.\n",
					o.org, o.org, o.service, o.place)},
			model.Raw{ID: id + "-gazette", Source: "gazette", URL: "https://gazette.example/" + id, Published: day.Add(5 * time.Hour),
				Title: "Ransomware disrupts " + o.service + " in " + o.place, ContentType: "text/plain",
				Body: fmt.Appendf(nil, "Ransomware disrupts %s in %s\n\nA ransomware attack on %s has taken %s offline, a spokesperson confirmed. "+
					"The National Cyber Agency said it was working with %s to restore the systems.\nShare this article\n",
					o.service, o.place, o.org, o.service, o.org)},
			model.Raw{ID: id + "-followup", Source: "wire", URL: "https://wire.example/" + id + "/update", Published: day.AddDate(0, 0, 7),
				Title: o.org + " restores " + o.service, ContentType: "text/plain",
				Body: fmt.Appendf(nil, "%s restores %s\n\n%s has restored %s a week after the ransomware attack, officials said. "+
					"No data was taken, according to %s.\n", o.org, o.service, o.org, o.service, o.org)},
		)
	}
	return raws
}

// corpus is the sample corpus, the synthetic one and ../shared/seeds
// when present.
func corpus(t *testing.T) []model.Raw {
	t.Helper()
	seqs := []iter.Seq2[model.Raw, error]{source.ReadFS(t.Context(), sample.Corpus, sample.Dir, source.Options{})}
	if dir, err := filepath.Abs("../../../shared/seeds"); err == nil {
		if _, err := os.Stat(dir); err == nil {
			seqs = append(seqs, source.Read(t.Context(), []string{dir}, source.Options{}))
		} else if os.Getenv("CI") == "true" {
			t.Fatalf("../shared/seeds is missing: %v", err)
		}
	}
	var raws []model.Raw
	for _, seq := range seqs {
		for r, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			raws = append(raws, r)
		}
	}
	return append(raws, synthetic()...)
}

// exportOf is the JSON export of the snapshot stored at target.
func exportOf(t *testing.T, target string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.JSON(&buf, snapshotOf(t, target)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// snapshotOf is the snapshot stored at target.
func snapshotOf(t *testing.T, target string) store.Snapshot {
	t.Helper()
	st, err := store.OpenAny(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap, err := st.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// direct ingests raws without Kafka, into a SQLite file, and exports.
func direct(t *testing.T, raws []model.Raw) []byte {
	t.Helper()
	return exportOf(t, storeWith(t, raws))
}

// seq yields raws.
func seq(raws []model.Raw) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		for _, r := range raws {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// newCluster starts an in-process Kafka cluster with the topic.
func newCluster(t *testing.T, topic string) []string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, topic))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

func publish(t *testing.T, brokers []string, topic string, raws []model.Raw) PublishReport {
	t.Helper()
	rep, err := Publish(t.Context(), seq(raws), PublishOptions{Brokers: brokers, Topic: topic, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Published != len(raws) || len(rep.Rejected) != 0 {
		t.Fatalf("published %d of %d, rejected %v", rep.Published, len(raws), rep.Rejected)
	}
	if len(rep.Ends) < 2 {
		t.Fatalf("all records in %d partition(s): %v", len(rep.Ends), rep.Ends)
	}
	return rep
}

// killer is a worker's store that dies right after its first write of
// articles, if no other worker has died yet: the articles are stored,
// the batch is neither rebuilt nor committed, and the worker's client
// leaves the group. It keeps the URIs of the records it stored
// (kafka:topic/partition@offset).
type killer struct {
	store.Backend
	store.Updater // for incremental workers: both stores are Updaters
	store.Leaser  // and Leasers
	kill          func()
	killed        *atomic.Bool // shared by the workers: one dies
	mu            *sync.Mutex
	uris          *[]string
}

func (k killer) PutRaw(ctx context.Context, raws []model.Raw) (int, error) {
	if len(raws) == 0 || !k.killed.CompareAndSwap(false, true) {
		return k.Backend.PutRaw(ctx, raws)
	}
	n, err := k.Backend.PutRaw(ctx, raws)
	k.mu.Lock()
	for _, r := range raws {
		*k.uris = append(*k.uris, r.URI)
	}
	k.mu.Unlock()
	k.kill()
	return n, err
}

// run is one consumption of the topic by a group of workers.
type run struct {
	workers     int
	kill        bool // one worker dies after its first write
	incremental bool // ConsumeOptions.Incremental
}

// consume runs the workers, each with its own store handle on target,
// until every record before ends is committed. It returns the batches
// each worker handled and, with kill, the URIs of the records the killed
// worker stored.
func consume(t *testing.T, target string, brokers []string, topic, group string, ends map[int32]int64, r run) (batches [][]Batch, killedURIs []string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var mu sync.Mutex
	committed := map[int32]int64{} // partition → highest committed offset + 1
	batches = make([][]Batch, r.workers)
	done := make(chan struct{})
	var doneOnce sync.Once
	var killed atomic.Bool
	var wg sync.WaitGroup
	errs := make([]error, r.workers)
	for w := range r.workers {
		wctx, wcancel := context.WithCancel(ctx)
		st, err := store.OpenAny(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		var backend store.Backend = st
		if r.kill {
			backend = killer{Backend: st, Updater: st.(store.Updater), Leaser: st.(store.Leaser),
				kill: wcancel, killed: &killed, mu: &mu, uris: &killedURIs}
		}
		wg.Go(func() {
			defer wcancel()
			defer st.Close()
			_, errs[w] = Consume(wctx, backend, ConsumeOptions{
				Brokers: brokers, Topic: topic, Group: group, Batch: 7, Log: quiet.With("worker", w),
				Pipeline: pipeline.Config{Log: quiet}, Client: testClient, Incremental: r.incremental,
				OnBatch: func(b Batch) {
					mu.Lock()
					defer mu.Unlock()
					batches[w] = append(batches[w], b)
					if !b.Committed {
						return
					}
					for _, o := range b.Records {
						committed[o.Partition] = max(committed[o.Partition], o.Offset+1)
					}
					for p, end := range ends {
						if committed[p] < end {
							return
						}
					}
					doneOnce.Do(func() { close(done) })
				},
			})
		})
	}
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		mu.Lock()
		t.Errorf("timed out: committed %v of %v", committed, ends)
		mu.Unlock()
	}
	cancel()
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Errorf("worker %d: %v", w, err)
		}
	}
	if r.kill && len(killedURIs) == 0 {
		t.Fatal("no worker was killed")
	}
	return batches, killedURIs
}

// tally counts the workers that handled batches and names the records
// committed (kafka:topic/partition@offset).
func tally(topic string, batches [][]Batch) (busy int, committed map[string]bool) {
	committed = map[string]bool{}
	for _, bs := range batches {
		if len(bs) > 0 {
			busy++
		}
		for _, b := range bs {
			for _, o := range b.Records {
				if b.Committed {
					committed[fmt.Sprintf("kafka:%s/%d@%d", topic, o.Partition, o.Offset)] = true
				}
			}
		}
	}
	return busy, committed
}

// TestWorkers: the same articles through Kafka, read by one worker or
// by three in one group (one of them killed mid-batch), on SQLite and on
// PostgreSQL, give byte for byte the same export as ingesting them
// directly.
func TestWorkers(t *testing.T) {
	raws := corpus(t)
	want := direct(t, raws)
	const topic = "articles"
	brokers := newCluster(t, topic)
	ends := publish(t, brokers, topic, raws).Ends
	t.Logf("%d articles in %d partitions: %v", len(raws), len(ends), ends)

	runs := []run{{workers: 1}, {workers: 3}, {workers: 3, kill: true}}
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		for _, r := range runs {
			name := fmt.Sprintf("%d workers", r.workers)
			if r.kill {
				name += ", one killed"
			}
			t.Run(name, func(t *testing.T) {
				target := b.New(t)
				group := fmt.Sprintf("%s-%d-%v", b.Name, r.workers, r.kill)
				batches, killedURIs := consume(t, target, brokers, topic, group, ends, r)
				busy, redelivered := tally(topic, batches)
				// How the group spreads partitions is the broker's and the
				// scheduler's call: a fast first worker may drain the
				// topic before the others join (seen at load 20). The
				// killed worker dies in its first batch and reports none,
				// so another handled every committed batch, and the
				// re-delivery check below shows it took over.
				t.Logf("%d of %d workers handled batches", busy, r.workers)
				if busy == 0 {
					t.Errorf("no worker handled a batch")
				}
				// The killed worker's records were read again, and
				// committed, by another worker.
				for _, uri := range killedURIs {
					if !redelivered[uri] {
						t.Errorf("record %s, stored by the killed worker, was not read again", uri)
					}
				}
				if r.kill {
					t.Logf("killed worker had stored %d records: %v", len(killedURIs), killedURIs)
				}
				if got := exportOf(t, target); !bytes.Equal(got, want) {
					t.Errorf("export differs from direct ingest (%d and %d bytes)\n%s", len(got), len(want), firstDiff(got, want))
				}
			})
		}
	})
}

// TestIncrementalWorkers: three incremental workers in one group, on
// SQLite and on PostgreSQL. One at a time holds the store's ingest lease
// and reads the topic; when it is killed mid-batch, a waiting one takes
// the lease, joins the group and reads the lost batch again. At the end
// every article is stored and analysed, in a story, and the stories
// agree with a rebuild of the same articles within the tolerance of the
// incremental path (their batches are the broker's, not ours).
func TestIncrementalWorkers(t *testing.T) {
	raws := corpus(t)
	const topic = "articles"
	brokers := newCluster(t, topic)
	ends := publish(t, brokers, topic, raws).Ends
	want := partitionOf(t, storeWith(t, raws))
	storetest.Run(t, func(t *testing.T, b storetest.Backend) {
		target := b.New(t)
		group := b.Name + "-incremental"
		batches, killedURIs := consume(t, target, brokers, topic, group, ends, run{workers: 3, kill: true, incremental: true})
		busy, redelivered := tally(topic, batches)
		// The killed worker, which held the lease, ended in its first
		// batch: the others handled every committed batch.
		t.Logf("%d of 3 workers handled batches; the killed worker had stored %d records", busy, len(killedURIs))
		for _, uri := range killedURIs {
			if !redelivered[uri] {
				t.Errorf("record %s, stored by the killed worker, was not read again", uri)
			}
		}
		got := partitionOf(t, target)
		if len(got) != len(want) {
			t.Fatalf("%d documents in stories, want %d", len(got), len(want))
		}
		s := story.Score(got, want)
		t.Logf("incremental workers vs rebuild: BCubed F1 %.3f, pairwise F1 %.3f", s.BCubedF1, s.PairF1)
		if s.BCubedF1 < 0.95 {
			t.Errorf("incremental workers' stories differ from a rebuild's beyond the tolerance: BCubed F1 %.3f", s.BCubedF1)
		}
	})
}

// storeWith ingests raws directly (a full rebuild) into a new SQLite
// file and returns its path.
func storeWith(t *testing.T, raws []model.Raw) string {
	t.Helper()
	target := storetest.SQLite(t)
	st, err := store.OpenAny(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := pipeline.Ingest(t.Context(), st, seq(raws), pipeline.Config{Log: quiet}); err != nil {
		t.Fatal(err)
	}
	return target
}

// partitionOf is document → story of the store at target; it fails t
// if a document is in no story.
func partitionOf(t *testing.T, target string) map[string]string {
	t.Helper()
	snap := snapshotOf(t, target)
	p := make(map[string]string, len(snap.Documents))
	for _, d := range snap.Documents {
		if d.Story == "" {
			t.Errorf("document %s is in no story", d.ID)
		}
		p[d.ID] = d.Story
	}
	return p
}

// firstDiff shows where two exports part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return fmt.Sprintf("at byte %d:\n got …%s…\nwant …%s…", i, a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
}

// TestBadRecords: records that are not articles are reported, naming
// the record, and committed with the rest, so that they block nothing;
// with Idle, Consume ends once the topic is drained.
func TestBadRecords(t *testing.T) {
	const topic = "mixed"
	brokers := newCluster(t, topic)
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic))
	if err != nil {
		t.Fatal(err)
	}
	good, err := Encode(model.Raw{ID: "good", Body: []byte("A ransomware attack hit Ashgrove College.")})
	if err != nil {
		t.Fatal(err)
	}
	recs := []*kgo.Record{
		{Key: []byte("k"), Value: []byte("not an article")},
		good,
		{Key: []byte("k"), Value: []byte(`{"id":"no text"}`)},
		{Key: []byte("k"), Value: []byte(`{"id":"x","text":"x"}`), Headers: []kgo.RecordHeader{{Key: HeaderContentType, Value: []byte("image/png")}}},
	}
	if err := cl.ProduceSync(t.Context(), recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
	cl.Close()

	target := storetest.SQLite(t)
	st, err := store.OpenAny(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	opt := ConsumeOptions{Brokers: brokers, Topic: topic, Idle: time.Second, Log: quiet, Pipeline: pipeline.Config{Log: quiet}, Client: testClient}
	rep, err := Consume(t.Context(), st, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Records != 4 || rep.Changed != 1 || len(rep.Rejected) != 3 {
		t.Fatalf("report %+v", rep)
	}
	for _, err := range rep.Rejected {
		if !strings.HasPrefix(err.Error(), "record "+topic+"/") {
			t.Errorf("rejection %q does not name the record", err)
		}
	}
	snap, err := st.Load(t.Context())
	if err != nil || len(snap.Documents) != 1 || snap.Documents[0].ID != "good" {
		t.Errorf("snapshot %+v, %v", snap.Documents, err)
	}
	// All four were committed: the group has nothing more to read.
	rep, err = Consume(t.Context(), st, opt)
	if err != nil || rep.Records != 0 {
		t.Errorf("second consume: %+v, %v", rep, err)
	}
}

// TestPublishRejects: bad inputs are reported and the rest published.
func TestPublishRejects(t *testing.T) {
	const topic = "p"
	brokers := newCluster(t, topic)
	in := func(yield func(model.Raw, error) bool) {
		_ = yield(model.Raw{ID: "ok", URI: "a.txt", Body: []byte("fine")}, nil) &&
			yield(model.Raw{}, &source.Error{Input: "b.jsonl", Line: 2, Err: source.ErrMalformed}) &&
			yield(model.Raw{ID: "blank", URI: "c.txt", Body: []byte(" ")}, nil)
	}
	rep, err := Publish(t.Context(), in, PublishOptions{Brokers: brokers, Topic: topic, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Published != 1 || len(rep.Rejected) != 2 || !strings.Contains(rep.Rejected[1].Error(), "c.txt: encode blank: empty body") {
		t.Errorf("report %+v", rep)
	}
	if _, err := Publish(t.Context(), in, PublishOptions{Topic: topic}); err == nil {
		t.Error("Publish without brokers")
	}
}

// TestIdleDrains: workers told to stop when idle stop only once the
// topic is drained, even while slow rebalances (heartbeats every 3 s,
// franz-go's default) move partitions between them.
func TestIdleDrains(t *testing.T) {
	raws := synthetic()
	want := direct(t, raws)
	const topic = "drain"
	brokers := newCluster(t, topic)
	publish(t, brokers, topic, raws)
	target := storetest.SQLite(t)
	var wg sync.WaitGroup
	reps := make([]Report, 3)
	for w := range reps {
		wg.Go(func() {
			// Staggered starts: each join is a rebalance.
			time.Sleep(time.Duration(w) * 700 * time.Millisecond)
			st, err := store.OpenAny(t.Context(), target)
			if err != nil {
				t.Error(err)
				return
			}
			defer st.Close()
			reps[w], err = Consume(t.Context(), st, ConsumeOptions{Brokers: brokers, Topic: topic, Batch: 2,
				Idle: 1500 * time.Millisecond, Log: quiet, Pipeline: pipeline.Config{Log: quiet}})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	read := 0
	for _, r := range reps {
		read += r.Records
	}
	if got := exportOf(t, target); !bytes.Equal(got, want) {
		t.Errorf("workers stopped before the topic was drained: %d records read of %d", read, len(raws))
	}
}

// BenchmarkWorkers: articles/s from a topic into the store, with 1 and
// 3 workers on SQLite and PostgreSQL (batches of 100; every batch is a
// rebuild, and rebuilds run one at a time):
// go test ./internal/stream -run '^$' -bench Workers -benchtime 2x
func BenchmarkWorkers(b *testing.B) {
	raws := syntheticN(100)
	const topic = "bench"
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, topic))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	brokers := c.ListenAddrs()
	rep, err := Publish(b.Context(), seq(raws), PublishOptions{Brokers: brokers, Topic: topic, Log: quiet})
	if err != nil {
		b.Fatal(err)
	}
	for _, be := range storetest.Backends() {
		for _, workers := range []int{1, 3} {
			b.Run(fmt.Sprintf("%s/%d", be.Name, workers), func(b *testing.B) {
				n := 0
				for b.Loop() {
					n++
					b.StopTimer()
					target := be.New(b)
					b.StartTimer()
					benchConsume(b, target, brokers, topic, fmt.Sprintf("%s-%d-%d", be.Name, workers, n), rep.Ends, workers)
				}
				b.ReportMetric(float64(n*len(raws))/b.Elapsed().Seconds(), "articles/s")
			})
		}
	}
}

// benchConsume runs workers until every record before ends is committed.
func benchConsume(b *testing.B, target string, brokers []string, topic, group string, ends map[int32]int64, workers int) {
	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	var mu sync.Mutex
	committed := map[int32]int64{}
	done := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for range workers {
		st, err := store.OpenAny(ctx, target)
		if err != nil {
			b.Fatal(err)
		}
		wg.Go(func() {
			defer st.Close()
			_, err := Consume(ctx, st, ConsumeOptions{Brokers: brokers, Topic: topic, Group: group, Batch: 100,
				Log: quiet, Pipeline: pipeline.Config{Log: quiet}, Client: testClient,
				OnBatch: func(bt Batch) {
					mu.Lock()
					defer mu.Unlock()
					for _, o := range bt.Records {
						if bt.Committed {
							committed[o.Partition] = max(committed[o.Partition], o.Offset+1)
						}
					}
					for p, end := range ends {
						if committed[p] < end {
							return
						}
					}
					once.Do(func() { close(done) })
				}})
			if err != nil {
				b.Error(err)
			}
		})
	}
	<-done
	cancel()
	wg.Wait()
}
