package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/parallel"
)

// The synthetic corpora of the benchmarks (bench dedup, bench pipeline):
// real text from ../shared/data, perturbed, so that the figures are
// measured on the lengths, languages and vocabulary of real articles
// while the corpus can be as large as wanted. Nothing from the data is
// stored in the project; the corpus is generated at run time.

// realText is one article of the evaluation data.
type realText struct {
	title, text, lang string
}

// readTexts reads the articles of casie-dev.jsonl (English, titled) and
// translations-dev.jsonl (eight languages; the first line stands for a
// title) in dir.
func readTexts(dir string) ([]realText, error) {
	var out []realText
	for _, name := range []string{"casie-dev.jsonl", "translations-dev.jsonl"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("bench corpus: %w", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			var r struct {
				Title string `json:"title"`
				Text  string `json:"text"`
				Lang  string `json:"lang"`
			}
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				f.Close()
				return nil, fmt.Errorf("bench corpus: %s: %w", name, err)
			}
			if title, rest, ok := strings.Cut(r.Text, "\n"); r.Title == "" && ok && strings.TrimSpace(rest) != "" {
				r.Title, r.Text = title, rest
			}
			if strings.TrimSpace(r.Text) == "" {
				continue
			}
			out = append(out, realText{title: r.Title, text: r.Text, lang: r.Lang})
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("bench corpus: reading %s: %w", name, err)
		}
	}
	return out, nil
}

// sentencePool splits the texts of casie-dev.jsonl and
// translations-dev.jsonl into sentences.
func sentencePool(dir string) ([]string, error) {
	texts, err := readTexts(dir)
	if err != nil {
		return nil, err
	}
	var pool []string
	for _, t := range texts {
		for _, line := range strings.Split(t.text, "\n") {
			for _, s := range strings.SplitAfter(line, ". ") {
				if s = strings.TrimSpace(s); len(s) >= 40 {
					pool = append(pool, s)
				}
			}
		}
	}
	if len(pool) < 1000 {
		return nil, fmt.Errorf("bench corpus: only %d sentences in %s", len(pool), dir)
	}
	return pool, nil
}

// article is one generated article: an original, or a perturbed copy of
// one (same family).
type article struct {
	text   string
	family uint32
	copy   bool
}

// corpusGen makes a reproducible corpus: article i is, with even odds, a
// new original (paragraphs of sentences drawn from the pool) or a copy
// of a recent original perturbed in one or more ways: junk lines added,
// truncated, paragraphs reordered, sentences edited.
type corpusGen struct {
	pool []string
	// texts, when set, makes originals from whole real articles instead
	// of drawn sentences (see articleOriginal).
	texts []realText
	// copyWindow is how many articles back a copy's original may be
	// (0: 10,000). Copies and translations come within days of their
	// original: bench pipeline sets five days' worth.
	copyWindow int

	commonOnce sync.Once
	common     map[string]bool // names kept by articleOriginal (see commonNames)
	usableOnce sync.Once
	usable     []int // the texts articleOriginal draws from (see usableTexts)
}

// corpusVersion names the generator's output: a store kept for
// 'bench pipeline -keep' is continued only with the corpus it began.
// Version 2 renames every name but the common ones (version 1 kept one
// in five of any name, which chained unrelated stories across years);
// version 3 draws originals only from texts with names to rename;
// version 4 gave such a text three made-up names instead, which left its
// stories one article published again and again (dedup links them as
// copies whatever their dates), so version 5 is version 3 again.
//
// Version 6 fixes two faults of version 5 that chained stories past
// 200,000 articles: publication dates overflowed and wrapped around
// after 106,751 articles, so each span of dates was filled again every
// 213,503 articles and a text's reuses came ever closer in time; and a
// name starting a sentence or the title was kept ("ABTA hack sees
// personal details ..."), so the reuses of a text whose victim leads
// its sentences shared that victim, which links stories over 400 days.
// Such a name is now renamed when the text also writes it inside a
// sentence or in capitals.
//
// Version 7 draws only from the texts whose renamed reuses dedup keeps
// apart (see usableTexts): version 6 still drew from texts with fewer
// than three names as dedup sees them, whose reuses it took for copies
// of one another (a story of 97 copies and excerpts over 13 years at
// 100,000 articles).
const corpusVersion = 7

