package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/source"
	"github.com/casefile/casefile/internal/stream"
)

func init() {
	commands["publish"] = command{
		summary: "write articles from files, folders or - to a Kafka topic, one record each",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.publish(ctx, args) },
	}
}

const publishUsage = `usage: casefile publish --brokers HOST:PORT[,...] --topic T INPUT...

INPUT is what ingest reads: a file (text, .html, .jsonl, .warc; any of
them .gz), a folder (read recursively) or - for standard input. Each
article becomes one record in the topic, keyed by its id, its value a
JSON Lines article; workers read them with 'casefile ingest --from-kafka'.
`

func (e *env) publish(ctx context.Context, args []string) (int, error) {
	flags := flag.NewFlagSet("publish", flag.ContinueOnError)
	flags.SetOutput(e.stderr)
	brokers := flags.String("brokers", "", "Kafka brokers, comma-separated host:port")
	topic := flags.String("topic", "", "topic to write to")
	flags.Usage = func() { fmt.Fprint(e.stderr, publishUsage); flags.PrintDefaults() }
	if err := flags.Parse(args); err != nil {
		return 2, nil
	}
	if *brokers == "" || *topic == "" || flags.NArg() == 0 {
		flags.Usage()
		return 2, errors.New("publish: give --brokers, --topic and at least one input")
	}
	var paths []string
	stdin := false
	for _, a := range flags.Args() {
		switch {
		case a == "-":
			stdin = true
		case source.IsURL(a):
			return 2, fmt.Errorf("publish: %s: URLs are not read here; ingest them, or publish the saved pages", a)
		default:
			paths = append(paths, a)
		}
	}
	in := source.Read(ctx, paths, source.Options{})
	if stdin {
		in = concat(in, source.ReadStream(ctx, e.stdin, "stdin", source.Options{}))
	}
	rep, err := stream.Publish(ctx, in, stream.PublishOptions{Brokers: splitList(*brokers), Topic: *topic, Log: e.log})
	for _, r := range rep.Rejected {
		fmt.Fprintln(e.stderr, "rejected:", r)
	}
	fmt.Fprintf(e.stdout, "published %d articles to %s (%d rejected)\n", rep.Published, *topic, len(rep.Rejected))
	if err != nil {
		return 1, err
	}
	if len(rep.Rejected) > 0 {
		return 1, nil
	}
	return 0, nil
}

// kafkaFlags are ingest's flags for reading a topic.
type kafkaFlags struct {
	brokers, topic, group string
	batch                 int
	idle                  time.Duration
	incremental           bool // set by ingest's --incremental
}

func (k *kafkaFlags) register(flags *flag.FlagSet) {
	flags.StringVar(&k.brokers, "from-kafka", "", "read articles from these Kafka brokers (comma-separated host:port) instead of inputs")
	flags.StringVar(&k.topic, "topic", "", "with --from-kafka: the topic to read")
	flags.StringVar(&k.group, "group", stream.DefaultGroup, "with --from-kafka: the consumer group; workers in one group share the topic's partitions")
	flags.IntVar(&k.batch, "batch", 1000, "with --from-kafka: most records stored and rebuilt at once")
	flags.DurationVar(&k.idle, "idle", 0, "with --from-kafka: stop after this long without records (default: run until interrupted)")
}

// ingestKafka runs a worker: it reads the topic in its consumer group
// and keeps the store up to date, until interrupted (or idle).
func (e *env) ingestKafka(ctx context.Context, k kafkaFlags) (int, error) {
	if k.topic == "" {
		return 2, errors.New("ingest: --from-kafka needs --topic")
	}
	st, err := e.open(ctx)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	var last stream.Batch
	rep, err := stream.Consume(ctx, st, stream.ConsumeOptions{
		Brokers: splitList(k.brokers), Topic: k.topic, Group: k.group, Batch: k.batch, Idle: k.idle,
		Pipeline: e.config(), Log: e.log, Incremental: k.incremental,
		OnBatch: func(b stream.Batch) { last = b },
	})
	for _, r := range rep.Rejected {
		fmt.Fprintln(e.stderr, "rejected:", r)
	}
	fmt.Fprintf(e.stdout, "read %d records in %d batches (%d new or changed, %d rejected)", rep.Records, rep.Batches, rep.Changed, len(rep.Rejected))
	if rep.Batches > 0 {
		fmt.Fprintf(e.stdout, "; store holds %d documents, %d stories, %d incidents", last.Documents, last.Stories, last.Incidents)
	}
	fmt.Fprintln(e.stdout)
	if err != nil {
		return 1, err
	}
	if len(rep.Rejected) > 0 {
		return 1, nil
	}
	return 0, nil
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
