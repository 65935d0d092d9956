// Package graph links incidents through the organisations and products
// they share: a provider or supplier and the victims it serves, a product
// and the incidents it is suspected in. It answers "who else is exposed
// through this supplier?" with the evidence for every link.
package graph

import (
	"cmp"
	"slices"
	"strings"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
)

// Link is one victim exposed through a provider or product in one
// incident, with the sentences that tie them.
type Link struct {
	Incident string // incident id
	Title    string
	Via      string // the provider, supplier, product or vendor matched
	Role     string // shared_service_provider, supplier, product, vendor
	Victim   string
	// Evidence holds the sentences naming the provider (or product) and
	// those naming the victim.
	ViaEvidence    []model.Evidence
	VictimEvidence []model.Evidence
}

// Exposure lists every victim linked to name as a provider, supplier,
// product or vendor in any incident. Names match after case and accent
// folding, on the canonical name or any alias, or as a whole-word part of
// a longer name ("Pulse Secure" matches "Pulse Secure VPN").
func Exposure(incidents []model.Incident, name string) []Link {
	key := fold.Key(name)
	if key == "" {
		return nil
	}
	var out []Link
	for _, inc := range incidents {
		type via struct {
			name, role string
			ev         []model.Evidence
		}
		var vs []via
		for _, p := range inc.Providers {
			if matches(key, p.Name, p.Aliases) {
				vs = append(vs, via{p.Name, p.Role, p.Evidence})
			}
		}
		if v := inc.Vector; v != nil {
			if v.Product != "" && matches(key, v.Product, nil) {
				vs = append(vs, via{v.Product, "product", v.Evidence})
			}
			if v.Vendor != "" && matches(key, v.Vendor, nil) {
				vs = append(vs, via{v.Vendor, "vendor", v.Evidence})
			}
		}
		for _, v := range vs {
			for _, victim := range inc.Victims {
				out = append(out, Link{Incident: inc.ID, Title: inc.Title, Via: v.name, Role: v.role,
					Victim: victim.Name, ViaEvidence: v.ev, VictimEvidence: victim.Evidence})
			}
		}
	}
	slices.SortFunc(out, func(a, b Link) int {
		if c := cmp.Compare(a.Incident, b.Incident); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Via, b.Via); c != 0 {
			return c
		}
		return cmp.Compare(a.Victim, b.Victim)
	})
	return out
}

// Matches reports whether query names the entity called name (or one of
// its aliases), as Exposure matches: after case and accent folding, the
// whole name or a whole-word part of it.
func Matches(query, name string, aliases []string) bool {
	key := fold.Key(query)
	return key != "" && matches(key, name, aliases)
}

func matches(key, name string, aliases []string) bool {
	for _, n := range append([]string{name}, aliases...) {
		k := fold.Key(n)
		if k == key || strings.Contains(" "+k+" ", " "+key+" ") {
			return true
		}
	}
	return false
}

// Node is an organisation or product in the supplier graph with the
// incidents and victims linked to it.
type Node struct {
	Name      string
	Role      string // shared_service_provider, supplier, product, vendor
	Incidents []string
	Victims   []string
}

// Suppliers lists every provider, supplier, product and vendor named in
// the incidents, each with its incidents and victims: the graph's edges
// provider → customers and product → incidents.
func Suppliers(incidents []model.Incident) []Node {
	nodes := map[string]*Node{}
	add := func(name, role, inc string, victims []model.Entity) {
		k := role + "\x00" + fold.Key(name)
		n := nodes[k]
		if n == nil {
			n = &Node{Name: name, Role: role}
			nodes[k] = n
		}
		n.Incidents = append(n.Incidents, inc)
		for _, v := range victims {
			n.Victims = append(n.Victims, v.Name)
		}
	}
	for _, inc := range incidents {
		for _, p := range inc.Providers {
			add(p.Name, p.Role, inc.ID, inc.Victims)
		}
		if v := inc.Vector; v != nil {
			if v.Product != "" {
				add(v.Product, "product", inc.ID, inc.Victims)
			}
			if v.Vendor != "" {
				add(v.Vendor, "vendor", inc.ID, inc.Victims)
			}
		}
	}
	var out []Node
	for _, n := range nodes {
		slices.Sort(n.Incidents)
		n.Incidents = slices.Compact(n.Incidents)
		slices.Sort(n.Victims)
		n.Victims = slices.Compact(n.Victims)
		out = append(out, *n)
	}
	slices.SortFunc(out, func(a, b Node) int {
		if c := cmp.Compare(len(b.Victims), len(a.Victims)); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}
