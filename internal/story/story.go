// Package story clusters documents about the same incident across
// languages and time, and says how each one relates to the story's lead:
// original, copy or translation (from dedup), follow-up by the same
// outlet, or an independent report by another.
package story

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/model"
)

// Options tunes clustering; the zero value means the defaults.
type Options struct {
	// Threshold is the weighted anchor overlap two groups need to share a
	// story (default 0.3).
	Threshold float64
	// MinShared is the number of distinct shared name or acronym anchors
	// two groups need (default 3).
	MinShared int
	// MaxDays is the largest gap in publication dates inside one story
	// when both are dated (default 60).
	MaxDays float64
}

func (o Options) withDefaults() Options {
	if o.Threshold == 0 {
		o.Threshold = 0.3
	}
	if o.MinShared == 0 {
		o.MinShared = 3
	}
	if o.MaxDays == 0 {
		o.MaxDays = 60
	}
	return o
}

// Result is the clustering of a document set.
type Result struct {
	Stories   []model.Story
	StoryOf   map[string]string         // document id → story id
	Relations map[string]model.Relation // document id → relation
}

// unit is one dedup group: an article and its copies and translations.
type unit struct {
	g       dedup.Group
	docs    []*model.Doc
	lead    *model.Doc
	names   map[string]float64 // name/acronym keys → weight
	outlet  string
	later   int   // count of cues that the text follows earlier reports
	pub     int64 // earliest publication (unix), 0 if unknown
	surface map[string]string
}

