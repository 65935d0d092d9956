// Package htmltext turns a web page into the plain text of its main
// article, one paragraph per block, with its metadata (title, author,
// site, publication date, canonical URL).
//
// The main content is found by go-trafilatura (with go-readability and
// go-domdistiller as its fallbacks, and go-htmldate for the date); this
// package lays the result out as paragraphs and trims paragraphs at its
// edges that go-readability does not also find, so that casefile's
// plain-text junk removal (package extract) runs on top of it exactly as
// it does for text files.
package htmltext

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"github.com/go-shiori/go-readability"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// ErrNoText is returned when a page has no main text.
var ErrNoText = errors.New("no main text found")

// Page is the main text of a web page and its metadata.
type Page struct {
	Title     string
	Author    string
	Site      string    // site name, else host name
	URL       string    // canonical URL, else the URL the page came from
	Published time.Time // zero if unknown
	// Text is the main text: paragraphs (blocks: paragraphs, headings,
	// list items, quotes, table rows) separated by blank lines, each on
	// one line.
	Text string
}

// Options tunes the extraction. The zero value is casefile's default.
type Options struct {
	// URL is where the page came from, if known; it resolves relative
	// links and fills Page.URL when the page names no canonical URL.
	URL string
	// NoFallback turns off go-trafilatura's comparison with
	// go-readability and go-domdistiller (faster, less accurate).
	NoFallback bool
}

// TrafilaturaOptions returns the go-trafilatura options casefile uses.
func TrafilaturaOptions(opt Options) trafilatura.Options {
	o := trafilatura.Options{
		EnableFallback:  !opt.NoFallback,
		ExcludeComments: true,
	}
	if opt.URL != "" {
		if u, err := url.Parse(opt.URL); err == nil && u.IsAbs() {
			o.OriginalURL = u
		}
	}
	return o
}

// Extract finds the main text of the HTML page in body.
func Extract(body []byte, opt Options) (Page, error) {
	doc, err := parse(body)
	if err != nil {
		return Page{}, fmt.Errorf("parse HTML: %w", err)
	}
	topt := TrafilaturaOptions(opt)
	var second string // the text go-readability finds, when it runs
	if topt.EnableFallback {
		// go-trafilatura runs go-readability on a copy of the page as
		// its first fallback; running it here instead costs nothing
		// more and lets its text vouch for trafilatura's paragraphs.
		if art, err := readability.FromDocument(dom.Clone(doc, true), topt.OriginalURL); err == nil && art.Node != nil {
			topt.FallbackCandidates = &trafilatura.FallbackCandidates{Readability: art.Node}
			second = art.TextContent
		}
	}
	res, err := trafilatura.ExtractDocument(doc, topt)
	if err != nil {
		return Page{}, fmt.Errorf("extract main text: %w", err)
	}
	if res == nil || res.ContentNode == nil {
		return Page{}, ErrNoText
	}
	m := res.Metadata
	p := Page{
		Title:     clean(m.Title),
		Author:    clean(m.Author),
		Site:      clean(m.Sitename),
		URL:       m.URL,
		Published: m.Date,
	}
	full := mainText(res)
	p.Title = headline(p.Title, full)
	p.Text = vouched(full, second)
	if p.Site == "" {
		p.Site = m.Hostname
	}
	if p.URL == "" {
		p.URL = opt.URL
	}
	if strings.TrimSpace(p.Text) == "" {
		return p, ErrNoText
	}
	return p, nil
}

// parse parses the page. dom.Parse (what go-trafilatura uses) runs
// chardet on every page, which costs about a third of the whole
// extraction; a page that is valid UTF-8 is read as UTF-8 instead, as
// go-shiori/dom itself advises (FastParse), with the same normalisation
// dom.Parse applies (NFC, soft hyphens removed). Any other page still
// goes through dom.Parse's detection. A page valid as UTF-8 but meant in
// another charset is vanishingly rare outside pure ASCII, where every
// charset casefile meets reads the same.
func parse(body []byte) (*html.Node, error) {
	if !utf8.Valid(body) {
		return dom.Parse(bytes.NewReader(body))
	}
	normalise := transform.Chain(norm.NFD, runes.Remove(runes.Predicate(isSoftHyphen)), norm.NFC)
	return html.Parse(transform.NewReader(bytes.NewReader(body), normalise))
}

func isSoftHyphen(r rune) bool { return r == '\u00AD' }