// commonShare is the least share of the real texts a capitalised word
// must appear in for articleOriginal to keep it: the platforms, vendors,
// agencies and months that recur across unrelated news. It is above the
// share of reports under which story clustering takes a victim's name
// to identify an incident across months (story's VictimDocShare, 0.03),
// as a name that common in real news is.
const commonShare = 0.04

// commonNames returns the capitalised words found in at least
// commonShare of the texts.
func (g *corpusGen) commonNames() map[string]bool {
	g.commonOnce.Do(func() {
		df := map[string]int{}
		for _, t := range g.texts {
			seen := map[string]bool{}
			for _, w := range capitalisedWords(t.title + " " + t.text) {
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
			}
		}
		g.common = map[string]bool{}
		for w, n := range df {
			if float64(n) >= commonShare*float64(len(g.texts)) {
				g.common[w] = true
			}
		}
	})
	return g.common
}

// capitalisedWords returns the words of s, stripped of punctuation,
// that start with a capital letter.
func capitalisedWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		core := strings.Trim(w, " ,.;:!?\"'()")
		if r, _ := utf8.DecodeRuneInString(core); len(core) > 1 && unicode.IsUpper(r) {
			out = append(out, core)
		}
	}
	return out
}

func (g *corpusGen) original(family uint32) []string {
	if g.texts != nil {
		_, paras, _ := g.articleOriginal(family)
		return paras
	}
	rng := rand.New(rand.NewPCG(uint64(family), 0x5eed))
	paras := make([]string, 3+rng.IntN(5))
	for p := range paras {
		k := 2 + rng.IntN(3)
		s := make([]string, k)
		for i := range s {
			s[i] = g.pool[rng.IntN(len(g.pool))]
		}
		paras[p] = strings.Join(s, " ")
	}
	return paras
}

var junkLines = []string{"Advertisement", "Share this article on Facebook Twitter LinkedIn", "Read more:", "Subscribe to our newsletter for the latest news",
	"Copyright all rights reserved", "Related articles", "Click here to comment", "Sponsored content", "Cookies help us deliver our services"}

func (g *corpusGen) batch(start, n int) []article {
	out := make([]article, n)
	for k := range out {
		i := start + k
		rng := rand.New(rand.NewPCG(uint64(i), 0xc0b1e5))
		if i < 10 || rng.IntN(2) == 0 {
			out[k] = article{text: strings.Join(g.original(uint32(i)), "\n\n"), family: uint32(i)}
			continue
		}
		// A copy of an earlier original among the last copyWindow
		// articles (an article that was itself a copy stands for its
		// own family number: the original it would have been).
		window := g.copyWindow
		if window <= 0 {
			window = 10_000
		}
		fam := uint32(max(0, i-1-rng.IntN(min(i, window))))
		for g.isCopy(fam) {
			fam--
		}
		paras := g.original(fam)
		kind := rng.IntN(4)
		switch kind {
		case 0: // junk around
			paras = append([]string{junkLines[rng.IntN(len(junkLines))]}, paras...)
			paras = append(paras, junkLines[rng.IntN(len(junkLines))], junkLines[rng.IntN(len(junkLines))])
		case 1: // truncated to an excerpt
			paras = paras[:min(len(paras), max(2, len(paras)*(5+rng.IntN(4))/10))]
		case 2: // paragraphs reordered
			rng.Shuffle(len(paras), func(a, b int) { paras[a], paras[b] = paras[b], paras[a] })
		case 3: // sentences edited: words replaced
			w := strings.Fields(strings.Join(paras, "\n\n"))
			for e := 0; e < len(w)/25; e++ {
				w[rng.IntN(len(w))] = "edited"
			}
			paras = []string{strings.Join(w, " ")}
		}
		out[k] = article{text: strings.Join(paras, "\n\n"), family: fam, copy: true}
	}
	return out
}

