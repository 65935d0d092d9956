package dict

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testEntry is one entry of testdata/mini.entries: "@ headword", then
// the entry's text.
type testEntry struct{ head, text string }

func readEntries(t testing.TB, path string) []testEntry {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []testEntry
	for _, block := range strings.Split(string(b), "@ ")[1:] {
		head, text, _ := strings.Cut(block, "\n")
		out = append(out, testEntry{head, text})
	}
	return out
}

// buildDict writes entries as dictd does: the .dict text and an index
// of base64 offsets and lengths.
func buildDict(entries []testEntry) (dict []byte, index string) {
	var d bytes.Buffer
	var ix strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&ix, "%s\t%s\t%s\n", e.head, encodeNumber(int64(d.Len())), encodeNumber(int64(len(e.text))))
		d.WriteString(e.text)
	}
	fmt.Fprintf(&ix, "00databaseinfo\t%s\t%s\n", encodeNumber(0), encodeNumber(1))
	return d.Bytes(), ix.String()
}

// dictzip compresses data as dictzip does: chunks of chunkLen bytes,
// each deflated on its own and flushed, listed in the RA extra field.
func dictzip(t testing.TB, data []byte, chunkLen int) []byte {
	t.Helper()
	var chunks [][]byte
	for off := 0; off < len(data); off += chunkLen {
		part := data[off:min(off+chunkLen, len(data))]
		var c bytes.Buffer
		w, err := flate.NewWriter(&c, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(part)
		if off+chunkLen >= len(data) {
			err = w.Close() // the final block
		} else {
			err = w.Flush() // byte-aligned, not final
		}
		if err != nil {
			t.Fatal(err)
		}
		chunks = append(chunks, c.Bytes())
	}
	var out bytes.Buffer
	out.Write([]byte{0x1f, 0x8b, 8, 0x04 | 0x08, 0, 0, 0, 0, 2, 3})
	ra := binary.LittleEndian.AppendUint16(nil, 1)
	ra = binary.LittleEndian.AppendUint16(ra, uint16(chunkLen))
	ra = binary.LittleEndian.AppendUint16(ra, uint16(len(chunks)))
	for _, c := range chunks {
		ra = binary.LittleEndian.AppendUint16(ra, uint16(len(c)))
	}
	extra := append([]byte{'R', 'A'}, binary.LittleEndian.AppendUint16(nil, uint16(len(ra)))...)
	extra = append(extra, ra...)
	out.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(extra))))
	out.Write(extra)
	out.WriteString("mini.dict\x00")
	for _, c := range chunks {
		out.Write(c)
	}
	out.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(data)))
	out.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(data))))
	// The file must also be plain gzip to any other reader.
	zr, err := gzip.NewReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var back bytes.Buffer
	if _, err := back.ReadFrom(zr); err != nil || !bytes.Equal(back.Bytes(), data) {
		t.Fatalf("dictzip test writer: gunzip gives %d bytes, %v", back.Len(), err)
	}
	return out.Bytes()
}

