package stixcheck

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/sharedtest"
)

// needSchemas returns the OASIS STIX 2.1 schemas in ../shared, or skips.
func needSchemas(t *testing.T) string {
	t.Helper()
	return sharedtest.Path(t, "data", "stix2-schemas", "schemas")
}

const (
	creator = "identity--0b2b5d7e-1f57-4c6b-9a55-9f4a1e9d1c01"
	marking = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
)

// base is a small valid bundle: an identity, the TLP:CLEAR marking and a
// note about the identity.
func base() map[string]any {
	return map[string]any{
		"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
		"objects": []any{
			map[string]any{"type": "identity", "spec_version": "2.1", "id": creator, "created": "2024-01-01T00:00:00.000Z",
				"modified": "2024-01-01T00:00:00.000Z", "name": "tester", "identity_class": "system"},
			map[string]any{"type": "marking-definition", "spec_version": "2.1", "id": marking, "created": "2022-10-01T00:00:00.000Z",
				"name": "TLP:CLEAR", "extensions": map[string]any{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": map[string]any{
					"extension_type": "property-extension", "tlp_2_0": "clear"}}},
			map[string]any{"type": "note", "spec_version": "2.1", "id": "note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
				"created_by_ref": creator, "created": "2024-01-02T00:00:00.000Z", "modified": "2024-01-03T00:00:00.000Z",
				"content": "A note.", "object_refs": []any{creator}, "object_marking_refs": []any{marking}},
		},
	}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBundleSchemaDefect shows why New corrects bundle.json: as shipped,
// it rejects a valid bundle holding a note; corrected, it accepts it. If
// the shipped schema ever accepts it, the correction is no longer needed.
func TestBundleSchemaDefect(t *testing.T) {
	schemasDir := needSchemas(t)
	shipped, err := newChecker(schemasDir, false)
	if err != nil {
		t.Fatal(err)
	}
	corrected, err := New(schemasDir)
	if err != nil {
		t.Fatal(err)
	}
	b := marshal(t, base())
	if errs := shipped.Check(b); len(errs) == 0 {
		t.Error("the shipped bundle.json accepts a bundle with a note: drop the correction in New")
	} else if !strings.Contains(errs[0].Error(), "bundle schema") {
		t.Errorf("shipped schema: unexpected errors %v", errs)
	}
	if errs := corrected.Check(b); len(errs) != 0 {
		t.Errorf("corrected schema rejects a valid bundle: %v", errs)
	}
}

// TestCheck: each mutation of a valid bundle is caught, by the schemas or
// by the rules.
func TestCheck(t *testing.T) {
	schemasDir := needSchemas(t)
	ck, err := New(schemasDir)
	if err != nil {
		t.Fatal(err)
	}
	note := func(b map[string]any) map[string]any { return b["objects"].([]any)[2].(map[string]any) }
	for _, tc := range []struct {
		name   string
		mutate func(b map[string]any)
		want   string // in one of the errors; "" for valid
	}{
		{"valid", func(map[string]any) {}, ""},
		{"modified before created", func(b map[string]any) { note(b)["modified"] = "2023-12-31T00:00:00.000Z" }, "before created"},
		{"dangling ref", func(b map[string]any) {
			note(b)["object_refs"] = []any{"identity--7f0c6c43-5a8e-4b0e-9d7c-1d5a7e3f2b10"}
		}, "does not resolve"},
		{"creator not an identity", func(b map[string]any) { note(b)["created_by_ref"] = marking }, "is a marking-definition"},
		{"note without content", func(b map[string]any) { delete(note(b), "content") }, "note schema"},
		{"timestamp without milliseconds", func(b map[string]any) { note(b)["created"] = "2024-01-02T00:00:00Z" }, "schema"},
		{"empty list", func(b map[string]any) { note(b)["object_refs"] = []any{} }, "schema"},
		{"bad id", func(b map[string]any) { note(b)["id"] = "note--1" }, "schema"},
		{"id twice", func(b map[string]any) {
			b["objects"] = append(b["objects"].([]any), note(b))
		}, "given twice"},
		{"incident core without definition", func(b map[string]any) {
			b["objects"] = append(b["objects"].([]any), map[string]any{"type": "incident", "spec_version": "2.1",
				"id": "incident--3e0f2a5b-7b0a-4c55-8a3e-6f1e2d3c4b5a", "created": "2024-01-02T00:00:00.000Z", "modified": "2024-01-02T00:00:00.000Z",
				"name": "x", "extensions": map[string]any{IncidentCoreID: map[string]any{
					"extension_type": "property-extension", "determination": "maybe", "investigation_status": "open"}}})
		}, "determination"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := base()
			tc.mutate(b)
			errs := ck.Check(marshal(t, b))
			if tc.want == "" {
				for _, err := range errs {
					t.Error(err)
				}
				return
			}
			var all []string
			for _, err := range errs {
				all = append(all, err.Error())
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.want) {
				t.Errorf("want an error with %q, got %v", tc.want, all)
			}
		})
	}
}
