package dedup

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/dict"
	"github.com/casefile/casefile/internal/model"
)

// Invented dictionaries in FreeDict's dictd layout, written by
// writeDictd: each maps a headword to the lines of its entry.
var testDictionaries = map[string][][2]string{
	"freedict-deu-eng": {
		{"Angriff", "Angriff /ˈanɡʁɪf/ <masc, n, sg>\n [mil.] attack <n>, assault <n>\n"},
		{"Regierung", "Regierung <fem>\ngovernment, administration\n"},
		{"gestern", "gestern <adv>\nyesterday\n"},
		{"Wasserwerk", "Wasserwerk <n>\nwaterworks, water plant\n"},
		{"Ausfall", "Ausfall <masc>\n1. failure\n2. outage\n"},
		{"Stunde", "Stunde <fem>\nhour\n"},
		{"Bürger", "Bürger <masc>\ncitizen\n"},
		{"warnen", "warnen <v>\nto warn\n"},
		{"Regen", "Regen <masc>\nrain\n"},
		{"Garten", "Garten <masc>\ngarden\n"},
		{"Blume", "Blume <fem>\nflower\n"},
		{"blühen", "blühen <v>\nto bloom, to flower\n"},
		{"auf die", "auf die\nonto the\n"}, // a phrase: left out of the lexicon
	},
	"freedict-fra-eng": {
		{"attaque", "attaque /atak/ <n, fem>\nattack, assault\n"},
		{"gouvernement", "gouvernement <n, masc>\ngovernment\n"},
	},
	"freedict-eng-hrv": {
		{"attack", "attack /əˈtæk/\nnapad, napada, napasti\n"},
		{"government", "government\nvlada, vlade\n"},
	},
	"freedict-jpn-eng": {
		{"政府", "政府 /seːɸɯ/\n(noun (common) (futsuumeishi))\ngovernment, administration\n"},
		{"攻撃", "攻撃 /koːɡeki/\nattack, assault\n"},
		{"受ける", "受ける /ɯkeɾɯ/\n(Ichidan verb)\nto receive, to suffer\n"},
		{"から", "から\n(particle)\nfrom\n"},
	},
	"freedict-eng-rus": {
		{"Moscow", "Moscow /ˈmɒskəʊ/\nМосква\n"},
	},
}

