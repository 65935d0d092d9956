package htmltext

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestExtractGolden extracts an invented news page and compares its main
// text with testdata/*.golden.txt (go test -update rewrites it).
func TestExtractGolden(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "water-board.html"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Extract(page, Options{URL: "https://ledger.example/x"})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "water-board.golden.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(p.Text+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if p.Text+"\n" != string(want) {
		t.Errorf("text:\n%s\nwant:\n%s", p.Text, want)
	}
	for _, junk := range []string{"Most read", "Ferry timetable", "First!", "All rights reserved", "Sport"} {
		if strings.Contains(p.Text, junk) {
			t.Errorf("text keeps boilerplate %q", junk)
		}
	}
	if p.Title != "Ransomware halts billing at Lower Vale Water Board" {
		t.Errorf("title %q", p.Title)
	}
	if p.Author != "Mira Okonkwo" || p.Site != "The Harbour Ledger" {
		t.Errorf("author %q site %q", p.Author, p.Site)
	}
	if p.URL != "https://ledger.example/news/lower-vale-water-board" {
		t.Errorf("url %q", p.URL)
	}
	if want := time.Date(2024, 4, 17, 0, 0, 0, 0, time.UTC); !p.Published.Truncate(24 * time.Hour).Equal(want) {
		t.Errorf("published %v, want %v", p.Published, want)
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One  two.</p><p>Three\nfour.</p>", "One two.\n\nThree four."},
		{"inline", "<p>A <b>bold</b> <a href=x>link</a>.</p>", "A bold link."},
		{"br", "<p>line one<br>line two</p>", "line one line two"},
		{"table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", "a b\n\nc d"},
		{"list", "<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"},
		{"script", "<p>kept</p><script>var x = 1;</script><style>p{}</style>", "kept"},
		{"nbsp", "<p>a&nbsp;&nbsp;b\u200b</p>", "a b"},
		{"heading", "<h2>Head</h2>text after", "Head\n\ntext after"},
		{"empty", "<div><p> </p></div>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := Paragraphs(doc); got != tt.want {
				t.Errorf("Paragraphs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHeadline(t *testing.T) {
	tests := []struct{ title, text, want string }{
		{"Hed here | Site", "Hed here\n\nBody.", "Hed here"},
		{"Site - Hed here", "Hed here\n\nBody.", "Hed here"},
		{"Hed here", "Other first line\n\nBody.", "Hed here"},
		{"A very long page title naming the site and more", "Hed\n\nBody.", "A very long page title naming the site and more"},
		{"", "Hed\n\nBody.", ""},
	}
	for _, tt := range tests {
		if got := headline(tt.title, tt.text); got != tt.want {
			t.Errorf("headline(%q, %q) = %q, want %q", tt.title, tt.text, got, tt.want)
		}
	}
}

func TestExtractNoText(t *testing.T) {
	for _, in := range []string{"", "<html></html>", "<script>x()</script>"} {
		if _, err := Extract([]byte(in), Options{}); err == nil {
			t.Errorf("Extract(%q): no error", in)
		}
	}
}

func TestVouched(t *testing.T) {
	tests := []struct{ name, text, second, want string }{
		{"edges trimmed", "Byline here\n\nFirst paragraph of the story.\n\nMiddle box\n\nLast paragraph of the story.\n\nSign up now", "First paragraph of the story. Middle box Last paragraph of the story.", "First paragraph of the story.\n\nMiddle box\n\nLast paragraph of the story."},
		{"inside kept", "First para.\n\nUnvouched inside\n\nLast para.", "First para.  Last   para.", "First para.\n\nUnvouched inside\n\nLast para."},
		{"little agreement", "Alpha one two three\n\nBeta four five six seven eight", "Beta four", "Alpha one two three\n\nBeta four five six seven eight"},
		{"no second", "A\n\nB", "", "A\n\nB"},
		{"long edge kept", "First para is here.\n\nJune 14 Arena one\n\nJune 17 Arena two\n\nJune 19 Arena three", "First para is here.", "First para is here.\n\nJune 14 Arena one\n\nJune 17 Arena two\n\nJune 19 Arena three"},
	}
	for _, tt := range tests {
		if got := vouched(tt.text, tt.second); got != tt.want {
			t.Errorf("%s: vouched = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestParse checks that valid UTF-8 pages (the fast path) and pages in
// other charsets (chardet's path) give the same normalised text.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		body []byte
		want string
	}{
		{"utf-8", []byte("<p>Douvres et Canterbury</p>"), "Douvres et Canterbury"},
		{"utf-8 NFD to NFC", []byte("<p>Stadtrat von Mu\u0308nchen</p>"), "Stadtrat von München"},
		{"utf-8 soft hyphen removed", []byte("<p>Ran\u00adsom\u00adware</p>"), "Ransomware"},
		{"windows-1252", []byte("<html><head><meta charset=\"windows-1252\"></head><body><p>Le conseil de Douvres a confirm\xe9 l'incident, a d\xe9clar\xe9 le porte-parole, et l'\xe9quipe enqu\xeate.</p></body></html>"),
			"Le conseil de Douvres a confirmé l'incident, a déclaré le porte-parole, et l'équipe enquête."},
		{"shift_jis", []byte("<html><head><meta charset=\"Shift_JIS\"></head><body><p>\x83\x89\x83\x93\x83\x54\x83\x80\x83\x45\x83\x46\x83\x41\x8d\x55\x8c\x82\x82\xc9\x82\xe6\x82\xe8\x81\x41\x8e\x73\x82\xcc\x83\x54\x81\x5b\x83\x72\x83\x58\x82\xaa\x92\xe2\x8e\x7e\x82\xb5\x82\xbd\x81\x42</p></body></html>"),
			"ランサムウェア攻撃により、市のサービスが停止した。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parse(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			var p *html.Node
			var find func(*html.Node)
			find = func(n *html.Node) {
				if n.Type == html.ElementNode && n.Data == "p" && p == nil {
					p = n
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					find(c)
				}
			}
			find(doc)
			if p == nil || p.FirstChild == nil {
				t.Fatal("no <p> text")
			}
			if got := p.FirstChild.Data; got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
		})
	}
}
