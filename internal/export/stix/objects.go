package stix

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The STIX 2.1 objects casefile writes, as plain structs: the few types
// and properties used here are simpler to keep exact by hand than through
// a general STIX library (the one on the module proxy, TcM1911/stix2, is
// only reachable by an explicit old version).

// head holds the common properties that open every object, in the order
// the specification lists them.
type head struct {
	Type         string `json:"type"`
	SpecVersion  string `json:"spec_version"`
	ID           string `json:"id"`
	CreatedByRef string `json:"created_by_ref,omitempty"`
	Created      string `json:"created,omitempty"`
	Modified     string `json:"modified,omitempty"`
}

// tail holds the common properties written after the type's own.
type tail struct {
	Lang               string              `json:"lang,omitempty"`
	ExternalReferences []externalReference `json:"external_references,omitempty"`
	ObjectMarkingRefs  []string            `json:"object_marking_refs,omitempty"`
	Extensions         map[string]any      `json:"extensions,omitempty"`
}

type externalReference struct {
	SourceName  string `json:"source_name"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	ExternalID  string `json:"external_id,omitempty"`
}

type identity struct {
	head
	Name          string   `json:"name"`
	Description   string   `json:"description,omitempty"`
	IdentityClass string   `json:"identity_class,omitempty"`
	Sectors       []string `json:"sectors,omitempty"`
	tail
}

type incident struct {
	head
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	tail
}

type report struct {
	head
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	ReportTypes []string `json:"report_types"`
	Published   string   `json:"published"`
	ObjectRefs  []string `json:"object_refs"`
	tail
}

type note struct {
	head
	Abstract   string   `json:"abstract,omitempty"`
	Content    string   `json:"content"`
	Authors    []string `json:"authors,omitempty"`
	ObjectRefs []string `json:"object_refs"`
	tail
}

type opinion struct {
	head
	Explanation string   `json:"explanation,omitempty"`
	Authors     []string `json:"authors,omitempty"`
	Opinion     string   `json:"opinion"`
	ObjectRefs  []string `json:"object_refs"`
	tail
}

type relationship struct {
	head
	RelationshipType string `json:"relationship_type"`
	Description      string `json:"description,omitempty"`
	SourceRef        string `json:"source_ref"`
	TargetRef        string `json:"target_ref"`
	tail
}

type threatActor struct {
	head
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	tail
}

type malware struct {
	head
	Name     string   `json:"name"`
	IsFamily bool     `json:"is_family"`
	Aliases  []string `json:"aliases,omitempty"`
	tail
}

type vulnerability struct {
	head
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	tail
}

type location struct {
	head
	Name               string `json:"name,omitempty"`
	Country            string `json:"country,omitempty"`
	AdministrativeArea string `json:"administrative_area,omitempty"`
	tail
}

// software is a cyber-observable (SCO): no created, modified or
// created_by_ref.
type software struct {
	head
	Name   string `json:"name"`
	Vendor string `json:"vendor,omitempty"`
	tail
}

type markingDefinition struct {
	head
	Name string `json:"name"`
	tail
}

type extensionDefinition struct {
	head
	Name           string   `json:"name"`
	Description    string   `json:"description,omitempty"`
	Schema         string   `json:"schema"`
	Version        string   `json:"version"`
	ExtensionTypes []string `json:"extension_types"`
	tail
}

// namespace is casefile's UUIDv5 namespace: ids of the objects it
// derives are UUIDv5 of stable content (a document id, an incident id, an
// organisation's folded name) in it, so exporting the same store twice
// gives the same ids.
var namespace = uuid.MustParse("d663ccbf-cb71-4568-af6b-d99d5bd6cb6c")

// scoNamespace is the namespace the STIX 2.1 specification fixes for the
// deterministic ids of cyber-observables (section 2.9).
var scoNamespace = uuid.MustParse("00abedb4-aa42-466c-9c01-fed23315a9b7")

// id is the deterministic id of an object of type typ named by key.
func id(typ string, key ...string) string {
	name := typ + "\x00" + strings.Join(key, "\x00")
	return typ + "--" + uuid.NewSHA1(namespace, []byte(name)).String()
}

// scoID is the id the specification gives a cyber-observable: UUIDv5 in
// scoNamespace of its id-contributing properties as canonical JSON.
// encoding/json writes a struct's fields in order with no spaces, which is
// the JSON canonicalization scheme for these plain string properties once
// HTML escaping is off and the fields are declared in key order.
func scoID(typ string, contributing any) (string, error) {
	b, err := canonical(contributing)
	if err != nil {
		return "", err
	}
	return typ + "--" + uuid.NewSHA1(scoNamespace, b).String(), nil
}

func canonical(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// stamp formats t as a STIX timestamp with millisecond precision, as the
// specification requires for created and modified.
func stamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// IncidentID is the STIX id of the incident of a casefile record, which
// other exports reuse so their records can be matched with it.
func IncidentID(recordID string) string { return id("incident", recordID) }

// CreatorID is the STIX id of casefile's identity.
func CreatorID() string { return id("identity", "casefile") }
