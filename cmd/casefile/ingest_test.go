package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/casefile/casefile/internal/export"
	"github.com/casefile/casefile/internal/sample"
)

func relations(b export.Bundle) map[string]export.Relation {
	out := map[string]export.Relation{}
	for _, d := range b.Documents {
		out[d.ID] = d.Relation
	}
	return out
}

// TestBadInput feeds a batch with bad files and a bad JSONL line: each
// gets an error naming the file (and line), the rest is ingested, and
// what was stored before is kept.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	good := "Harbour board confirms outage\n\nThe Saltmere harbour board said on Monday that its booking system was offline after a cyberattack.\n"
	files := map[string][]byte{
		"good.txt":    []byte(good),
		"binary.bin":  {0x7f, 'E', 'L', 'F', 0, 0, 0, 1, 2, 3},
		"invalid.txt": []byte("caf\xe9 au lait\n"),
		"empty.txt":   {},
		"lines.jsonl": []byte(`{"id":"j1","text":"The Marlow council said its payments portal was down on Friday."}
{"id":"j2","text": broken
{"id":"j3","title":"Second","text":"Marlow council restored the payments portal on Sunday, officials said."}
{"text":"no id here"}
`),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()

	db := filepath.Join(t.TempDir(), "c.db")
	// Something stored before must survive a bad batch.
	first := filepath.Join(t.TempDir(), "first.txt")
	if err := os.WriteFile(first, []byte("Council hit\n\nThe Orrin council said a cyber incident took its website offline on Tuesday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, code := casefile(t, "--db", db, "--quiet", "ingest", first); code != 0 {
		t.Fatalf("first ingest exited %d", code)
	}

	var out, errb bytes.Buffer
	code, err := run(context.Background(), []string{"--db", db, "--quiet", "ingest", dir}, &out, &errb)
	if err != nil {
		t.Fatal(err)
	}
	if code != 1 {
		t.Errorf("exit code %d, want 1 (some inputs rejected)", code)
	}
	msg := errb.String()
	for _, want := range []string{
		filepath.Join(dir, "binary.bin"),
		filepath.Join(dir, "invalid.txt"),
		filepath.Join(dir, "empty.txt"),
		filepath.Join(dir, "big.txt"),
		filepath.Join(dir, "lines.jsonl") + ":2:",
		filepath.Join(dir, "lines.jsonl") + ":4:",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors do not name %q:\n%s", want, msg)
		}
	}
	b := exportBundle(t, db)
	ids := map[string]bool{}
	for _, d := range b.Documents {
		ids[d.ID] = true
	}
	for _, id := range []string{"first.txt", "good.txt", "j1", "j3"} {
		if !ids[id] {
			t.Errorf("document %s missing after the bad batch; have %v", id, ids)
		}
	}
	if len(ids) != 4 {
		t.Errorf("stored %d documents, want 4: %v", len(ids), ids)
	}
}

// TestSameArticleTwoEncodings ingests one article of the bundled sample
// as a UTF-8 file, as a UTF-16 file and, once more, as the same UTF-8
// file: the second read of the same file is the same document, and the
// UTF-16 copy is an exact copy of it, so the story shows one article.
func TestSameArticleTwoEncodings(t *testing.T) {
	text, err := fs.ReadFile(sample.Corpus, sample.Dir+"/harbour-en-original.txt")
	if err != nil {
		t.Fatal(err)
	}
	var u16 []byte
	for _, u := range utf16.Encode([]rune("\uFEFF" + strings.ReplaceAll(string(text), "\n", "\r\n"))) {
		u16 = binary.LittleEndian.AppendUint16(u16, u)
	}
	dir := t.TempDir()
	for name, b := range map[string][]byte{"utf8.txt": text, "utf16.txt": u16} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "c.db")
	for range 2 {
		if _, code := casefile(t, "--db", db, "--quiet", "ingest", dir); code != 0 {
			t.Fatalf("ingest exited %d", code)
		}
	}
	b := exportBundle(t, db)
	rel := relations(b)
	if len(b.Documents) != 2 || len(b.Stories) != 1 {
		t.Fatalf("%d documents, %d stories; want the two files in one story", len(b.Documents), len(b.Stories))
	}
	copyOf := func(a, o string) bool { return rel[a].Type == "copy" && rel[a].Of == o && rel[a].Score == 1 }
	if !copyOf("utf16.txt", "utf8.txt") && !copyOf("utf8.txt", "utf16.txt") {
		t.Errorf("relations %+v; want one file an exact copy (score 1) of the other", rel)
	}
	if b.Documents[0].Text != b.Documents[1].Text {
		t.Errorf("the two encodings gave different texts")
	}
}