// Cluster groups docs into stories. Groups from dedup stay whole; two
// groups join when they share enough distinctive names and acronyms
// (weighted by rarity across the corpus) and, when dated, are close in
// time. The result does not depend on the order of docs.
func Cluster(docs []model.Doc, groups []dedup.Group, opt Options) Result {
	opt = opt.withDefaults()
	byID := map[string]*model.Doc{}
	for i := range docs {
		byID[docs[i].ID] = &docs[i]
	}
	df := map[string]int{}
	units := make([]*unit, 0, len(groups))
	for _, g := range groups {
		u := &unit{g: g, names: map[string]float64{}, surface: map[string]string{}}
		for _, id := range g.Members {
			if d := byID[id]; d != nil {
				u.docs = append(u.docs, d)
			}
		}
		u.lead = byID[g.Original]
		if u.lead == nil {
			continue
		}
		for _, d := range u.docs {
			for _, a := range d.Anchors {
				if a.Kind != model.AnchorName && a.Kind != model.AnchorAcronym {
					continue
				}
				if len([]rune(a.Key)) < 3 {
					continue
				}
				u.names[a.Key] = 1
				u.surface[a.Key] = a.Surface
			}
			if !d.Published.IsZero() {
				p := d.Published.Unix()
				if u.pub == 0 || p < u.pub {
					u.pub = p
				}
			}
		}
		for k := range u.names {
			df[k]++
		}
		// The outlet of a group is the one its original names, else any
		// member's (a scraper may have renamed it in a translation).
		u.outlet = Outlet(u.lead.Text)
		for _, d := range u.docs {
			if u.outlet == "" {
				u.outlet = Outlet(d.Text)
			}
		}
		u.later = laterCues(u.lead.Text)
		units = append(units, u)
	}
	n := float64(len(units))
	for _, u := range units {
		for k := range u.names {
			// Rare names weigh more; a name in every unit still counts a little.
			u.names[k] = math.Log(1 + n/float64(df[k]))
		}
	}
	// Candidate pairs through an inverted index of names.
	index := map[string][]int{}
	for i, u := range units {
		for k := range u.names {
			index[k] = append(index[k], i)
		}
	}
	parent := make([]int, len(units))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	why := map[[2]int]string{}
	for i, u := range units {
		cands := map[int]bool{}
		for k := range u.names {
			for _, j := range index[k] {
				if j > i {
					cands[j] = true
				}
			}
		}
		for j := range cands {
			v := units[j]
			if u.pub != 0 && v.pub != 0 && math.Abs(float64(u.pub-v.pub))/86400 > opt.MaxDays {
				continue
			}
			score, shared := overlap(u, v)
			if len(shared) < opt.MinShared || score < opt.Threshold {
				continue
			}
			why[[2]int{i, j}] = fmt.Sprintf("shares %d names (%s), weighted overlap %.2f", len(shared), strings.Join(firstN(shared, 6), ", "), score)
			a, b := find(i), find(j)
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	comp := map[int][]*unit{}
	for i, u := range units {
		r := find(i)
		comp[r] = append(comp[r], u)
	}
	res := Result{StoryOf: map[string]string{}, Relations: map[string]model.Relation{}}
	for _, us := range comp {
		res.Stories = append(res.Stories, relate(us, why, units, &res))
	}
	slices.SortFunc(res.Stories, func(a, b model.Story) int { return cmp.Compare(a.ID, b.ID) })
	return res
}

// relate orders a story's units, picks its lead and sets each document's
// relation and the story's explanations.
func relate(us []*unit, why map[[2]int]string, all []*unit, res *Result) model.Story {
	// The lead unit: earliest published if all are dated; otherwise the one
	// with the fewest signs of following earlier reports, then the most
	// copies and translations (the article that spread), then the longest.
	dated := true
	for _, u := range us {
		if u.pub == 0 {
			dated = false
		}
	}
	slices.SortFunc(us, func(a, b *unit) int {
		if dated && a.pub != b.pub {
			return cmp.Compare(a.pub, b.pub)
		}
		if a.later != b.later {
			return cmp.Compare(a.later, b.later)
		}
		if len(a.g.Members) != len(b.g.Members) {
			return cmp.Compare(len(b.g.Members), len(a.g.Members))
		}
		if la, lb := len(a.lead.Text), len(b.lead.Text); la != lb {
			return cmp.Compare(lb, la)
		}
		return cmp.Compare(a.lead.ID, b.lead.ID)
	})
	lead := us[0]
	st := model.Story{ID: storyID(lead.lead.ID), Why: map[string]string{}}
	pos := map[*unit]int{}
	for i, u := range all {
		pos[u] = i
	}
	for k, u := range us {
		for _, id := range u.g.Members {
			st.Docs = append(st.Docs, id)
			res.StoryOf[id] = st.ID
		}
		if r, ok := u.g.Rel[u.lead.ID]; ok { // never: the lead is the group's original
			res.Relations[u.lead.ID] = r
		}
		for id, r := range u.g.Rel {
			res.Relations[id] = r
			st.Why[id] = fmt.Sprintf("%s of %s: %s", r.Type, r.Of, r.Why)
		}
		if k == 0 {
			res.Relations[u.lead.ID] = model.Relation{Type: model.RelOriginal}
			st.Why[u.lead.ID] = "lead article of the story"
			continue
		}
		r := model.Relation{Type: model.RelIndependent}
		if sameOutlet(u.outlet, lead.outlet) {
			r = model.Relation{Type: model.RelFollowUp, Of: lead.lead.ID,
				Why: fmt.Sprintf("same outlet (%s), later report with new text", u.outlet)}
		} else if u.outlet != "" {
			r.Why = fmt.Sprintf("another outlet (%s) on the same story", u.outlet)
		}
		res.Relations[u.lead.ID] = r
		// Explain membership through the strongest link to a unit before it.
		link := ""
		for _, v := range us[:k] {
			i, j := pos[u], pos[v]
			if w, ok := why[[2]int{min(i, j), max(i, j)}]; ok {
				link = fmt.Sprintf("with %s: %s", v.lead.ID, w)
				break
			}
		}
		if link == "" {
			link = "through other members of the story"
		}
		st.Why[u.lead.ID] = fmt.Sprintf("%s; %s", r.Type, link)
	}
	slices.Sort(st.Docs)
	return st
}

func overlap(u, v *unit) (float64, []string) {
	var shared []string
	var s, su, sv float64
	for k, w := range u.names {
		su += w
		if _, ok := v.names[k]; ok {
			s += w
			shared = append(shared, u.surface[k])
		}
	}
	for _, w := range v.names {
		sv += w
	}
	if su == 0 || sv == 0 {
		return 0, nil
	}
	slices.Sort(shared)
	return s / min(su, sv), shared
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func storyID(lead string) string {
	h := sha256.Sum256([]byte(lead))
	return "s-" + hex.EncodeToString(h[:6])
}

// outletPatterns find the publication that reports a story: the name
// that statements are made to, or that reports what it "understands".
var outletPatterns = []*regexp.Regexp{
	regexp.MustCompile(`\b(?:told|telling|confirmed to|contacted by|reached by|questions from|statement with|(?:statement|email|e-mail|comment|response)s?(?:\s+(?:given|sent|provided|emailed))?\s+to)\s+(?:the\s+)?((?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3}?)(?:[’']s)?(?:\s*[:,.;]|\s+[a-z])`),
	regexp.MustCompile(`\b((?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?:understands|has learned|has learnt|found|has contacted|contacted|reached out|has reached out|was unable|has asked|asked)\b`),
}

// Outlet guesses which publication wrote text from how it refers to
// itself ("told TechCrunch", "the Ledger understands"): the name used that
// way most often, a short form counting for the full name the text also
// uses ("the Gazette" for "the Harbour Gazette"). It returns "" when no
// name is.
func Outlet(text string) string {
	counts := Outlets(text)
	best, bn := "", 0
	for name, c := range counts {
		longer := false
		for other, oc := range counts {
			if shortForm(other, name) {
				c += oc
			}
			longer = longer || shortForm(name, other)
		}
		if longer {
			continue
		}
		if c > bn || (c == bn && name < best) {
			best, bn = name, c
		}
	}
	return best
}

// sameOutlet reports whether two outlet names name one publication: equal
// but for case, or one the short form of the other.
func sameOutlet(a, b string) bool {
	return a != "" && b != "" && (strings.EqualFold(a, b) || shortForm(a, b) || shortForm(b, a))
}

// shortForm reports whether short is the last words of long ("Gazette"
// of "Harbour Gazette").
func shortForm(short, long string) bool {
	return len(short) < len(long) && strings.HasSuffix(strings.ToLower(long), " "+strings.ToLower(short))
}

// Outlets counts the names text uses the way a publication refers to
// itself or to other publications ("told X", "X understands").
func Outlets(text string) map[string]int {
	counts := map[string]int{}
	for i, re := range outletPatterns {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			name := outletName(m[1], i == 0)
			words := strings.Fields(name)
			if len(words) > 1 && words[0] == "The" && selfRef.MatchString(m[0]) {
				// "The Ledger understands" opens a sentence.
				words = words[1:]
			}
			if len(words) == 0 || outletStop[strings.ToLower(words[0])] {
				continue
			}
			counts[strings.Join(words, " ")]++
		}
	}
	return counts
}

// selfRef ends the matches of the second pattern in which a publication
// speaks of itself.
var selfRef = regexp.MustCompile(`(?:understands|has learned|has learnt)$`)

// paraBreak separates paragraphs.
var paraBreak = regexp.MustCompile(`\n[ \t]*\n`)

// outletName cleans the name a pattern caught: names do not run across a
// paragraph or a sentence ("Hastings.\n\nTechCrunch understands"), so it
// keeps the part before the first break when the name follows its cue
// ("told X"), else the part after the last one; and it drops a
// possessive ("the Gazette's reporter").
func outletName(s string, first bool) string {
	parts := paraBreak.Split(s, -1)
	part := parts[len(parts)-1]
	if first {
		part = parts[0]
	}
	words := strings.Fields(part)
	// A word that ends a sentence: "Hastings." but not "U.K.".
	ends := func(w string) bool { return strings.HasSuffix(w, ".") && strings.Count(w, ".") == 1 }
	if first {
		for i, w := range words[:max(len(words)-1, 0)] {
			if ends(w) {
				words[i] = strings.TrimSuffix(w, ".")
				words = words[:i+1]
				break
			}
		}
	} else {
		for i := len(words) - 2; i >= 0; i-- {
			if ends(words[i]) {
				words = words[i+1:]
				break
			}
		}
	}
	if n := len(words); n > 0 {
		words[n-1] = strings.TrimSuffix(strings.TrimSuffix(words[n-1], "'s"), "’s")
	}
	return strings.Join(words, " ")
}

var outletStop = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true, "the": true,
	"this": true, "that": true, "a": true, "an": true, "who": true, "which": true, "police": true,
}

// laterCues counts phrases showing that a text follows earlier reports.
var laterRe = regexp.MustCompile(`(?i)\b(?:last week|a week (?:after|later|on)|days (?:after|later)|weeks (?:after|later)|(?:has|have) now been|remains? (?:down|offline|unavailable|unable|disrupted)|continues? to (?:experience|cause|investigate)|reiterated|updated (?:notice|statement)|earlier this (?:week|month)|as previously reported|previously reported|follow(?:s|ed)? (?:up|our report))\b`)

func laterCues(text string) int {
	return len(laterRe.FindAllStringIndex(text, -1))
}
