// Package stixcheck checks STIX 2.1 bundles: against the OASIS STIX 2.1
// JSON schemas (draft 2020-12, github.com/santhosh-tekuri/jsonschema),
// the bundle schema and each object's own type schema (the bundle schema
// lets types it does not list, such as incident, note, opinion and
// location, through as custom objects), and against the rules the schemas
// cannot state: modified not before created, every *_ref and *_refs
// resolving inside the bundle to an object of a fitting type, no id
// given twice in one version, and the OASIS Incident Core extension's
// required properties and vocabularies.
package stixcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Checker holds the compiled schemas.
type Checker struct {
	bundle *jsonschema.Schema
	types  map[string]*jsonschema.Schema
}

// typeDirs are the schema folders whose file names are object types.
var typeDirs = []string{"sdos", "sros", "observables"}

// commonTypes are the object types whose schemas live in common/.
var commonTypes = []string{"marking-definition", "extension-definition", "language-content"}

// New compiles the schemas in dir, the "schemas" folder of the OASIS
// cti-stix2-json-schemas repository (common/, sdos/, sros/,
// observables/). Formats (such as uri) are asserted.
//
// One defect of bundle.json is corrected in memory: its branch for
// objects it does not list requires exactly one of core.json and
// cyber-observable-core.json (oneOf), but every valid SDO or SRO matches
// both (cyber-observable-core allows any lower-case property), so a bundle
// holding an incident, note, opinion, location, grouping or extension
// definition could never validate. The correction makes that branch
// anyOf; those objects are then checked against their own type schemas,
// which the bundle schema never applies to them.
func New(dir string) (*Checker, error) { return newChecker(dir, true) }

func newChecker(dir string, correct bool) (*Checker, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ids := map[string]string{} // path relative to dir → $id
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		m, _ := doc.(map[string]any)
		sid, _ := m["$id"].(string)
		if sid == "" {
			return fmt.Errorf("%s: schema without $id", path)
		}
		if correct && filepath.Base(path) == "bundle.json" {
			if err := correctBundle(m); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		if err := c.AddResource(sid, doc); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		ids[filepath.ToSlash(rel)] = sid
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("stixcheck: schemas %s: %w", dir, err)
	}
	compile := func(rel string) (*jsonschema.Schema, error) {
		sid, ok := ids[rel]
		if !ok {
			return nil, fmt.Errorf("stixcheck: no schema %s in %s", rel, dir)
		}
		s, err := c.Compile(sid)
		if err != nil {
			return nil, fmt.Errorf("stixcheck: compile %s: %w", rel, err)
		}
		return s, nil
	}
	ck := &Checker{types: map[string]*jsonschema.Schema{}}
	if ck.bundle, err = compile("common/bundle.json"); err != nil {
		return nil, err
	}
	for rel := range ids {
		dirName, file := filepath.Split(rel)
		typ := strings.TrimSuffix(file, ".json")
		if slices.Contains(typeDirs, strings.TrimSuffix(dirName, "/")) || (dirName == "common/" && slices.Contains(commonTypes, typ)) {
			if ck.types[typ], err = compile(rel); err != nil {
				return nil, err
			}
		}
	}
	return ck, nil
}

// correctBundle turns the oneOf of core and cyber-observable-core in the
// bundle schema's branch for unlisted objects into anyOf (see New).
func correctBundle(bundle map[string]any) error {
	var branch map[string]any
	if props, ok := bundle["properties"].(map[string]any); ok {
		if objs, ok := props["objects"].(map[string]any); ok {
			if items, ok := objs["items"].(map[string]any); ok {
				if any2, ok := items["anyOf"].([]any); ok && len(any2) == 2 {
					if custom, ok := any2[1].(map[string]any); ok {
						if all, ok := custom["allOf"].([]any); ok && len(all) > 0 {
							branch, _ = all[0].(map[string]any)
						}
					}
				}
			}
		}
	}
	one, ok := branch["oneOf"].([]any)
	if !ok || len(one) != 2 {
		return errors.New("the bundle schema no longer has the expected oneOf of core and cyber-observable-core for unlisted objects; review the correction in stixcheck")
	}
	delete(branch, "oneOf")
	branch["anyOf"] = one
	return nil
}

// Check validates one bundle and returns every problem found, or nil.
func (ck *Checker) Check(bundle []byte) []error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(bundle))
	if err != nil {
		return []error{fmt.Errorf("bundle is not JSON: %w", err)}
	}
	var errs []error
	if err := ck.bundle.Validate(inst); err != nil {
		errs = append(errs, fmt.Errorf("bundle schema: %w", err))
	}
	m, _ := inst.(map[string]any)
	objs, _ := m["objects"].([]any)
	for i, o := range objs {
		obj, _ := o.(map[string]any)
		typ, _ := obj["type"].(string)
		if s := ck.types[typ]; s != nil {
			if err := s.Validate(o); err != nil {
				errs = append(errs, fmt.Errorf("objects[%d] %v: %s schema: %w", i, obj["id"], typ, err))
			}
		}
	}
	return append(errs, Rules(objs)...)
}

// refTypes constrains what some references may point to.
var refTypes = map[string][]string{
	"created_by_ref":      {"identity"},
	"object_marking_refs": {"marking-definition"},
	"marking_ref":         {"marking-definition"},
}

