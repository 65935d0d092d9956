package graph

import (
	"testing"

	"github.com/casefile/casefile/internal/model"
)

func ev(doc string) []model.Evidence {
	return []model.Evidence{{Doc: doc, Start: 0, End: 4, Text: "text"}}
}

var incidents = []model.Incident{
	{ID: "i-1", Title: "Councils hit", Victims: []model.Entity{{Name: "Marlow Council", Evidence: ev("a")}, {Name: "Orrin Council", Evidence: ev("a")}},
		Providers: []model.Provider{{Name: "Brackwater Systems", Aliases: []string{"Brackwater"}, Role: model.RoleSupplier, Evidence: ev("a")}},
		Vector:    &model.Vector{Product: "Tidegate Secure Gateway", Vendor: "Corvane Networks", Evidence: ev("b")}},
	{ID: "i-2", Title: "Port hit", Victims: []model.Entity{{Name: "Saltmere Port", Evidence: ev("c")}},
		Providers: []model.Provider{{Name: "Brackwater Systems", Role: model.RoleSupplier, Evidence: ev("c")}}},
	{ID: "i-3", Title: "Unrelated", Victims: []model.Entity{{Name: "Kell Hospital", Evidence: ev("d")}}},
}

func TestExposure(t *testing.T) {
	tests := []struct {
		name    string
		victims []string
	}{
		{"Brackwater Systems", []string{"Marlow Council", "Orrin Council", "Saltmere Port"}},
		{"brackwater", []string{"Marlow Council", "Orrin Council", "Saltmere Port"}},
		{"Tidegate Secure", []string{"Marlow Council", "Orrin Council"}},
		{"CORVANE NETWORKS", []string{"Marlow Council", "Orrin Council"}},
		{"Kell", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got := Exposure(incidents, tt.name)
		var vs []string
		for _, l := range got {
			vs = append(vs, l.Victim)
			if len(l.ViaEvidence) == 0 || len(l.VictimEvidence) == 0 {
				t.Errorf("%s: link without evidence: %+v", tt.name, l)
			}
		}
		if len(vs) != len(tt.victims) {
			t.Errorf("Exposure(%q) = %v, want %v", tt.name, vs, tt.victims)
			continue
		}
		for i := range vs {
			if vs[i] != tt.victims[i] {
				t.Errorf("Exposure(%q) = %v, want %v", tt.name, vs, tt.victims)
			}
		}
	}
}

func TestSuppliers(t *testing.T) {
	ns := Suppliers(incidents)
	if len(ns) != 3 || ns[0].Name != "Brackwater Systems" || len(ns[0].Victims) != 3 || len(ns[0].Incidents) != 2 {
		t.Errorf("Suppliers = %+v", ns)
	}
}
