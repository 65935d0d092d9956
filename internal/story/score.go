package story

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// Scores compares a predicted clustering with a gold one.
type Scores struct {
	Docs        int // documents scored
	Predicted   int // predicted clusters among them
	Gold        int // gold clusters among them
	BCubedP     float64
	BCubedR     float64
	BCubedF1    float64
	PairP       float64 // pairs in one predicted cluster that share a gold cluster
	PairR       float64 // gold pairs that share a predicted cluster
	PairF1      float64
	PairTP      int
	PairPred    int
	PairGold    int
	GoldMissing int // gold documents absent from the prediction (not scored)
}

// Score computes BCubed and pairwise precision, recall and F1 of pred
// against gold over the documents of pred. Both map a document id to a
// cluster label; a document of pred absent from gold is a gold singleton.
func Score(pred, gold map[string]string) Scores {
	var s Scores
	type cell struct{ p, g string }
	cells := map[cell]int{}
	psize := map[string]int{}
	gsize := map[string]int{}
	glabel := func(id string) string {
		if g, ok := gold[id]; ok {
			return "g:" + g
		}
		return "single:" + id
	}
	for id, p := range pred {
		g := glabel(id)
		cells[cell{p, g}]++
		psize[p]++
		gsize[g]++
	}
	for id := range gold {
		if _, ok := pred[id]; !ok {
			s.GoldMissing++
		}
	}
	s.Docs, s.Predicted, s.Gold = len(pred), len(psize), len(gsize)
	if s.Docs == 0 {
		return s
	}
	pairs := func(n int) int { return n * (n - 1) / 2 }
	var bp, br float64
	for c, n := range cells {
		// Each of the n documents in this cell has n correct companions
		// (itself included).
		bp += float64(n) * float64(n) / float64(psize[c.p])
		br += float64(n) * float64(n) / float64(gsize[c.g])
		s.PairTP += pairs(n)
	}
	for _, n := range psize {
		s.PairPred += pairs(n)
	}
	for _, n := range gsize {
		s.PairGold += pairs(n)
	}
	s.BCubedP, s.BCubedR = bp/float64(s.Docs), br/float64(s.Docs)
	s.BCubedF1 = f1(s.BCubedP, s.BCubedR)
	if s.PairPred > 0 {
		s.PairP = float64(s.PairTP) / float64(s.PairPred)
	}
	if s.PairGold > 0 {
		s.PairR = float64(s.PairTP) / float64(s.PairGold)
	}
	s.PairF1 = f1(s.PairP, s.PairR)
	return s
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// GoldStory is one hand-labelled story of a gold file.
type GoldStory struct {
	Label string   `json:"label"`
	IDs   []string `json:"ids"`
}

// ReadGold reads a gold stories file, {"stories": [{"label", "ids"}]},
// and returns document id → story label (the label, else "#index").
// Documents not listed are singletons. A document listed in two stories
// is an error.
func ReadGold(r io.Reader) (map[string]string, error) {
	var f struct {
		Stories []GoldStory `json:"stories"`
	}
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("gold stories: %w", err)
	}
	out := map[string]string{}
	labels := map[string]bool{}
	for i, s := range f.Stories {
		label := s.Label
		if label == "" || labels[label] {
			label = fmt.Sprintf("#%d", i)
		}
		labels[label] = true
		ids := slices.Clone(s.IDs)
		slices.Sort(ids)
		for j, id := range ids {
			if j > 0 && ids[j-1] == id {
				continue
			}
			if prev, ok := out[id]; ok {
				return nil, fmt.Errorf("gold stories: document %q is in two stories (%s, %s)", id, prev, label)
			}
			out[id] = label
		}
	}
	return out, nil
}
