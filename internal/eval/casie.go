// Package eval reads evaluation data sets and computes the metrics of
// shared/docs/EVAL.md, so that `casefile eval ...` commands report
// figures that can be compared with the published ones.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/casefile/casefile/internal/fold"
)

// CASIEArticle is one article of the CASIE corpus with its annotated
// events.
type CASIEArticle struct {
	ID     string       `json:"id"`
	Title  string       `json:"title"`
	Date   string       `json:"date"`
	URL    string       `json:"url"`
	Text   string       `json:"text"`
	Events []CASIEEvent `json:"events"`
}

// Published is the article's date ("2018_11_09"), zero when it has
// none or it does not parse.
func (a CASIEArticle) Published() time.Time {
	t, err := time.Parse("2006_01_02", a.Date)
	if err != nil {
		return time.Time{}
	}
	return t
}

// CASIEEvent is one annotated event: its type, whether it happened
// (realis "Actual") and its arguments by role.
type CASIEEvent struct {
	Type      string                `json:"type"`
	Realis    string                `json:"realis"`
	Nugget    CASIEArg              `json:"nugget"`
	Arguments map[string][]CASIEArg `json:"arguments"`
}

// CASIEArg is one event argument.
type CASIEArg struct {
	Text  string `json:"text"`
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// ReadCASIE reads CASIE JSON Lines; a bad line is an error naming it.
func ReadCASIE(r io.Reader, name string) ([]CASIEArticle, error) {
	var out []CASIEArticle
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var a CASIEArticle
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if a.ID == "" || a.Text == "" {
			return nil, fmt.Errorf("%s:%d: missing id or text", name, n)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// EventTypes are the CASIE event types scored.
var EventTypes = []string{"Databreach", "Phishing", "Ransom", "DiscoverVulnerability", "PatchVulnerability"}

// GoldVictims are the named victim organisations of an article: Victim
// arguments of type Organization in events that happened, whose text has
// a capitalised word other than an article.
func (a CASIEArticle) GoldVictims() []string {
	var out []string
	for _, e := range a.Events {
		if e.Realis != "Actual" {
			continue
		}
		for _, v := range e.Arguments["Victim"] {
			if v.Type == "Organization" && Named(v.Text) {
				out = append(out, v.Text)
			}
		}
	}
	return uniqueFolded(out)
}

// Named reports whether a mention names something: a word other than an
// article starts with a capital letter.
func Named(s string) bool {
	for i, w := range strings.Fields(s) {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) {
			continue
		}
		if lw := strings.ToLower(w); i == 0 && (lw == "the" || lw == "a" || lw == "an") {
			continue
		}
		return true
	}
	return false
}

var cveRe = regexp.MustCompile(`(?i)\bCVE-\d{4}-\d{4,7}\b`)

// cveTail is an argument that gives only the number of an id whose year
// an earlier argument gave ("CVE-2018-1156, -1157, -1158").
var cveTail = regexp.MustCompile(`^-(\d{4,7})$`)

// GoldCVEs are the CVE ids annotated as CVE arguments; an argument "-1157"
// after "CVE-2018-1156" is CVE-2018-1157.
func (a CASIEArticle) GoldCVEs() []string {
	var out []string
	for _, e := range a.Events {
		year := ""
		for _, c := range e.Arguments["CVE"] {
			if m := cveTail.FindStringSubmatch(strings.TrimSpace(c.Text)); m != nil && year != "" {
				out = append(out, "CVE-"+year+"-"+m[1])
				continue
			}
			for _, id := range cveRe.FindAllString(c.Text, -1) {
				id = strings.ToUpper(id)
				out = append(out, id)
				year = id[len("CVE-") : len("CVE-")+4]
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// GoldTypes are the event types annotated in the article.
func (a CASIEArticle) GoldTypes() []string {
	var out []string
	for _, e := range a.Events {
		out = append(out, e.Type)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func uniqueFolded(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		k := fold.Key(s)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// Counts are true positives, false positives and false negatives.
type Counts struct{ TP, FP, FN int }

// Add adds other to c.
func (c *Counts) Add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// P is precision (1 when nothing was predicted).
func (c Counts) P() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// R is recall (1 when nothing was expected).
func (c Counts) R() float64 {
	if c.TP+c.FN == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// F1 is the harmonic mean of P and R.
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// MatchNames counts matches between gold and predicted names after case
// and accent folding; a name over three characters also matches one that
// contains it or is contained in it. Each name matches at most once.
func MatchNames(gold, pred []string) Counts {
	ents := make([][]string, len(pred))
	for i, p := range pred {
		ents[i] = []string{p}
	}
	return MatchEntities(gold, ents)
}

// MatchEntities is MatchNames for predicted entities that each have a
// canonical name and the aliases the text gives it ("US Postal Service",
// "USPS"): a gold name matches an entity when it matches the name as
// MatchNames does, or equals one of the aliases after folding. Aliases
// are often short forms ("Atlanta" of "City of Atlanta"), so containment
// would match them inside other names ("Atlanta airport"). Each gold name
// and each entity match at most once, and the matching is a largest one.
//
// CASIE lists mentions, not organisations: one article's gold may hold
// "Walt Disney" and "Disney", or "Defense Point Security (DPS)" and
// "DPS". The score is over organisations, so gold names that name one
// organisation by the gold alone (see sameOrg) count as one when missed:
// a name left unmatched is no false negative when a gold name it names
// one organisation with is matched. Mentions a system tells apart and
// matches separately ("Holiday Inn", "Holiday Inn Express") still count
// each.
func MatchEntities(gold []string, pred [][]string) Counts {
	keys := make([][]string, len(pred))
	for j, names := range pred {
		for _, n := range names {
			keys[j] = append(keys[j], fold.Key(n))
		}
	}
	gk := make([]string, len(gold))
	for i, g := range gold {
		gk[i] = fold.Key(g)
	}
	edge := func(i, j int) bool {
		return namesMatch(gk[i], keys[j][0]) || slices.Contains(keys[j][1:], gk[i])
	}
	// A largest matching, by augmenting paths (Kuhn's algorithm): a gold
	// list and an article's victims are a handful of names each, and a
	// greedy pass can strand a name whose only match another took first.
	goldOf := make([]int, len(pred)) // the gold name an entity matches, or -1
	for j := range goldOf {
		goldOf[j] = -1
	}
	var augment func(i int, seen []bool) bool
	augment = func(i int, seen []bool) bool {
		for j := range pred {
			if seen[j] || !edge(i, j) {
				continue
			}
			seen[j] = true
			if goldOf[j] < 0 || augment(goldOf[j], seen) {
				goldOf[j] = i
				return true
			}
		}
		return false
	}
	matched := make([]bool, len(gold))
	var c Counts
	for i := range gold {
		if augment(i, make([]bool, len(pred))) {
			c.TP++
		}
	}
	for _, i := range goldOf {
		if i < 0 {
			c.FP++
		} else {
			matched[i] = true
		}
	}
	// A group of gold names with a match has no false negative; one
	// without has one, as it is one organisation missed.
	group := goldOrgs(gold)
	found := map[int]bool{}
	for i, m := range matched {
		if m {
			found[group[i]] = true
		}
	}
	for i, m := range matched {
		if !m && !found[group[i]] {
			found[group[i]] = true // one organisation, one miss
			c.FN++
		}
	}
	return c
}

// goldOrgs numbers the organisations of an article's gold names: two
// names are one organisation when one names the other as MatchNames
// would match them, without a leading article, either taken whole or as
// the name or the parenthesised short form of "Name (SHORT)". The
// grouping is transitive.
func goldOrgs(gold []string) []int {
	names := make([][]string, len(gold))
	for i, g := range gold {
		names[i] = []string{orgKey(g)}
		if m := reParenthesised.FindStringSubmatch(g); m != nil {
			names[i] = append(names[i], orgKey(m[1]), orgKey(m[2]))
		}
	}
	group := make([]int, len(gold))
	for i := range group {
		group[i] = i
	}
	root := func(i int) int {
		for group[i] != i {
			i = group[i]
		}
		return i
	}
	for i := range gold {
		for j := i + 1; j < len(gold); j++ {
			if sameOrg(names[i], names[j]) {
				group[root(i)] = root(j)
			}
		}
	}
	for i := range group {
		group[i] = root(i)
	}
	return group
}

// orgKey is a gold name folded, without a leading article: "the Disney"
// names Disney.
func orgKey(s string) string {
	k := fold.Key(s)
	for _, a := range []string{"the ", "a ", "an "} {
		if rest, ok := strings.CutPrefix(k, a); ok {
			return rest
		}
	}
	return k
}

// reParenthesised is a name followed by its short form in parentheses:
// "Qatar National Bank (QNB)".
var reParenthesised = regexp.MustCompile(`^(.+?)\s*\(([^()]+)\)\s*$`)

// sameOrg reports whether any of a's names matches any of b's.
func sameOrg(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x != "" && y != "" && namesMatch(x, y) {
				return true
			}
		}
	}
	return false
}

// namesMatch reports whether two folded names are one: equal, or, over
// three characters, one contains the other's words.
func namesMatch(gk, pk string) bool {
	return gk == pk || len(gk) > 3 && len(pk) > 3 && (containsWords(gk, pk) || containsWords(pk, gk))
}

// containsWords reports whether the words of b appear in a, in order and
// adjacent ("acme" in "acme corp", not "acme" in "acmes").
func containsWords(a, b string) bool {
	return strings.Contains(" "+a+" ", " "+b+" ")
}

// MatchSets counts exact matches between two sets of strings.
func MatchSets(gold, pred []string) Counts {
	var c Counts
	g := map[string]bool{}
	for _, s := range gold {
		g[s] = true
	}
	p := map[string]bool{}
	for _, s := range pred {
		if p[s] {
			continue
		}
		p[s] = true
		if g[s] {
			c.TP++
		} else {
			c.FP++
		}
	}
	for s := range g {
		if !p[s] {
			c.FN++
		}
	}
	return c
}