// mainText lays out the extracted content as paragraphs. go-trafilatura's
// last-resort extraction can leave earlier attempts in the content tree
// next to the text it settles on; when the tree has more words than the
// content text, the text is taken as it is, in one paragraph.
func mainText(res *trafilatura.ExtractResult) string {
	text := Paragraphs(res.ContentNode)
	if len(strings.Fields(text)) > len(strings.Fields(res.ContentText)) {
		return clean(res.ContentText)
	}
	return text
}

// maxTrimPercent bounds what vouched may cut: edges longer than this
// share of the text are more likely a part of the article the second
// extractor missed (a list of dates, a table) than furniture.
const maxTrimPercent = 40

// vouched trims the paragraphs at the start and the end of text that
// the second extractor's text does not contain (bylines, standfirsts,
// newsletter boxes, related stories), when the second contains at least
// half of text and the edges cut are at most maxTrimPercent of it.
// Paragraphs inside the article are kept either way.
func vouched(text, second string) string {
	if second == "" {
		return text
	}
	norm := clean // the paragraphs' own normalisation
	sec := norm(second)
	paras := strings.Split(text, "\n\n")
	ok := make([]bool, len(paras))
	var in, all int
	for i, p := range paras {
		all += len(p)
		if ok[i] = strings.Contains(sec, norm(p)); ok[i] {
			in += len(p)
		}
	}
	if in*10 < all*5 {
		return text
	}
	lo, hi := 0, len(paras)
	for lo < hi && !ok[lo] {
		lo++
	}
	for hi > lo && !ok[hi-1] {
		hi--
	}
	if lo == hi {
		return text
	}
	cut := 0
	for _, p := range paras[:lo] {
		cut += len(p)
	}
	for _, p := range paras[hi:] {
		cut += len(p)
	}
	if cut*100 > all*maxTrimPercent {
		return text
	}
	return strings.Join(paras[lo:hi], "\n\n")
}

// maxHeadlineWords bounds a first paragraph taken for the headline.
const maxHeadlineWords = 40

// headline returns the page's headline: the first paragraph of the text
// when the page title names it (titles often add the site's name: "Hed
// | Site", "Site - Hed"), else the page title. Package extract then
// finds it as the title line and keeps it out of the body.
func headline(title, text string) string {
	first, _, _ := strings.Cut(text, "\n\n")
	if title == "" || first == "" || len(strings.Fields(first)) > maxHeadlineWords {
		return title
	}
	ft, fl := strings.ToLower(title), strings.ToLower(first)
	if strings.Contains(ft, fl) && len(fl)*2 >= len(ft) {
		return first
	}
	return title
}

// blockAtoms are the elements that start a paragraph of their own.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true,
	atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Figure: true, atom.Figcaption: true,
	atom.Main: true, atom.Aside: true, atom.Body: true, atom.Hr: true,
	atom.Details: true, atom.Summary: true, atom.Address: true,
}

// trafilaturaBlocks and trafilaturaBreaks are the names of
// go-trafilatura's own output elements (its XML-like tree keeps them when
// it converts back to HTML only in part): blocks start a paragraph,
// breaks and cells are separated by a space.
var (
	trafilaturaBlocks = map[string]bool{"head": true, "list": true, "item": true, "quote": true, "row": true, "code": true}
	trafilaturaBreaks = map[string]bool{"lb": true, "cell": true}
)

// Paragraphs lays out the text of an HTML tree as paragraphs: the text
// of each block element on one line (white space collapsed, <br> a
// space), blocks separated by a blank line. Table cells in a row are
// separated by a space.
func Paragraphs(n *html.Node) string {
	var (
		out strings.Builder
		cur strings.Builder
	)
	flush := func() {
		s := clean(cur.String())
		cur.Reset()
		if s == "" {
			return
		}
		if out.Len() > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(s)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		// Elements built by go-trafilatura carry their name in Data only.
		a := n.DataAtom
		if a == 0 && n.Type == html.ElementNode {
			a = atom.Lookup([]byte(n.Data))
		}
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Br, atom.Td, atom.Th:
				cur.WriteByte(' ')
			}
			if a == 0 && trafilaturaBreaks[n.Data] {
				cur.WriteByte(' ')
			}
		}
		block := n.Type == html.ElementNode && (blockAtoms[a] || a == 0 && trafilaturaBlocks[n.Data])
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		} else if n.Type == html.ElementNode && (a == atom.Td || a == atom.Th || a == 0 && trafilaturaBreaks[n.Data]) {
			cur.WriteByte(' ')
		}
	}
	walk(n)
	flush()
	return out.String()
}

// clean collapses white space (including no-break spaces) to single
// spaces, trims, and drops invalid UTF-8 and control characters.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' {
			space = b.Len() > 0
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