// writeDictd writes testDictionaries into a new directory as .index
// and plain .dict files (package dict reads dictzip too; its own tests
// cover that).
func writeDictd(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for name, entries := range testDictionaries {
		var data, index strings.Builder
		for _, e := range entries {
			fmt.Fprintf(&index, "%s\t%s\t%s\n", strings.ToLower(e[0]), b64Number(data.Len()), b64Number(len(e[1])))
			data.WriteString(e[1])
		}
		for ext, s := range map[string]string{".index": index.String(), ".dict": data.String()} {
			if err := os.WriteFile(filepath.Join(dir, name+ext), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// b64Number writes n in dictd's base64 numbers.
func b64Number(n int) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	s := string(digits[n%64])
	for n /= 64; n > 0; n /= 64 {
		s = string(digits[n%64]) + s
	}
	return s
}

func TestLexiconPivot(t *testing.T) {
	ls := NewLexicons(writeDictd(t))
	for _, c := range []struct {
		lang, word string
		want       []string
	}{
		{"de", "angriff", []string{"attack", "assault"}},
		{"de", "angriffe", []string{"attack", "assault"}},  // an inflection: final letters dropped
		{"de", "angriffen", []string{"attack", "assault"}}, // two of them
		{"de", "ausfall", []string{"failur", "outag"}},     // numbered senses, English stems
		{"de", "warnen", []string{"warn"}},                 // "to" dropped
		{"de", "auf", nil},                                 // phrases are not indexed
		{"de", "ang", nil},                                 // too short to drop letters from
		{"fr", "attaques", []string{"attack", "assault"}},  // the French stemmer finds "attaque"
		{"fr", "gouvernements", []string{"govern"}},        // and "gouvernement"
		{"hr", "napada", []string{"attack"}},               // eng-hrv read backwards
		{"hr", "napadi", []string{"attack"}},               // and "napad" with a letter dropped
		{"en", "attacks", []string{"attack"}},              // English is stemmed
		{"en", "the", nil},                                 // stop words are not keys
		{"ja", "政府", []string{"govern", "administr"}},      // Japanese headwords
	} {
		l := ls.get(c.lang)
		if l == nil {
			t.Fatalf("no lexicon for %s", c.lang)
		}
		if got := l.pivot(c.word); !slices.Equal(got, c.want) {
			t.Errorf("%s %q → %q, want %q", c.lang, c.word, got, c.want)
		}
	}
	if ls.get("uk") != nil || ls.get("xx") != nil {
		t.Error("a lexicon for a language without dictionaries")
	}
	if NewLexicons("").get("de") != nil {
		t.Error("a lexicon without a directory")
	}
}

func TestLexiconWords(t *testing.T) {
	ls := NewLexicons(writeDictd(t))
	for _, c := range []struct {
		lang, text string
		want       []string
	}{
		{"de", "Der Angriff auf die Regierung, gestern!", []string{"der", "angriff", "auf", "die", "regierung", "gestern"}},
		// Japanese is cut into the longest headwords; runs of
		// hiragana ("から") are particles and left out.
		{"ja", "政府から攻撃を受ける。ＡＢＣ", []string{"政府", "攻撃", "受ける", "abc"}},
	} {
		if got := ls.get(c.lang).words(c.text); !slices.Equal(got, c.want) {
			t.Errorf("%s words(%q) = %q, want %q", c.lang, c.text, got, c.want)
		}
	}
}

// nameless are short translations without a name or number, which only
// dictionaries tell apart, and unrelated texts in each language.
func nameless() []model.Doc {
	d := func(id, lang, text string) model.Doc {
		return analyze.Analyze(model.Article{ID: id, Lang: lang, Text: text})
	}
	return []model.Doc{
		d("de-water", "de", "Ausfall im Wasserwerk: die Bürger warnen vor einer Stunde ohne Regen."),
		d("en-water", "en", "Outage at the waterworks: citizens warn of an hour without rain."),
		d("de-garden", "de", "Im Garten blühen die Blumen, die Blume blüht."),
		d("en-attack", "en", "The attack on the government was yesterday, an assault."),
		d("en-garden2", "en", "Cooking pasta takes patience and salted boiling water."),
	}
}

func TestLinkWithDictionaries(t *testing.T) {
	dir := writeDictd(t)
	docs := nameless()
	groups, edges := Link(docs, Options{Lexicons: NewLexicons(dir)})
	checkInvariants(t, docs, groups, edges)
	for _, g := range groups {
		want := []string{g.Members[0]}
		if slices.Contains(g.Members, "de-water") {
			want = []string{"de-water", "en-water"}
		}
		if !slices.Equal(g.Members, want) {
			t.Errorf("group %v, want %v", g.Members, want)
		}
	}
	var why string
	for _, e := range edges {
		if e.Kind == model.RelTranslation {
			why = e.Why
		}
	}
	if !strings.Contains(why, "dictionary cosine") {
		t.Errorf("Why does not name the dictionaries: %q", why)
	}
	// Without dictionaries nothing links: the texts share no name.
	for _, opt := range []Options{{NoDictionaries: true}, {Lexicons: NewLexicons("")}, {Lexicons: NewLexicons(t.TempDir())}} {
		groups, edges := Link(docs, opt)
		if len(edges) != 0 || len(groups) != len(docs) {
			t.Errorf("without dictionaries (%+v): %d groups, edges %v", opt.Lexicons, len(groups), edges)
		}
	}
}

// TestDictionariesNotOpenedForOneLanguage checks that same-language work
// never pays for dictionaries, nor does a language without one.
func TestDictionariesNotOpenedForOneLanguage(t *testing.T) {
	ls := NewLexicons(writeDictd(t))
	var en []model.Doc
	for _, d := range nameless() {
		if d.Lang == "en" {
			en = append(en, d)
		}
	}
	Link(en, Options{Lexicons: ls})
	en = append(en, analyze.Analyze(model.Article{ID: "uk", Lang: "uk", Text: "Відключення води на станції."}))
	Link(en, Options{Lexicons: ls})
	ls.mu.Lock()
	defer ls.mu.Unlock()
	for lang, l := range ls.langs {
		if l != nil && !l.english {
			t.Errorf("dictionaries of %s opened", lang)
		}
	}
}

// TestThinDictionaryLeftOut: eng-rus here translates one word, far
// below minCoverage of Russian text, so Russian gets no dictionary keys.
func TestThinDictionaryLeftOut(t *testing.T) {
	docs := []model.Doc{
		analyze.Analyze(model.Article{ID: "ru", Lang: "ru", Text: "Отключение воды на станции: жители предупреждают о часе без дождя."}),
		analyze.Analyze(model.Article{ID: "en", Lang: "en", Text: "Outage at the waterworks: citizens warn of an hour without rain."}),
		analyze.Analyze(model.Article{ID: "de", Lang: "de", Text: "Ausfall im Wasserwerk: die Bürger warnen vor einer Stunde ohne Regen."}),
	}
	ls := NewLexicons(writeDictd(t))
	if ls.get("ru") == nil {
		t.Fatal("no Russian lexicon from eng-rus")
	}
	r := LinkDetail(docs, Options{Lexicons: ls})
	for _, e := range r.Edges {
		if e.A == "ru" || e.B == "ru" {
			t.Errorf("Russian linked through a thin dictionary: %v", e)
		}
	}
	if len(r.Edges) != 1 {
		t.Errorf("edges %v, want de-en only", r.Edges)
	}
}

// BenchmarkLexiconOpen reports the time and heap a process spends on
// the installed dictionaries of each language the first time it links
// that language (skipped for languages without them).
func BenchmarkLexiconOpen(b *testing.B) {
	dir := dict.Dir()
	for _, lang := range []string{"de", "fr", "hr", "ja", "ru"} {
		b.Run(lang, func(b *testing.B) {
			var heap float64
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				ls := NewLexicons(dir)
				start := time.Now()
				l := ls.get(lang)
				if l == nil {
					b.Skipf("no dictionaries for %s in %s", lang, dir)
				}
				l.prepare([]string{"angriff", "attaque", "napad", "攻撃", "атака"})
				_ = time.Since(start)
				runtime.GC()
				runtime.ReadMemStats(&after)
				heap = float64(after.HeapAlloc-before.HeapAlloc) / 1e6
				runtime.KeepAlive(ls)
			}
			b.ReportMetric(heap, "MB-heap")
		})
	}
}

// TestLexiconMemoFull: past memoWords words a lexicon stops keeping
// translations but still gives them.
func TestLexiconMemoFull(t *testing.T) {
	l := NewLexicons(writeDictd(t)).get("de")
	for i := range memoWords {
		l.memo[fmt.Sprint(i)] = nil
	}
	if got := l.pivot("angriff"); !slices.Equal(got, []string{"attack", "assault"}) {
		t.Errorf("pivot with a full memo = %q", got)
	}
	if _, kept := l.memo["angriff"]; kept || len(l.memo) != memoWords {
		t.Errorf("memo grew past %d: %d", memoWords, len(l.memo))
	}
}