// Rules checks what the schemas cannot: timestamps in order, references
// resolving to objects of a fitting type, ids unique per version, and the
// Incident Core extension. objs are the bundle's objects as decoded JSON
// (encoding/json or jsonschema.UnmarshalJSON).
func Rules(objs []any) []error {
	var errs []error
	types := map[string]string{}
	seen := map[string]bool{}
	for _, o := range objs {
		obj, _ := o.(map[string]any)
		oid, _ := obj["id"].(string)
		typ, _ := obj["type"].(string)
		types[oid] = typ
		version := fmt.Sprint(obj["modified"], obj["created"])
		if seen[oid+"@"+version] {
			errs = append(errs, fmt.Errorf("%s: given twice in version %s", oid, version))
		}
		seen[oid+"@"+version] = true
	}
	for _, o := range objs {
		obj, _ := o.(map[string]any)
		oid, _ := obj["id"].(string)
		if c, ok := obj["created"].(string); ok {
			if md, ok := obj["modified"].(string); ok {
				ct, err1 := time.Parse(time.RFC3339Nano, c)
				mt, err2 := time.Parse(time.RFC3339Nano, md)
				switch {
				case err1 != nil || err2 != nil:
					errs = append(errs, fmt.Errorf("%s: bad timestamps: %v", oid, errors.Join(err1, err2)))
				case mt.Before(ct):
					errs = append(errs, fmt.Errorf("%s: modified %s before created %s", oid, md, c))
				}
			}
		}
		walkRefs(obj, "", func(path, key, ref string) {
			typ, ok := types[ref]
			switch {
			case !ok:
				errs = append(errs, fmt.Errorf("%s: %s = %s does not resolve in the bundle", oid, path, ref))
			case refTypes[key] != nil && !slices.Contains(refTypes[key], typ):
				errs = append(errs, fmt.Errorf("%s: %s = %s is a %s, want %v", oid, path, ref, typ, refTypes[key]))
			case key == "source_ref" || key == "target_ref":
				if t := typeOf(ref); t == "relationship" || t == "sighting" || t == "marking-definition" || t == "bundle" {
					errs = append(errs, fmt.Errorf("%s: %s = %s: a relationship cannot point at a %s", oid, path, ref, t))
				}
			}
		})
		if obj["type"] == "incident" {
			errs = append(errs, incidentCore(oid, obj, types)...)
		}
	}
	return errs
}

// walkRefs calls f for every string under a key ending in _ref or _refs,
// anywhere in v (extensions included).
func walkRefs(v any, path string, f func(path, key, ref string)) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			switch {
			case strings.HasSuffix(k, "_ref"):
				s, ok := x[k].(string)
				if !ok {
					f(p, k, fmt.Sprintf("(not a string: %v)", x[k]))
					continue
				}
				f(p, k, s)
			case strings.HasSuffix(k, "_refs"):
				list, ok := x[k].([]any)
				if !ok {
					f(p, k, fmt.Sprintf("(not a list: %v)", x[k]))
					continue
				}
				for i, r := range list {
					s, _ := r.(string)
					f(fmt.Sprintf("%s[%d]", p, i), k, s)
				}
			default:
				walkRefs(x[k], p, f)
			}
		}
	case []any:
		for i, e := range x {
			walkRefs(e, fmt.Sprintf("%s[%d]", path, i), f)
		}
	}
}

func typeOf(ref string) string {
	t, _, _ := strings.Cut(ref, "--")
	return t
}

// IncidentCoreID is the OASIS Incident Core extension definition.
const IncidentCoreID = "extension-definition--ef765651-680c-498d-9894-99799f2fa126"

// incidentCore checks an incident's Incident Core extension (version 2.0):
// its definition in the bundle, extension_type, and the required
// determination (incident-determination-enum) and investigation_status
// (incident-investigation-ov).
func incidentCore(oid string, obj map[string]any, types map[string]string) []error {
	ext, _ := obj["extensions"].(map[string]any)
	raw, ok := ext[IncidentCoreID]
	if !ok {
		return nil
	}
	var errs []error
	if types[IncidentCoreID] != "extension-definition" {
		errs = append(errs, fmt.Errorf("%s: uses the Incident Core extension but its definition is not in the bundle", oid))
	}
	core, _ := raw.(map[string]any)
	if core["extension_type"] != "property-extension" {
		errs = append(errs, fmt.Errorf("%s: Incident Core extension_type %v, want property-extension", oid, core["extension_type"]))
	}
	if d, _ := core["determination"].(string); !slices.Contains([]string{"blocked", "confirmed", "failed-attempt", "false-positive", "suspected"}, d) {
		errs = append(errs, fmt.Errorf("%s: Incident Core determination %v not in incident-determination-enum", oid, core["determination"]))
	}
	if s, _ := core["investigation_status"].(string); !slices.Contains([]string{"closed", "new", "open"}, s) {
		errs = append(errs, fmt.Errorf("%s: Incident Core investigation_status %v not in incident-investigation-ov", oid, core["investigation_status"]))
	}
	if counts, ok := core["impacted_entity_counts"]; ok {
		cm, ok := counts.(map[string]any)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: impacted_entity_counts is not an object", oid))
		}
		for k, v := range cm {
			var f float64
			switch n := v.(type) {
			case json.Number:
				i, err := n.Int64()
				if err != nil {
					f = -1
				} else {
					f = float64(i)
				}
			case float64:
				f = n
			default:
				f = -1
			}
			if f < 0 || f != float64(int64(f)) {
				errs = append(errs, fmt.Errorf("%s: impacted_entity_counts.%s = %v, want a count", oid, k, v))
			}
		}
	}
	return errs
}
