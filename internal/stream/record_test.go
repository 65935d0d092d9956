package stream

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/source"
)

// at places a record as a broker would.
func at(rec *kgo.Record, topic string, partition int32, offset int64) *kgo.Record {
	rec.Topic, rec.Partition, rec.Offset = topic, partition, offset
	return rec
}

func TestEncodeDecode(t *testing.T) {
	tests := []struct {
		name string
		raw  model.Raw
	}{
		{"all fields", model.Raw{ID: "a/1", Source: "data/news", Title: "Störung", URL: "https://example.com/a?x=1&y=<2>",
			Published: time.Date(2024, 3, 5, 9, 30, 0, 123456789, time.UTC), Lang: "de", Author: "Mira Okonkwo", Site: "The Harbour Ledger",
			Body: []byte("Zeile eins.\n\n\"Zitat\" <b>\tTab\n"), ContentType: "text/plain"}},
		{"web page", model.Raw{ID: "p.html", Source: "site", Body: []byte("Main text."), ContentType: "text/html"}},
		{"minimal", model.Raw{ID: "x", Source: "kafka:news", Body: []byte("x"), ContentType: "text/plain"}},
	}
	for _, tt := range tests {
		rec, err := Encode(tt.raw)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(rec.Key) != tt.raw.ID || strings.Contains(string(rec.Value), "\n") {
			t.Errorf("%s: key %q, value %q", tt.name, rec.Key, rec.Value)
		}
		got, err := Decode(at(rec, "news", 3, 42))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		want := tt.raw
		want.URI = "kafka:news/3@42"
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, want)
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	tests := []struct {
		raw  model.Raw
		want string
	}{
		{model.Raw{Body: []byte("text")}, "without an id"},
		{model.Raw{ID: "bin", Body: []byte{0xff, 0xfe, 'a'}}, "bin: body is not UTF-8"},
		{model.Raw{ID: "blank", Body: []byte(" \n\t")}, "blank: empty body"},
	}
	for _, tt := range tests {
		if _, err := Encode(tt.raw); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Encode(%q): %v, want %q", tt.raw.ID, err, tt.want)
		}
	}
}

func TestDecode(t *testing.T) {
	rec := func(value string, headers ...string) *kgo.Record {
		r := &kgo.Record{Value: []byte(value)}
		for i := 0; i+1 < len(headers); i += 2 {
			r.Headers = append(r.Headers, kgo.RecordHeader{Key: headers[i], Value: []byte(headers[i+1])})
		}
		return at(r, "news", 1, 7)
	}
	t.Run("no headers: source from topic and host", func(t *testing.T) {
		got, err := Decode(rec(`{"id":"a","text":"Body.","url":"https://www.example.org/x"}`))
		if err != nil || got.Source != "kafka:news#example.org" || got.ContentType != "text/plain" || got.URI != "kafka:news/1@7" {
			t.Errorf("%+v, %v", got, err)
		}
	})
	t.Run("header names are case-insensitive", func(t *testing.T) {
		got, err := Decode(rec(`{"id":"a","text":"Body."}`, "Content-Type", " TEXT/HTML ", "Casefile-Source", " wire "))
		if err != nil || got.Source != "wire" || got.ContentType != "text/html" {
			t.Errorf("%+v, %v", got, err)
		}
	})
	bad := []struct {
		name string
		rec  *kgo.Record
		err  error
		msg  string
	}{
		{"not JSON", rec("not json"), source.ErrMalformed, "record news/1@7: malformed JSON"},
		{"no text", rec(`{"id":"a"}`), source.ErrMissing, `record news/1@7: missing "text"`},
		{"empty value", rec(""), nil, "record news/1@7: 0 articles, want one"},
		{"two articles", rec("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}"), nil, "record news/1@7: 2 articles, want one"},
		{"two, the second bad", rec("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\"}"), source.ErrMissing, `record news/1@7: missing "text"`},
		{"content type", rec(`{"id":"a","text":"x"}`, HeaderContentType, "application/pdf"), nil, `record news/1@7: content type "application/pdf"`},
		{"source not UTF-8", rec(`{"id":"a","text":"x"}`, HeaderSource, "\xff"), nil, "record news/1@7: header casefile-source is not UTF-8"},
		{"invalid UTF-8", rec("{\"id\":\"a\",\"text\":\"\xff\"}"), source.ErrInvalidUTF8, "record news/1@7: invalid UTF-8"},
	}
	for _, tt := range bad {
		_, err := Decode(tt.rec)
		if err == nil || !strings.HasPrefix(err.Error(), tt.msg) || (tt.err != nil && !errors.Is(err, tt.err)) {
			t.Errorf("%s: %v, want %q (%v)", tt.name, err, tt.msg, tt.err)
		}
	}
}

// FuzzDecode: a record of any value and headers is decoded or refused
// without a panic, and what is decoded encodes to a record that decodes
// to the same article.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"Body.","title":" T ","published":"2024-02-29","url":"example.org/x"}`), "", "")
	f.Add([]byte(`{"id":"a","text":"x"}`), "wire", "text/html")
	f.Add([]byte("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}"), "", "")
	f.Add([]byte(`{"id":"\u00e9","text":"\r\nline\r\n","date":"2017_11_3","lang":" fr "}`), " s ", "TEXT/PLAIN")
	f.Add([]byte(`[1]`), "", "")
	f.Fuzz(func(t *testing.T, value []byte, src, ctype string) {
		r := &kgo.Record{Value: value}
		if src != "" {
			r.Headers = append(r.Headers, kgo.RecordHeader{Key: HeaderSource, Value: []byte(src)})
		}
		if ctype != "" {
			r.Headers = append(r.Headers, kgo.RecordHeader{Key: HeaderContentType, Value: []byte(ctype)})
		}
		raw, err := Decode(at(r, "t", 0, 1))
		if err != nil {
			return
		}
		rec, err := Encode(raw)
		if err != nil {
			t.Fatalf("decoded %+v does not encode: %v", raw, err)
		}
		again, err := Decode(at(rec, "t", 0, 1))
		if err != nil {
			t.Fatalf("re-encoded %q does not decode: %v", rec.Value, err)
		}
		if !reflect.DeepEqual(again, raw) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", again, raw)
		}
	})
}
