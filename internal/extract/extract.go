// Package extract turns a raw plain-text document into an article: it
// finds the title and removes boilerplate (breadcrumbs, repeated titles,
// aggregator counters and footers, ad slots, reporters' contact
// solicitations, scraper signatures, navigation and promotion blocks).
//
// Junk is found by general, multilingual rules plus the lines a source
// repeats across its documents (see Repeated), never by lists of known
// lines. Clean runs small passes over the lines, in this order:
//
//  1. line rules: each line judged alone (time stamps, counters, ad
//     slots, signatures, footers, widget labels);
//  2. breadcrumbs: a line near the top that ends with another line's text
//     after a short glued or separated prefix;
//  3. duplicates: a line equal, after folding and transliteration, to an
//     earlier kept line;
//  4. contact solicitations, judged per paragraph;
//  5. the title: the source's, or the first kept line if it reads as a
//     headline (short labels and dates above it are removed);
//  6. learned repeated lines;
//  7. head: short non-sentence lines between the title and the first
//     paragraph of prose;
//  8. tail: everything after the last paragraph of prose that is made of
//     short non-sentence lines (navigation, promotions, footers).
//
// Paragraphs: a paragraph is a run of consecutive non-blank raw lines (a
// block). Its kept lines are trimmed and joined by a single space, so
// hard-wrapped text becomes one paragraph; paragraphs are joined by
// "\n\n" in Article.Text.
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
)

// Search windows for breadcrumbs, which sit at the top of a document.
const (
	breadcrumbLines = 10 // candidate breadcrumb lines: the first non-blank lines
	titleLines      = 20 // lines a breadcrumb may repeat
	maxHeadWords    = 8  // longer lines between title and body are standfirsts
	maxKickers      = 3  // labels and dates above a headline
	maxKickerWords  = 4
)

// Clean removes boilerplate from raw and finds its title. rep holds the
// lines learned from raw's source and may be nil.
func Clean(raw model.Raw, rep *Repeated) model.Article {
	return clean(raw, rep, lineRules)
}

// clean is Clean with the list of line rules to apply.
func clean(raw model.Raw, rep *Repeated, rules []lineRule) model.Article {
	lines := splitLines(raw.Body)
	nonBlank := make([]*line, 0, len(lines))
	for _, l := range lines {
		if !l.blank() {
			nonBlank = append(nonBlank, l)
		}
	}

	applyLineRules(nonBlank, rules)
	markTagEchoes(nonBlank)
	markBreadcrumbs(nonBlank, raw.Title)
	if raw.ContentType != "text/html" {
		// Main text found in HTML has had its repeated blocks removed
		// by the HTML extractor; a line repeated there is the page's
		// own (a recurring interview question, a refrain).
		markDuplicates(nonBlank)
	}
	markContacts(nonBlank)
	title := findTitle(nonBlank, raw, rep)
	markRepeated(nonBlank, title, raw.Source, rep)
	markHead(nonBlank, title)
	markTail(nonBlank, title)

	a := model.Article{
		ID:        raw.ID,
		Source:    raw.Source,
		URI:       raw.URI,
		URL:       raw.URL,
		Published: raw.Published,
		Lang:      raw.Lang,
		Author:    raw.Author,
		Site:      raw.Site,
		Title:     strings.TrimSpace(raw.Title),
		Hash:      hashBody(raw.Body),
	}
	if title != nil {
		a.TitleLine = title.n
		if a.Title == "" {
			a.Title = title.text
		}
	}
	a.Text = joinParagraphs(nonBlank, title)
	for _, l := range nonBlank {
		if l.removed() {
			a.Removed = append(a.Removed, model.Removal{Line: l.n, Text: l.raw, Rule: l.rule})
		}
	}
	return a
}

