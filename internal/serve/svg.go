package serve

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/graph"
	"github.com/casefile/casefile/internal/model"
)

// Graph is a supplier graph: who supplies whom, and the suspected way in.
type Graph struct {
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

// Node is an organisation, product or incident in a graph.
type Node struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	// Kind is victim, shared_service_provider, supplier, product, vendor
	// or incident.
	Kind string `json:"kind"`
	Link string `json:"link,omitempty"`
	col  int    // layout column, left to right
}

// Edge links two nodes.
type Edge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label"`
}

func nodeID(kind, name string) string { return kind + ":" + fold.Key(name) }

// incidentGraph draws an incident's supply chain: vendor → product →
// (the shared-service providers, else the victims), supplier → shared-
// service providers (else the victims), shared-service provider →
// victims.
func incidentGraph(inc *model.Incident) Graph {
	var g Graph
	seen := map[string]bool{}
	add := func(kind, name string, col int, link string) string {
		id := nodeID(kind, name)
		if !seen[id] {
			seen[id] = true
			g.Nodes = append(g.Nodes, Node{ID: id, Label: name, Kind: kind, Link: link, col: col})
		}
		return id
	}
	var victims, shared, suppliers []string
	for _, v := range inc.Victims {
		victims = append(victims, add("victim", v.Name, 3, ""))
	}
	for _, p := range inc.Providers {
		switch p.Role {
		case model.RoleSharedService:
			shared = append(shared, add(p.Role, p.Name, 2, exposureLink(p.Name)))
		default:
			suppliers = append(suppliers, add(model.RoleSupplier, p.Name, 1, exposureLink(p.Name)))
		}
	}
	edge := func(from, to, label string) { g.Edges = append(g.Edges, Edge{From: from, To: to, Label: label}) }
	servedBy := shared
	if len(servedBy) == 0 {
		servedBy = victims
	}
	for _, s := range shared {
		for _, v := range victims {
			edge(s, v, "serves")
		}
	}
	for _, s := range suppliers {
		for _, t := range servedBy {
			edge(s, t, "runs or supplies")
		}
	}
	if vec := inc.Vector; vec != nil && (vec.Product != "" || vec.Vendor != "") {
		label := "suspected way in"
		if vec.Confidence != "" {
			label = vec.Confidence + " way in"
		}
		var entry string
		if vec.Product != "" {
			entry = add("product", vec.Product, 1, exposureLink(vec.Product))
		}
		if vec.Vendor != "" {
			vendor := add("vendor", vec.Vendor, 0, exposureLink(vec.Vendor))
			if entry != "" {
				edge(vendor, entry, "makes")
			} else {
				entry = vendor
			}
		}
		for _, t := range servedBy {
			edge(entry, t, label)
		}
	}
	if g.Nodes == nil {
		g.Nodes = []Node{}
	}
	if g.Edges == nil {
		g.Edges = []Edge{}
	}
	return g
}

// exposureGraph draws the exposure of a name: what it matched → the
// incidents → their victims.
func exposureGraph(links []graph.Link) Graph {
	g := Graph{Nodes: []Node{}, Edges: []Edge{}}
	seen := map[string]bool{}
	add := func(kind, id, label string, col int, link string) string {
		if !seen[id] {
			seen[id] = true
			g.Nodes = append(g.Nodes, Node{ID: id, Label: label, Kind: kind, Link: link, col: col})
		}
		return id
	}
	edges := map[[2]string]bool{}
	edge := func(from, to, label string) {
		if !edges[[2]string{from, to}] {
			edges[[2]string{from, to}] = true
			g.Edges = append(g.Edges, Edge{From: from, To: to, Label: label})
		}
	}
	for _, l := range links {
		role := l.Role
		if role != model.RoleSharedService && role != model.RoleSupplier && role != "product" && role != "vendor" {
			role = model.RoleSupplier
		}
		via := add(role, nodeID(role, l.Via), l.Via, 0, "")
		inc := add("incident", "incident:"+l.Incident, l.Title, 1, incidentLink(l.Incident))
		vic := add("victim", nodeID("victim", l.Victim), l.Victim, 2, "")
		edge(via, inc, roleName(l.Role))
		edge(inc, vic, "victim")
	}
	return g
}

