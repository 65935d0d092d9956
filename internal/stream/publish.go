package stream

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/source"
)

// PublishOptions tunes Publish.
type PublishOptions struct {
	Brokers []string
	Topic   string
	Log     *slog.Logger
	// Client holds more franz-go options (TLS, SASL...).
	Client []kgo.Opt
}

// PublishReport says what Publish did.
type PublishReport struct {
	Published int
	Rejected  []error // bad inputs (a *source.Error naming file and line) and articles that cannot be records
	// Ends is, per partition written to, the offset after the last
	// record written.
	Ends map[int32]int64
}

// publishBatch is how many records are sent before waiting for the
// broker's acknowledgement of them all.
const publishBatch = 500

// Publish writes every article in yields to opt.Topic, one record each,
// keyed by article id, and returns when the brokers have acknowledged
// them all (all in-sync replicas; the producer is idempotent, so a retry
// writes no duplicate). Bad inputs are reported and skipped, as ingest
// does; an error from the brokers ends it.
func Publish(ctx context.Context, in iter.Seq2[model.Raw, error], opt PublishOptions) (rep PublishReport, err error) {
	if len(opt.Brokers) == 0 || opt.Topic == "" {
		return rep, errors.New("publish: brokers and topic are required")
	}
	log := opt.Log
	if log == nil {
		log = slog.Default()
	}
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(opt.Brokers...),
		kgo.ClientID("casefile"),
		kgo.DefaultProduceTopic(opt.Topic),
	}, opt.Client...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return rep, fmt.Errorf("publish %s: %w", opt.Topic, err)
	}
	defer cl.Close()
	rep.Ends = map[int32]int64{}
	var batch []*kgo.Record
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		results := cl.ProduceSync(ctx, batch...)
		for _, r := range results {
			if r.Err != nil {
				return fmt.Errorf("publish %s: article %s: %w", opt.Topic, r.Record.Key, r.Err)
			}
			rep.Published++
			if end := r.Record.Offset + 1; end > rep.Ends[r.Record.Partition] {
				rep.Ends[r.Record.Partition] = end
			}
		}
		batch = batch[:0]
		return nil
	}
	for raw, err := range in {
		if err != nil {
			var se *source.Error
			if !errors.As(err, &se) {
				return rep, fmt.Errorf("publish: %w", err)
			}
			log.Warn("input rejected", "input", se.Input, "line", se.Line, "err", se.Err)
			rep.Rejected = append(rep.Rejected, err)
			continue
		}
		rec, err := Encode(raw)
		if err != nil {
			log.Warn("input rejected", "uri", raw.URI, "err", err)
			rep.Rejected = append(rep.Rejected, fmt.Errorf("%s: %w", raw.URI, err))
			continue
		}
		batch = append(batch, rec)
		if len(batch) == publishBatch {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if err := flush(); err != nil {
		return rep, err
	}
	log.Info("published", "topic", opt.Topic, "articles", rep.Published, "rejected", len(rep.Rejected))
	return rep, nil
}
