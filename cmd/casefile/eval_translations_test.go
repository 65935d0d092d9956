package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/sharedtest"

	"github.com/casefile/casefile/internal/dedup"
)

// ownTranslations is a small corpus written for this test: two articles,
// each in English and French, and an unrelated German one.
var ownTranslations = []transRecord{
	{ID: "a-en", Lang: "en", Group: "a", Role: "original", Text: "Kestrel Valley Water said on 14 March that its billing portal at kestrelwater.example had been offline since 9 March. Chief executive Maren Holloway told the Eastmere Gazette that 48,000 customers could not pay online. The National Cyber Security Centre and Eastmere Police are investigating. Holloway said the outage would last until 21 March."},
	{ID: "a-fr", Lang: "fr", Group: "a", Role: "translation", Text: "Kestrel Valley Water a déclaré le 14 mars que son portail de facturation kestrelwater.example était hors ligne depuis le 9 mars. La directrice générale Maren Holloway a déclaré à l'Eastmere Gazette que 48 000 clients ne pouvaient pas payer en ligne. Le National Cyber Security Centre et la police d'Eastmere enquêtent. Selon Holloway, la panne durera jusqu'au 21 mars."},
	{ID: "b-en", Lang: "en", Group: "b", Role: "original", Text: "Brindlemouth Council closed its libraries on 3 June after ransomware hit Norvanta Systems, which runs the council's catalogue. Councillor Tobias Wren said 112 staff were affected. Norvanta said its engineers were restoring 27 servers with help from Quillon Security."},
	{ID: "b-fr", Lang: "fr", Group: "b", Role: "translation", Text: "Le conseil de Brindlemouth a fermé ses bibliothèques le 3 juin après qu'un rançongiciel a frappé Norvanta Systems, qui gère le catalogue du conseil. Le conseiller Tobias Wren a indiqué que 112 employés étaient touchés. Norvanta a déclaré que ses ingénieurs restauraient 27 serveurs avec l'aide de Quillon Security."},
	{ID: "c-de", Lang: "de", Group: "c", Role: "original", Text: "Die Stadtwerke Ostheim melden seit Montag Störungen im Fernwärmenetz. Ein Sprecher sagte, die Ursache sei ein defektes Ventil im Heizkraftwerk Süd. Betroffen seien rund 600 Haushalte in den Stadtteilen Nordfeld und Lindenau."},
}

func TestScoreTranslationsOwnCorpus(t *testing.T) {
	s := scoreTranslations(context.Background(), ownTranslations, dedup.Options{})
	want := map[string]pairPRF{"en-fr": {TP: 2}}
	for pair, p := range s.ByPair {
		if p != want[pair] {
			t.Errorf("%s: got %+v, want %+v", pair, p, want[pair])
		}
	}
	if s.Overall != (pairPRF{TP: 2}) || s.P1Hit != 2 || s.P1N != 2 {
		t.Errorf("overall %+v, P@1 %d/%d; want 2 true pairs and P@1 2/2", s.Overall, s.P1Hit, s.P1N)
	}
	if s.Overall.f1() != 1 {
		t.Errorf("F1 %v, want 1", s.Overall.f1())
	}
}

func TestPRF(t *testing.T) {
	tests := []struct {
		p       pairPRF
		pr, rec float64
	}{
		{pairPRF{}, 0, 0},
		{pairPRF{TP: 3, FP: 1}, 0.75, 1},
		{pairPRF{TP: 1, FN: 3}, 1, 0.25},
	}
	for _, tt := range tests {
		if tt.p.precision() != tt.pr || tt.p.recall() != tt.rec {
			t.Errorf("%+v: P %v R %v, want %v %v", tt.p, tt.p.precision(), tt.p.recall(), tt.pr, tt.rec)
		}
	}
}

// TestEvalTranslationsSlice runs the command on the first groups of
// translations-dev.jsonl.
func TestEvalTranslationsSlice(t *testing.T) {
	path := filepath.Join(sharedtest.Path(t), "data", "translations-dev.jsonl")
	recs, err := readTransRecords(path)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]bool{}
	var slice []transRecord
	for _, r := range recs {
		if !groups[r.Group] && len(groups) == 40 {
			continue
		}
		groups[r.Group] = true
		slice = append(slice, r)
	}
	file := filepath.Join(t.TempDir(), "slice.jsonl")
	var b strings.Builder
	for _, r := range slice {
		line, _ := json.Marshal(r)
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code := casefile(t, "eval", "translations", file)
	if code != 0 || !strings.Contains(out, "overall") || !strings.Contains(out, "P@1") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
	s := scoreTranslations(context.Background(), slice, dedup.Options{})
	gold := 0
	for i, a := range slice {
		for _, c := range slice[i+1:] {
			if a.Group == c.Group && a.Lang != c.Lang {
				gold++
			}
		}
	}
	if s.Overall.TP+s.Overall.FN != gold {
		t.Errorf("TP+FN = %d, want the %d gold pairs", s.Overall.TP+s.Overall.FN, gold)
	}
	// A regression guard well below the full-file figure.
	if f := s.Overall.f1(); f < 0.8 {
		t.Errorf("F1 %.3f on the first 40 groups, want at least 0.8:\n%s", f, out)
	}
	t.Logf("\n%s", out)
}

func TestBenchDedupSmall(t *testing.T) {
	data := filepath.Join(sharedtest.Path(t), "data")
	out, code := casefile(t, "bench", "dedup", "-n", "3000", "-data", data)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	for _, want := range []string{"casefile NearIndex: 3000 articles", "ekzhu/minhash-lsh: 3000 articles", "bytes/article", "copies found", "throughput ratio"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	t.Logf("\n%s", out)
}

func TestCorpusGenReproducible(t *testing.T) {
	pool := make([]string, 50)
	for i := range pool {
		pool[i] = strings.Repeat(string(rune('a'+i%26)), 5) + " sentence number " + strings.Repeat("x", i%7) + "."
	}
	g := &corpusGen{pool: pool}
	a, b := g.batch(0, 200), g.batch(0, 200)
	copies := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("article %d differs between runs", i)
		}
		if a[i].copy {
			copies++
			if a[i].family >= uint32(i) || g.isCopy(a[i].family) {
				t.Errorf("article %d: copy of %d, which is not an earlier original", i, a[i].family)
			}
		}
	}
	if copies < 60 || copies > 140 {
		t.Errorf("%d copies among 200, want about half", copies)
	}
}