// hashBody returns the hex SHA-256 of the raw body.
func hashBody(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// applyLineRules marks the lines that a line rule judges to be junk.
func applyLineRules(lines []*line, rules []lineRule) {
	for _, l := range lines {
		for _, r := range rules {
			if r.fn(l) {
				l.rule = r.name
				break
			}
		}
	}
}

// markBreadcrumbs marks lines near the top that repeat another top line
// (or the source's title) behind a navigation prefix.
func markBreadcrumbs(lines []*line, sourceTitle string) {
	top := lines[:min(len(lines), titleLines)]
	var st *line
	if sourceTitle != "" {
		st = textLine(sourceTitle)
	}
	for i, l := range top[:min(len(top), breadcrumbLines)] {
		if !l.kept() {
			continue
		}
		if st != nil && breadcrumbOf(l, st) {
			l.rule = RuleBreadcrumb
			continue
		}
		for j, m := range top {
			if j != i && m.kept() && breadcrumbOf(l, m) {
				l.rule = RuleBreadcrumb
				break
			}
		}
	}
}

// markDuplicates marks lines whose folded key equals an earlier kept
// line's: repeated titles, transliterated or not, and doubled paragraphs.
func markDuplicates(lines []*line) {
	seen := make(map[string]bool)
	for _, l := range lines {
		if !l.kept() || l.key == "" {
			continue
		}
		if seen[l.key] {
			l.rule = RuleDuplicate
			continue
		}
		seen[l.key] = true
	}
}

// markContacts marks the paragraphs that solicit tips from the reader.
func markContacts(lines []*line) {
	for _, b := range blocks(lines) {
		if isContact(keptText(b, nil)) {
			for _, l := range b {
				if l.kept() {
					l.rule = RuleContact
				}
			}
		}
	}
}

// findTitle returns the title line: the first kept line matching the
// source's title, or, without one, the first kept line if it reads as a
// headline. Learned navigation lines before it are removed on the way.
func findTitle(lines []*line, raw model.Raw, rep *Repeated) *line {
	if t := strings.TrimSpace(raw.Title); t != "" {
		key := fold.Key(t)
		for _, l := range lines[:min(len(lines), titleLines)] {
			if l.kept() && l.key == key {
				return l
			}
		}
		return nil
	}
	var kickers []*line // short labels before the headline
	for i, l := range lines {
		if !l.kept() {
			continue
		}
		if rep.Is(raw.Source, l.text) && l.words <= 3 {
			l.rule = RuleRepeated
			continue
		}
		var next *line
		if i+1 < len(lines) && lines[i+1].block == l.block {
			next = lines[i+1]
		}
		if isHeadline(l, next) {
			for _, k := range kickers {
				k.rule = RuleHead
			}
			return l
		}
		// A section label or a date may stand above the headline.
		if len(kickers) < maxKickers && l.words <= maxKickerWords && !isSentence(l.text) {
			kickers = append(kickers, l)
			continue
		}
		return nil
	}
	return nil
}

// isHeadline reports whether l reads as a headline: a few words, no
// sentence-final full stop, starting like a title, and either alone in
// its paragraph or followed by a line that starts a new sentence.
func isHeadline(l, next *line) bool {
	t := l.text
	if l.words < 2 || l.words > 30 || len([]rune(t)) > 250 || !startsUpper(t) {
		return false
	}
	// Two real words at least: "March 3, 2031" is a date, not a headline.
	full := 0
	for _, w := range strings.Fields(l.plainText()) {
		if len([]rune(w)) >= 2 && hasLetter(w) && strings.IndexFunc(w, unicode.IsDigit) < 0 && !monthNames[w] {
			full += countWords(w) // several for text written without spaces
		}
	}
	if full < 2 {
		return false
	}
	trimmed := strings.TrimRight(t, closers)
	if strings.HasSuffix(trimmed, ".") || strings.HasSuffix(trimmed, ",") ||
		strings.HasSuffix(trimmed, ";") || strings.HasSuffix(trimmed, ":") ||
		strings.HasSuffix(trimmed, "-") {
		return false
	}
	return next == nil || startsUpper(next.text)
}

// markRepeated marks the lines learned as a source's boilerplate, except
// the title.
func markRepeated(lines []*line, title *line, source string, rep *Repeated) {
	if rep == nil {
		return
	}
	for _, l := range lines {
		if l.kept() && l != title && rep.Is(source, l.text) {
			l.rule = RuleRepeated
		}
	}
}

// markHead marks short non-sentence lines (metadata, counters, ad labels)
// between the title and the first paragraph of prose.
func markHead(lines []*line, title *line) {
	if title == nil {
		return
	}
	var zone []*line
	found := false
	for _, b := range blocks(lines) {
		if b[len(b)-1].n <= title.n {
			continue
		}
		if isSentence(keptText(b, title)) {
			found = true
			break
		}
		zone = append(zone, b...)
	}
	if !found {
		return // no prose at all: nothing to tell metadata from
	}
	for _, l := range zone {
		if l.kept() && l != title && l.n > title.n && l.words <= maxHeadWords && !isSentence(l.text) {
			l.rule = RuleHead
		}
	}
}

// markTail marks what follows the last paragraph of prose when it is made
// of short non-sentence lines: navigation, widget labels, promotions,
// footers, signatures. Lists (bullets, or after a line ending in ':')
// are content and stop the rule.
func markTail(lines []*line, title *line) {
	bs := blocks(lines)
	last := -1
	for i := len(bs) - 1; i >= 0; i-- {
		if isSentence(keptText(bs[i], title)) {
			last = i
			break
		}
	}
	if last < 0 {
		return
	}
	if strings.HasSuffix(strings.TrimRight(keptText(bs[last], title), closers+" "), ":") {
		return
	}
	var tail []*line
	for _, b := range bs[last+1:] {
		for _, l := range b {
			if !l.kept() || l == title {
				continue
			}
			if isListItem(l.text) || strings.HasSuffix(strings.TrimRight(l.text, closers+" "), ":") {
				return // a list, or what a line ending in ':' introduces
			}
			tail = append(tail, l)
		}
	}
	for _, l := range tail {
		l.rule = RuleTail
	}
}

// blocks groups non-blank lines into their blank-line separated blocks.
func blocks(lines []*line) [][]*line {
	var out [][]*line
	for i, l := range lines {
		if i == 0 || l.block != lines[i-1].block {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], l)
	}
	return out
}

// keptText joins the kept lines of a block, except skip, with spaces.
func keptText(b []*line, skip *line) string {
	var parts []string
	for _, l := range b {
		if l.kept() && l != skip {
			parts = append(parts, l.text)
		}
	}
	return strings.Join(parts, " ")
}

// joinParagraphs builds the clean text: each block's kept lines other
// than the title, joined by a space; blocks joined by "\n\n".
func joinParagraphs(lines []*line, title *line) string {
	var paras []string
	for _, b := range blocks(lines) {
		if p := keptText(b, title); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}