// isCopy reports whether article i is a copy (the same draw as batch).
func (g *corpusGen) isCopy(i uint32) bool {
	rng := rand.New(rand.NewPCG(uint64(i), 0xc0b1e5))
	return !(i < 10 || rng.IntN(2) == 0)
}

// articleOriginal is family's original when the corpus is made of whole
// articles: a real article (title, paragraphs, language) whose names are
// renamed for the family. Every capitalised word that does not start a
// sentence (names, mostly) and is not common to many texts (a platform,
// an agency, a month: commonNames) is replaced by a made-up name drawn
// from the word and the family, the same throughout the article and its
// copies; so the corpus holds many distinct stories, each with names of
// its own, rather than a thousand real stories over and over. A victim's
// name does not come back in unrelated stories years apart, as it would
// if each real text's names were kept in some of its reuses.
func (g *corpusGen) articleOriginal(family uint32) (title string, paras []string, lang string) {
	return g.render(g.texts[g.textOf(family)], family)
}

// render is text t renamed for family (see articleOriginal).
func (g *corpusGen) render(t realText, family uint32) (title string, paras []string, lang string) {
	common := g.commonNames()
	lead := leadNames(t)
	rename := func(s string) string {
		return renameNames(s, common, lead, func(core string) string { return madeUpName(core, family) })
	}
	for _, p := range strings.Split(t.text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, rename(p))
		}
	}
	if len(paras) == 1 {
		// CASIE texts are one line: split them into paragraphs of
		// about three sentences, as a page would show them.
		sents := strings.SplitAfter(paras[0], ". ")
		paras = paras[:0]
		for i := 0; i < len(sents); i += 3 {
			paras = append(paras, strings.TrimSpace(strings.Join(sents[i:min(i+3, len(sents))], "")))
		}
	}
	return rename(t.title), paras, t.lang
}

// textOf is the index of the real text family's original is drawn from.
func (g *corpusGen) textOf(family uint32) int {
	rng := rand.New(rand.NewPCG(uint64(family), 0xa471c1e))
	usable := g.usableTexts()
	return usable[rng.IntN(len(usable))]
}

// renameNames replaces in s each capitalised word that is not common by
// what name returns for it, if it does not start a sentence or is among
// lead, the names a sentence may start with (see leadNames).
func renameNames(s string, common, lead map[string]bool, name func(core string) string) string {
	var b strings.Builder
	eachWord(s, func(w, core string, first bool) {
		r, _ := utf8.DecodeRuneInString(core)
		if len(core) > 1 && unicode.IsUpper(r) && !common[core] && (!first || lead[core]) {
			b.WriteString(name(core))
			b.WriteString(w[len(core):])
		} else {
			b.WriteString(w)
		}
	})
	return b.String()
}

// eachWord calls f with each word of s (its trailing space and
// punctuation included), its core and whether it starts a sentence.
func eachWord(s string, f func(w, core string, first bool)) {
	start := true
	for i, w := range strings.SplitAfter(s, " ") {
		core := strings.TrimRight(w, " ,.;:!?\"')")
		f(w, core, i == 0 || start)
		trimmed := strings.TrimRight(w, " \"')")
		start = strings.HasSuffix(trimmed, ".") || strings.HasSuffix(trimmed, "!") || strings.HasSuffix(trimmed, "?")
	}
}

// leadNames are the words of a text that are names wherever they stand,
// sentence starts included: those it also capitalises inside a
// sentence, and those written in capitals ("ABTA").
func leadNames(t realText) map[string]bool {
	out := map[string]bool{}
	note := func(_, core string, first bool) {
		r, _ := utf8.DecodeRuneInString(core)
		if len(core) > 1 && unicode.IsUpper(r) && (!first || strings.ToUpper(core) == core) {
			out[core] = true
		}
	}
	eachWord(t.title, note)
	for _, p := range strings.Split(t.text, "\n") {
		eachWord(strings.TrimSpace(p), note)
	}
	return out
}

