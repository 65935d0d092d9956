// Package stream moves articles through Kafka (any Kafka-protocol
// broker, through franz-go): Publish writes articles to a topic, one
// record each, and Consume is a stateless worker that reads a topic as a
// member of a consumer group, stores what it reads and rebuilds the
// derived state. Workers share partitions and keep all state in the
// store (PostgreSQL, for workers on several machines), so N workers end
// with the same stories and incidents as one.
package stream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/source"
)

// A record's value is one article in casefile's JSON Lines format (see
// source.ReadJSONL: id, text, title, url, published, lang, author, site),
// its key the article's id, so that versions of one article land on one
// partition. Two optional headers carry what the JSON format does not:
const (
	// HeaderSource is the article's source (the folder, feed or site
	// it came from), which extract learns boilerplate per. Without it,
	// the source is the topic and the URL's host, as for a JSONL file.
	HeaderSource = "casefile-source"
	// HeaderContentType is "text/html" for the main text of a web page
	// ("text/plain" when absent).
	HeaderContentType = "content-type"
)

// Encode makes the record for an article. The body must be non-empty
// UTF-8 text, as the sources give it.
func Encode(raw model.Raw) (*kgo.Record, error) {
	if raw.ID == "" {
		return nil, errors.New("encode: article without an id")
	}
	if !utf8.Valid(raw.Body) {
		return nil, fmt.Errorf("encode %s: body is not UTF-8 text", raw.ID)
	}
	if len(bytes.TrimSpace(raw.Body)) == 0 {
		return nil, fmt.Errorf("encode %s: empty body", raw.ID)
	}
	value, err := source.MarshalJSONL(raw)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	rec := &kgo.Record{Key: []byte(raw.ID), Value: value}
	if raw.Source != "" {
		rec.Headers = append(rec.Headers, kgo.RecordHeader{Key: HeaderSource, Value: []byte(raw.Source)})
	}
	if raw.ContentType == "text/html" {
		rec.Headers = append(rec.Headers, kgo.RecordHeader{Key: HeaderContentType, Value: []byte(raw.ContentType)})
	}
	return rec, nil
}

// Where names a record: topic/partition@offset.
func Where(rec *kgo.Record) string {
	return fmt.Sprintf("%s/%d@%d", rec.Topic, rec.Partition, rec.Offset)
}

// Decode reads the article in a record, read as JSON Lines are (the same
// checks and limits). Its URI is kafka:topic/partition@offset. A record
// holding anything but exactly one article is an error naming the record.
func Decode(rec *kgo.Record) (model.Raw, error) {
	where := Where(rec)
	var raw model.Raw
	n := 0
	for r, err := range source.ReadJSONL(context.Background(), bytes.NewReader(rec.Value), "kafka:"+rec.Topic, source.Options{}) {
		if err != nil {
			var se *source.Error
			if errors.As(err, &se) {
				err = se.Err
			}
			return model.Raw{}, fmt.Errorf("record %s: %w", where, err)
		}
		n++
		raw = r
	}
	if n != 1 {
		return model.Raw{}, fmt.Errorf("record %s: %d articles, want one", where, n)
	}
	raw.URI = "kafka:" + where
	for _, h := range rec.Headers {
		switch strings.ToLower(h.Key) {
		case HeaderSource:
			if !utf8.Valid(h.Value) {
				return model.Raw{}, fmt.Errorf("record %s: header %s is not UTF-8", where, HeaderSource)
			}
			if s := strings.TrimSpace(string(h.Value)); s != "" {
				raw.Source = s
			}
		case HeaderContentType:
			switch ct := strings.ToLower(strings.TrimSpace(string(h.Value))); ct {
			case "text/html", "text/plain":
				raw.ContentType = ct
			default:
				return model.Raw{}, fmt.Errorf("record %s: content type %q, want text/plain or text/html", where, h.Value)
			}
		}
	}
	return raw, nil
}