// SVG layout: columns left to right, nodes stacked in each column, edges
// as curves from a node's right side to the next node's left side. The
// drawing is computed here and printed by the svg template (no script,
// no layout library: the graphs are small and layered by construction).
const (
	svgRowHeight = 44
	svgNodeH     = 30
	svgColGap    = 70
	svgMargin    = 12
	svgCharW     = 7.2 // average width of a character at the stylesheet's 12px
	svgMaxChars  = 42
)

// svgGraph is a laid-out graph for the svg template.
type svgGraph struct {
	Width, Height int
	Nodes         []svgNode
	Edges         []svgEdge
	Title         string
	// ShowLabels prints edge labels; on busy graphs they stay in the
	// edges' tooltips.
	ShowLabels bool
}

type svgNode struct {
	Node
	X, Y, W, H int
	TextX      int
	TextY      int
	Short      string // the label, clipped to fit
}

type svgEdge struct {
	Edge
	D          string // path data
	LabelX     int
	LabelY     int
	FromLabel  string
	ToLabel    string
	ShortLabel string
}

func clipLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// layout places g's nodes and routes its edges.
func layout(g Graph, title string) svgGraph {
	out := svgGraph{Title: title}
	if len(g.Nodes) == 0 {
		return out
	}
	var cols []int
	for _, n := range g.Nodes {
		if !slices.Contains(cols, n.col) {
			cols = append(cols, n.col)
		}
	}
	slices.Sort(cols)
	colWidth := map[int]int{}
	colCount := map[int]int{}
	for _, n := range g.Nodes {
		w := int(float64(len([]rune(clipLabel(n.Label, svgMaxChars))))*svgCharW) + 24
		colWidth[n.col] = max(colWidth[n.col], w)
		colCount[n.col]++
	}
	rows := 0
	for _, c := range cols {
		rows = max(rows, colCount[c])
	}
	height := rows*svgRowHeight + 2*svgMargin
	colX := map[int]int{}
	x := svgMargin
	for _, c := range cols {
		colX[c] = x
		x += colWidth[c] + svgColGap
	}
	out.ShowLabels = len(g.Edges) <= 8
	out.Width = x - svgColGap + svgMargin
	out.Height = height
	placed := map[string]svgNode{}
	index := map[int]int{}
	for _, n := range g.Nodes {
		i := index[n.col]
		index[n.col]++
		// Centre each column vertically.
		top := svgMargin + (rows-colCount[n.col])*svgRowHeight/2
		sn := svgNode{Node: n, X: colX[n.col], Y: top + i*svgRowHeight + (svgRowHeight-svgNodeH)/2,
			W: colWidth[n.col], H: svgNodeH, Short: clipLabel(n.Label, svgMaxChars)}
		sn.TextX, sn.TextY = sn.X+12, sn.Y+svgNodeH/2+4
		placed[n.ID] = sn
		out.Nodes = append(out.Nodes, sn)
	}
	degree := map[string]int{}
	for _, e := range g.Edges {
		degree[e.From]++
		degree[e.To]++
	}
	for _, e := range g.Edges {
		a, okA := placed[e.From]
		b, okB := placed[e.To]
		if !okA || !okB {
			continue
		}
		x1, y1 := a.X+a.W, a.Y+a.H/2
		x2, y2 := b.X-2, b.Y+b.H/2
		if b.X < a.X+a.W { // same or earlier column: route from the bottom
			x1, y1 = a.X+a.W/2, a.Y+a.H
			x2, y2 = b.X+b.W/2, b.Y-2
		}
		mid := (x1 + x2) / 2
		// The label sits beside the end with fewer edges, so the labels
		// of a node's many edges do not pile up on one spot.
		lx, ly := x1+(x2-x1)/4, y1-4
		if degree[e.From] > degree[e.To] {
			lx, ly = x2-(x2-x1)/4, y2-4
		}
		se := svgEdge{Edge: e, FromLabel: a.Label, ToLabel: b.Label, ShortLabel: clipLabel(e.Label, 20),
			D:      fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", x1, y1, mid, y1, mid, y2, x2, y2),
			LabelX: lx, LabelY: ly}
		out.Edges = append(out.Edges, se)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