// writeVariants writes the mini dictionary in each form Open reads and
// returns the .dict paths by name; the index is dir/mini.index.
func writeVariants(t *testing.T) (dir string, dicts map[string]string) {
	t.Helper()
	dir = t.TempDir()
	data, index := buildDict(readEntries(t, filepath.Join("testdata", "mini.entries")))
	if err := os.WriteFile(filepath.Join(dir, "mini.index"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(data)
	w.Close()
	files := map[string][]byte{
		"plain":         data,
		"gzip":          gz.Bytes(),
		"dictzip-small": dictzip(t, data, 37), // entries span chunks
		"dictzip-large": dictzip(t, data, 58315),
	}
	dicts = map[string]string{}
	for name, b := range files {
		p := filepath.Join(dir, name+".dict")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		dicts[name] = p
	}
	return dir, dicts
}

// dump lists every entry's headword and translations, one a line.
func dump(t *testing.T, d *Dict) string {
	t.Helper()
	var lines []string
	err := d.Each(func(head string, ts []string) {
		lines = append(lines, head+"\t"+strings.Join(ts, " | "))
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n"
}

func TestOpenFormats(t *testing.T) {
	dir, dicts := writeVariants(t)
	golden := filepath.Join("testdata", "mini.golden")
	for _, name := range []string{"plain", "gzip", "dictzip-small", "dictzip-large"} {
		t.Run(name, func(t *testing.T) {
			d, err := Open(filepath.Join(dir, "mini.index"), dicts[name], nil)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			got := dump(t, d)
			if *update && name == "plain" {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("entries differ from %s:\n%s", golden, got)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	dir, dicts := writeVariants(t)
	d, err := Open(filepath.Join(dir, "mini.index"), dicts["dictzip-small"], nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, c := range []struct {
		word string
		want []string
	}{
		{"angriff", []string{"attack", "assault"}},
		{"ANGRIFF", nil}, // Lookup takes folded words
		{Fold("ANGRIFF"), []string{"attack", "assault"}},
		{"regierung", []string{"government gov", "govt", "administration", "rule"}}, // two entries
		{Fold("Zürich"), []string{"zurich"}},
		{"攻撃", []string{"attack", "assault", "strike", "criticism"}},
		{"ausfallen", []string{"to fail", "to be cancelled", "to drop out", "to turn out"}},
		{"angrif", nil},
		{"nothing", nil},
	} {
		got, err := d.Lookup(c.word)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Lookup(%q) = %q, want %q", c.word, got, c.want)
		}
	}
	all, err := d.LookupAll([]string{"regierung", "攻撃", "nothing", "regierung", "angriffe"})
	if err != nil {
		t.Fatal(err)
	}
	for w, ts := range all {
		one, _ := d.Lookup(w)
		if !slices.Equal(ts, one) {
			t.Errorf("LookupAll[%q] = %q, Lookup gives %q", w, ts, one)
		}
	}
	if len(all) != 3 {
		t.Errorf("LookupAll found %d words, want 3: %q", len(all), all)
	}
	kept, err := Open(filepath.Join(dir, "mini.index"), dicts["plain"], func(h string) bool { return !strings.Contains(h, "/") })
	if err != nil {
		t.Fatal(err)
	}
	if kept.Has("km/h") || !kept.Has("wort") || kept.Len() != 11 {
		t.Errorf("Open with keep: %d headwords", kept.Len())
	}
	if !d.Has("stromausfall") || d.Has("strom") {
		t.Error("Has: wrong")
	}
	if got := d.WithPrefix("angriff", 10); !slices.Equal(got, []string{"angriff", "angriffe"}) {
		t.Errorf("WithPrefix(angriff) = %q", got)
	}
	if got := d.WithPrefix("a", 1); len(got) != 1 {
		t.Errorf("WithPrefix limit: %q", got)
	}
}

func TestParseEntry(t *testing.T) {
	for _, c := range []struct {
		name, entry string
		head        string
		want        []string
	}{
		{"plain", "Haus /haʊs/ <n>\nhouse, home\n", "Haus", []string{"house", "home"}},
		{"numbered senses", "gehen <v>\n1. to go\n2) to walk; to leave\n", "gehen", []string{"to go", "to walk", "to leave"}},
		{"labels and grammar", "Bank <fem>\n [fin.]  bank <n>, bench <n> [Br.]\n", "Bank", []string{"bank", "bench"}},
		{"synonyms and notes dropped", "Auto\ncar\n   Synonym: {Wagen}\n see: {Autos}\n   Note: colloquial\n", "Auto", []string{"car"}},
		{"nested parens", "あの\n(pronoun (daimeishi))\nthat (over there), yonder\n", "あの", []string{"that", "yonder"}},
		{"japanese variant spellings dropped", "攻撃 /koːɡeki/\nattack\n [spec1]  攻め /seme/, せめ /seme/\n", "攻撃", []string{"attack"}},
		{"pronunciation inside a translation", "Regierung\ngovernment <n>Gov.,  /ɡˈoːf/ Govt.\n", "Regierung", []string{"government gov", "govt"}},
		{"long explanations dropped", "x\na phrase of far too many words here\nword\n", "x", []string{"word"}},
		{"repeats dropped, case folded", "Wort\nWord, word; TERM\n", "Wort", []string{"word", "term"}},
		{"unclosed bracket", "y\nfine, broken (never closed, gone\n", "y", []string{"fine", "broken"}},
		{"slash not a pronunciation", "km/h <abbr>\nkm / h, and/or\n", "km/h", []string{"km / h", "and/or"}},
		{"headword variants on the first line", "colour, color /ˈkʌlə/\nfarbe\n", "colour", []string{"farbe"}},
		{"no translations", "leer /leːɐ/\n", "leer", nil},
		{"empty", "\n\n", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			head, got := ParseEntry(c.entry)
			if head != c.head || !slices.Equal(got, c.want) {
				t.Errorf("ParseEntry = %q, %q; want %q, %q", head, got, c.head, c.want)
			}
		})
	}
}

func TestParseIndex(t *testing.T) {
	for _, c := range []struct {
		name, index string
		want        []IndexLine
		err         string
	}{
		{"lines", "haus\tA\tBA\nhaus\tBA\tC\n", []IndexLine{{"haus", Loc{0, 64}}, {"haus", Loc{64, 2}}}, ""},
		{"metadata and blank headwords left out", "00databaseinfo\tA\tB\n\tA\tB\nx\tB\tB\n", []IndexLine{{"x", Loc{1, 1}}}, ""},
		{"original headword column", "haus\tA\tB\tHaus\n", []IndexLine{{"Haus", Loc{0, 1}}}, ""},
		{"blank lines", "\nx\tB\tB\n\n", []IndexLine{{"x", Loc{1, 1}}}, ""},
		{"too few fields", "haus\tA\n", nil, "index line 1: 2 tab-separated fields"},
		{"bad digit", "a\tA\tB\nhaus\tA*\tB\n", nil, "index line 2: offset"},
		{"empty length", "haus\tA\t\n", nil, "index line 1: length: empty"},
		{"number too long", "haus\tAAAAAAAAAAA\tB\n", nil, "too long"},
		{"entry too large", "haus\tA\t" + encodeNumber(MaxEntryBytes+1) + "\n", nil, "more than"},
		{"line too long", strings.Repeat("x", MaxIndexLine+1) + "\tA\tB\n", nil, "longer than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseIndex(strings.NewReader(c.index))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		s string
		v int64
	}{{"A", 0}, {"B", 1}, {"/", 63}, {"BA", 64}, {"CQdPS", 37868498}, {"y//", 0x32<<12 | 4095}} {
		v, err := decodeNumber(c.s)
		if err != nil || v != c.v {
			t.Errorf("decodeNumber(%q) = %d, %v; want %d", c.s, v, err, c.v)
		}
		if c.s != "A" && encodeNumber(c.v) != c.s {
			t.Errorf("encodeNumber(%d) = %q, want %q", c.v, encodeNumber(c.v), c.s)
		}
	}
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Zürich", "zurich"},
		{"  Power   Failure ", "power failure"},
		{"ÉTÉ", "ete"},
		{"Москва́", "москва"},
		{"がっこう", "がっこう"}, // voicing marks kept
		{"ＡＢＣ攻撃Ｘ", "abc攻撃x"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir, dicts := writeVariants(t)
	index := filepath.Join(dir, "mini.index")
	small, err := os.ReadFile(dicts["dictzip-small"])
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badIndex := write("bad.index", []byte("haus\tA\n"))
	// A chunk table that points past the end of the file.
	truncated := write("truncated.dict.dz", small[:len(small)/2])
	// A corrupt chunk: Open succeeds (the header is fine), the lookup
	// fails naming the dictionary.
	corrupt := bytes.Clone(small)
	for i := len(corrupt) / 2; i < len(corrupt)-8; i++ {
		corrupt[i] = 0xff
	}
	corruptPath := write("corrupt.dict.dz", corrupt)
	for _, c := range []struct {
		name, index, dict, want string
	}{
		{"missing index", filepath.Join(dir, "none.index"), dicts["plain"], "none.index"},
		{"missing dict", index, filepath.Join(dir, "none.dict"), "none.dict"},
		{"bad index", badIndex, dicts["plain"], "bad.index: index line 1"},
		{"truncated dictzip", index, truncated, "truncated.dict.dz: dictzip chunks end"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(c.index, c.dict, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
	d, err := Open(index, corruptPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Each(func(string, []string) {}); err == nil || !strings.Contains(err.Error(), "mini.index") {
		t.Errorf("Each over a corrupt file: err = %v", err)
	}
}

func FuzzIndex(f *testing.F) {
	f.Add([]byte("haus\tA\tBA\n00databaseinfo\tA\tB\n"))
	f.Add([]byte("x\t//\tB\tX\n\n\ty\tA\tA\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		lines, err := ParseIndex(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, l := range lines {
			if l.Off < 0 || l.Len < 0 || l.Len > MaxEntryBytes || l.Head == "" {
				t.Fatalf("bad line %+v", l)
			}
		}
	})
}

func FuzzEntry(f *testing.F) {
	for _, e := range readEntries(f, filepath.Join("testdata", "mini.entries")) {
		f.Add(e.text)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, ts := ParseEntry(s)
		if len(ts) > MaxTranslations {
			t.Fatalf("%d translations", len(ts))
		}
		seen := map[string]bool{}
		for _, x := range ts {
			if x == "" || seen[x] || len(strings.Fields(x)) > maxTranslationWords || Fold(x) != x {
				t.Fatalf("bad translation %q in %q", x, ts)
			}
			seen[x] = true
		}
	})
}

// FuzzData reads arbitrary bytes as a .dict file: errors, never panics.
func FuzzData(f *testing.F) {
	data, _ := buildDict(readEntries(f, filepath.Join("testdata", "mini.entries")))
	f.Add(dictzip(f, data, 37), int64(10), int64(50))
	f.Add(data, int64(0), int64(5))
	if real, err := os.ReadFile(filepath.Join("testdata", "mini.dict.dz")); err == nil {
		f.Add(real, int64(100), int64(200))
	}
	f.Fuzz(func(t *testing.T, b []byte, off, n int64) {
		d, err := openData(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		got, err := d.ReadAt(off, n)
		if err == nil && int64(len(got)) != n {
			t.Fatalf("ReadAt(%d, %d) gave %d bytes", off, n, len(got))
		}
	})
}

// TestInstalled reads the FreeDict dictionaries that .ci/run installs:
// skipped when they are absent, failing under CI=true.
func TestInstalled(t *testing.T) {
	dir := Dir()
	for _, c := range []struct{ name, word, want string }{
		{"freedict-deu-eng", "angriff", "attack"},
		{"freedict-fra-eng", "gouvernement", "government"},
		{"freedict-hrv-eng", "vlada", "government"},
		{"freedict-jpn-eng", "政府", "government"},
		{"freedict-eng-rus", "government", "правительство"},
	} {
		t.Run(c.name, func(t *testing.T) {
			requireInstalled(t, dir, c.name)
			d, err := OpenName(dir, c.name, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			got, err := d.Lookup(Fold(c.word))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(got, c.want) {
				t.Errorf("%s: %s → %q, want %q among them", c.name, c.word, got, c.want)
			}
		})
	}
}

// requireInstalled is dicttest.Require (which imports this package).
func requireInstalled(t *testing.T, dir, name string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, name+".index")); dir == "" || err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed in %q (.ci/run installs it)", name, dir)
		}
		t.Skipf("%s not installed in %q", name, dir)
	}
}

// chunkEntries are the entries of testdata/chunks.dict.dz, 256 KB that
// dictzip 1.13 (Debian's) compressed in 5 chunks: "wort0042 /vɔʁt/ <n>"
// with "word 42, term 42".
func chunkEntries() []testEntry {
	var out []testEntry
	for i := range 6000 {
		out = append(out, testEntry{fmt.Sprintf("wort%04d", i), fmt.Sprintf("wort%04d /vɔʁt/ <n>\nword %d, term %d\n", i, i, i)})
	}
	return out
}

// TestDictzipTool reads files written by the dictzip tool itself, not by
// this package's test writer.
func TestDictzipTool(t *testing.T) {
	dir := t.TempDir()
	_, index := buildDict(readEntries(t, filepath.Join("testdata", "mini.entries")))
	miniIndex := filepath.Join(dir, "mini.index")
	if err := os.WriteFile(miniIndex, []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(miniIndex, filepath.Join("testdata", "mini.dict.dz"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	want, err := os.ReadFile(filepath.Join("testdata", "mini.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(t, d); got != string(want) {
		t.Errorf("mini.dict.dz differs from mini.golden:\n%s", got)
	}

	entries := chunkEntries()
	_, index = buildDict(entries)
	chunksIndex := filepath.Join(dir, "chunks.index")
	if err := os.WriteFile(chunksIndex, []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Open(chunksIndex, filepath.Join("testdata", "chunks.dict.dz"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	z, ok := c.data.(*dzData)
	if !ok || len(z.starts) != 6 {
		t.Fatalf("chunks.dict.dz not read by chunks: %T", c.data)
	}
	n := 0
	err = c.Each(func(head string, ts []string) {
		var i int
		fmt.Sscanf(head, "wort%d", &i)
		if w := []string{fmt.Sprint("word ", i), fmt.Sprint("term ", i)}; !slices.Equal(ts, w) {
			t.Errorf("%s → %q, want %q", head, ts, w)
		}
		n++
	})
	if err != nil || n != len(entries) {
		t.Fatalf("Each: %d entries, %v", n, err)
	}
	// Lookups out of file order, across chunk boundaries.
	for _, i := range []int{5999, 0, 1407, 2763, 4120, 5476} { // 1407... straddle chunks
		got, err := c.Lookup(fmt.Sprintf("wort%04d", i))
		if err != nil || len(got) != 2 || got[0] != fmt.Sprint("word ", i) {
			t.Errorf("Lookup wort%04d = %q, %v", i, got, err)
		}
	}
}
