package stream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/pipeline"
	"github.com/casefile/casefile/internal/store"
)

// DefaultGroup is the consumer group workers join unless told otherwise.
const DefaultGroup = "casefile"

// ConsumeOptions tunes Consume.
type ConsumeOptions struct {
	Brokers []string // seed brokers, host:port
	Topic   string
	Group   string // consumer group (DefaultGroup if empty)
	// Batch is the most records stored and rebuilt at once (1000 if
	// zero). Each batch costs a rebuild, so larger batches go faster.
	Batch int
	// Idle, if positive, ends Consume when neither a record nor a
	// change of the partitions assigned to it has come for that long
	// (a rebalance, while partitions move between workers, is not
	// idleness); otherwise it runs until ctx is done.
	Idle     time.Duration
	Pipeline pipeline.Config
	// Incremental makes the worker update only the stories each batch
	// touches (pipeline.Incremental) instead of recomputing the derived
	// state from every stored article: what a store too large to
	// rebuild per batch needs. One incremental worker writes at a time
	// (the store's ingest lease): the others wait, outside the consumer
	// group, and take over when it stops.
	Incremental        bool
	IncrementalOptions pipeline.IncrementalOptions
	Log                *slog.Logger
	// OnBatch, if set, is called after each batch is handled.
	OnBatch func(Batch)
	// Client holds more franz-go options (timeouts, TLS, SASL...).
	Client []kgo.Opt
}

// Batch says what happened to one batch of records.
type Batch struct {
	Records  []Offset // the records, in the order polled
	Changed  int      // articles added or replaced in the store
	Rejected []error  // records that are not an article, each naming the record
	// Documents, Stories and Incidents count the store's snapshot after
	// the batch.
	Documents, Stories, Incidents int
	Committed                     bool // the offsets were committed
}

// Offset names a record.
type Offset struct {
	Partition int32
	Offset    int64
}

// Report sums up a Consume.
type Report struct {
	Records  int // records read (counting redeliveries)
	Changed  int
	Rejected []error
	Batches  int
}