// usableTexts returns the indexes of the texts articleOriginal draws
// from: those whose reuses for two stories dedup keeps apart by their
// names (dedup.NamesAllowCopy), as it does two reports written from one
// template about different victims. A text with fewer than three names
// dedup sees (a text about a study, a Chinese or Japanese text without
// spaces between words, names that are one long run of capitalised
// words) would come out as one article published again and again, which
// dedup links as copies whatever their dates, chaining its stories over
// the whole corpus. 1,125 of the 1,275 texts are drawn from: 778 of
// the 803 English ones, 1 of the 24 Japanese, 41 of the 60 Chinese, 97
// of the 124 Croatian, 55 of the 85 Russian, 22 of the 41 Ukrainian.
func (g *corpusGen) usableTexts() []int {
	g.usableOnce.Do(func() {
		ok := make([]bool, len(g.texts))
		parallel.For(0, len(g.texts), func(_, i int) {
			var docs [2]model.Doc
			for k := range docs {
				family := uint32(k + 1)
				title, paras, lang := g.render(g.texts[i], family)
				raw := model.Raw{ID: fmt.Sprintf("usable/%d/%d", i, k), Title: title, Lang: lang, Body: []byte(strings.Join(paras, "\n\n"))}
				docs[k] = analyze.Analyze(extract.Clean(raw, nil))
			}
			ok[i] = !dedup.NamesAllowCopy(docs[0], docs[1])
		})
		for i := range g.texts {
			if ok[i] {
				g.usable = append(g.usable, i)
			}
		}
		if len(g.usable) == 0 { // a tiny test corpus: use what there is
			for i := range g.texts {
				g.usable = append(g.usable, i)
			}
		}
	})
	return g.usable
}

var nameParts = [2][]string{
	{"Bra", "Mar", "Quil", "Tes", "Or", "Ash", "Vel", "Har", "Dun", "Kel", "Lor", "Pen", "Sar", "Thorn", "Wex", "Gal"},
	{"ford", "vale", "ton", "by", "mouth", "wick", "stead", "holm", "bury", "field", "ley", "more", "gate", "ridge", "wyn", "ard"},
}

// madeUpName is a name for word in family's story: two syllables and a
// number, so names differ across families (2^32 of them: at a million
// articles, two unrelated stories seldom share one).
func madeUpName(word string, family uint32) string {
	h := fnvOf(word, family)
	return fmt.Sprintf("%s%s%d", nameParts[0][h%16], nameParts[1][(h>>4)%16], h>>8)
}

func fnvOf(word string, family uint32) uint32 {
	h := fnv.New32a()
	h.Write([]byte(word))
	h.Write([]byte{byte(family), byte(family >> 8), byte(family >> 16), byte(family >> 24)})
	return h.Sum32()
}

// publishedAt is article i's publication time, perDay articles a day
// from base: whole days by the calendar, the rest of a day in
// nanoseconds (i·24h in nanoseconds overflows int64 beyond 106,751
// articles, which wrapped version 5's dates around a 29-year span).
func publishedAt(base time.Time, i, perDay int) time.Time {
	return base.AddDate(0, 0, i/perDay).Add(time.Duration(i%perDay) * 24 * time.Hour / time.Duration(perDay))
}

// raws makes articles start..start+n as raw documents: the text path's
// corpus (batch) with titles, languages, outlets (50 of them) and
// publication times advancing perDay articles a day from 2024-01-01.
// It needs g.texts.
func (g *corpusGen) raws(start, n, perDay int) []model.Raw {
	arts := g.batch(start, n)
	out := make([]model.Raw, n)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for k, a := range arts {
		i := start + k
		title, _, lang := g.articleOriginal(a.family)
		outlet := fmt.Sprintf("outlet-%02d", i%50)
		out[k] = model.Raw{
			ID:          fmt.Sprintf("bench/%09d", i),
			Source:      outlet,
			Site:        outlet,
			URL:         fmt.Sprintf("https://%s.example/%d", outlet, i),
			Title:       title,
			Lang:        lang,
			Published:   publishedAt(base, i, perDay),
			Body:        []byte(a.text),
			ContentType: "text/plain",
		}
	}
	return out
}