// Consume reads opt.Topic as a member of opt.Group and keeps st up to
// date: for each batch of records it stores the articles (PutRaw), brings
// the derived state up to date (pipeline.Refresh: skipped when another
// worker has already rebuilt from the same articles) and only then
// commits the batch's offsets. Delivery is at least once — a worker that
// dies before committing leaves its records to be read again by
// whichever worker gets the partition — and the effect exactly once:
// storing an article twice changes nothing, and the derived state
// depends only on the set of stored articles. A record that is not an
// article is logged, counted and committed, so that it cannot block the
// partition.
//
// Partitions are not moved to another worker while a batch is handled
// (kgo.BlockRebalanceOnPoll), so a worker never commits for a partition
// it lost; a batch that takes longer than the group's rebalance timeout
// gets the worker dropped from the group, and its batch read again.
//
// Consume returns when ctx is done (with a nil error), when Idle passes
// without records, or on a store error (the batch is not committed).
func Consume(ctx context.Context, st store.Store, opt ConsumeOptions) (rep Report, err error) {
	if len(opt.Brokers) == 0 || opt.Topic == "" {
		return rep, errors.New("consume: brokers and topic are required")
	}
	if opt.Group == "" {
		opt.Group = DefaultGroup
	}
	if opt.Batch <= 0 {
		opt.Batch = 1000
	}
	if opt.Pipeline.Memo == nil {
		// A worker rebuilds after every batch: what did not change is
		// not analysed again.
		opt.Pipeline.Memo = &pipeline.Memo{}
	}
	log := opt.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With("topic", opt.Topic, "group", opt.Group)
	var inc *pipeline.Incremental
	if opt.Incremental {
		opt.Pipeline.Memo = nil
		if inc, err = pipeline.NewIncremental(st, opt.Pipeline, opt.IncrementalOptions); err != nil {
			return rep, fmt.Errorf("consume %s: %w", opt.Topic, err)
		}
		defer inc.Close()
		// The lease first, then the group: a waiting worker must not
		// be given partitions it cannot handle.
		log.Info("incremental worker: waiting for the store's ingest lease")
		n, err := inc.Stored(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return rep, nil
			}
			return rep, fmt.Errorf("consume %s: %w", opt.Topic, err)
		}
		log.Info("incremental worker: lease taken", "stored", n)
	}
	// The last record or change of assignment, for Idle.
	var active atomic.Int64
	active.Store(time.Now().UnixNano())
	touch := func(context.Context, *kgo.Client, map[string][]int32) { active.Store(time.Now().UnixNano()) }
	opts := []kgo.Opt{
		kgo.SeedBrokers(opt.Brokers...),
		kgo.ClientID("casefile"),
		kgo.ConsumerGroup(opt.Group),
		kgo.ConsumeTopics(opt.Topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.DisableAutoCommit(),
		kgo.BlockRebalanceOnPoll(),
		kgo.OnPartitionsAssigned(touch),
		kgo.OnPartitionsRevoked(touch), // no commit: offsets are committed after each batch
		kgo.OnPartitionsLost(touch),
	}
	if opt.Idle > 0 {
		// A broker holds a fetch for up to this long when it has no
		// data; partitions newly assigned wait for the fetch in flight.
		// Well under Idle, or a worker could stop with records waiting.
		opts = append(opts, kgo.FetchMaxWait(max(100*time.Millisecond, min(5*time.Second, opt.Idle/4))))
	}
	opts = append(opts, opt.Client...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return rep, fmt.Errorf("consume %s: %w", opt.Topic, err)
	}
	// Leaves the group, so that the partitions go to other workers at
	// once; offsets not committed are read again there.
	defer cl.CloseAllowingRebalance()

	for {
		pollCtx, cancel := ctx, context.CancelFunc(func() {})
		if opt.Idle > 0 {
			pollCtx, cancel = context.WithDeadline(ctx, time.Unix(0, active.Load()).Add(opt.Idle))
		}
		fetches := cl.PollRecords(pollCtx, opt.Batch)
		cancel()
		if fetches.IsClientClosed() || ctx.Err() != nil {
			return rep, nil
		}
		idle := false
		fetches.EachError(func(topic string, partition int32, err error) {
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				idle = true
				return
			}
			log.Warn("fetch error", "partition", partition, "err", err)
		})
		recs := fetches.Records()
		if len(recs) == 0 {
			cl.AllowRebalance()
			if idle && time.Since(time.Unix(0, active.Load())) >= opt.Idle {
				log.Info("idle: stopping", "after", opt.Idle)
				return rep, nil
			}
			continue
		}
		active.Store(time.Now().UnixNano())
		b, err := handle(ctx, st, inc, recs, opt.Pipeline, log)
		rep.Records += len(recs)
		rep.Batches++
		rep.Changed += b.Changed
		rep.Rejected = append(rep.Rejected, b.Rejected...)
		if err != nil {
			if ctx.Err() != nil {
				return rep, nil // stopped mid-batch: nothing committed
			}
			return rep, err
		}
		if err := cl.CommitRecords(ctx, recs...); err != nil {
			// The records will be read again; storing them twice
			// changes nothing.
			log.Warn("commit failed; the batch will be read again", "records", len(recs), "err", err)
		} else {
			b.Committed = true
		}
		cl.AllowRebalance()
		active.Store(time.Now().UnixNano())
		log.Info("batch", "records", len(recs), "changed", b.Changed, "rejected", len(b.Rejected),
			"documents", b.Documents, "stories", b.Stories, "incidents", b.Incidents, "committed", b.Committed)
		if opt.OnBatch != nil {
			opt.OnBatch(b)
		}
	}
}

// handle stores a batch's articles and brings the derived state up to
// date: through inc if it is not nil, or by a refresh from every stored
// article.
func handle(ctx context.Context, st store.Store, inc *pipeline.Incremental, recs []*kgo.Record, cfg pipeline.Config, log *slog.Logger) (Batch, error) {
	var b Batch
	raws := make([]model.Raw, 0, len(recs))
	for _, rec := range recs {
		b.Records = append(b.Records, Offset{Partition: rec.Partition, Offset: rec.Offset})
		raw, err := Decode(rec)
		if err != nil {
			log.Warn("record rejected", "err", err)
			b.Rejected = append(b.Rejected, err)
			continue
		}
		raws = append(raws, raw)
	}
	if inc != nil {
		r, err := inc.Add(ctx, raws)
		if err != nil {
			return b, fmt.Errorf("consume: %w", err)
		}
		b.Changed, b.Documents, b.Stories, b.Incidents = r.Changed, r.Documents, r.Stories, r.Incidents
		return b, nil
	}
	n, err := st.PutRaw(ctx, raws)
	if err != nil {
		return b, fmt.Errorf("consume: %w", err)
	}
	b.Changed = n
	snap, err := pipeline.Refresh(ctx, st, cfg)
	if err != nil {
		return b, fmt.Errorf("consume: %w", err)
	}
	b.Documents, b.Stories, b.Incidents = len(snap.Documents), len(snap.Stories), len(snap.Incidents)
	return b, nil
}
