package stix

import (
	"fmt"
	"slices"
	"strings"
)

// Objects that others define, written as they publish them.

// tlpExtension is the OASIS TLP 2.0 extension definition the TLP 2.0
// marking definitions use (cti-stix-common-objects).
const tlpExtension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

// tlpMarkings are the TLP 2.0 marking definitions OASIS publishes in
// cti-stix-common-objects, by level.
var tlpMarkings = map[string]string{
	"clear":        "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	"green":        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	"amber":        "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	"amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
	"red":          "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

// TLPLevels lists the TLP 2.0 levels Options.TLP accepts.
func TLPLevels() []string {
	var out []string
	for k := range tlpMarkings {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Validate reports an unknown TLP level.
func (o Options) Validate() error {
	_, err := tlpMarking(o.TLP)
	return err
}

// tlpMarking is the marking definition of a TLP 2.0 level ("clear",
// "TLP:CLEAR" and "tlp:clear" are the same level).
func tlpMarking(level string) (*markingDefinition, error) {
	l := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(level)), "tlp:")
	if l == "" {
		l = "clear"
	}
	mid, ok := tlpMarkings[l]
	if !ok {
		return nil, fmt.Errorf("unknown TLP level %q (have: %s)", level, strings.Join(TLPLevels(), ", "))
	}
	return &markingDefinition{
		head: head{Type: "marking-definition", SpecVersion: "2.1", ID: mid, Created: "2022-10-01T00:00:00.000Z"},
		Name: "TLP:" + strings.ToUpper(l),
		tail: tail{Extensions: map[string]any{
			tlpExtension: map[string]any{"extension_type": "property-extension", "tlp_2_0": l},
		}},
	}, nil
}

// incidentCore is the id of the OASIS Incident Core extension (version
// 2.0, cti-stix-common-objects extension-definition-specifications/
// incident-ef7), which gives an incident its determination, investigation
// status, incident types and impacted entity counts.
const incidentCore = "extension-definition--ef765651-680c-498d-9894-99799f2fa126"

// oasisIdentity is the OASIS identity that created the Incident Core
// extension definition; it is in the bundle so that every reference
// resolves inside it.
func oasisIdentity() *identity {
	return &identity{
		head: head{Type: "identity", SpecVersion: "2.1", ID: "identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a",
			Created: "2021-03-13T20:09:20.8889Z", Modified: "2021-12-01T16:19:51.601791Z"},
		Name:          "OASIS",
		Description:   "OASIS is a global community of experts who drive the creation and adoption of open standards promoting interoperability, innovation, and freedom of choice.",
		IdentityClass: "organization",
	}
}

// incidentCoreDefinition is the Incident Core extension definition as
// OASIS publishes it.
func incidentCoreDefinition() *extensionDefinition {
	return &extensionDefinition{
		head: head{Type: "extension-definition", SpecVersion: "2.1", ID: incidentCore,
			CreatedByRef: "identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a",
			Created:      "2020-10-19T20:51:00.000Z", Modified: "2023-07-11T00:56:00.000Z"},
		Name:           "Incident Core Extension",
		Description:    "A core extension of the Incident object to allow core details of the Incident to be shared while tracking major details tied to the incident's timeline.  Multiple Incidents can be tied together via relationships if a higher degree of fidelity is needed across phases.",
		Schema:         "https://github.com/oasis-open/cti-stix-common-objects/tree/main/extension-definition-specifications/incident-ef7",
		Version:        "2.0.0",
		ExtensionTypes: []string{"property-extension"},
	}
}

// Vocabularies of the Incident Core extension used here.
var (
	// determinations is incident-determination-enum.
	determinations = []string{"blocked", "confirmed", "failed-attempt", "false-positive", "suspected"}
	// investigationStatuses is incident-investigation-ov.
	investigationStatuses = []string{"closed", "new", "open"}
)

// incidentTypes maps casefile's attack types and event kinds to the
// extension's event-type-ov.
var incidentTypes = map[string]string{
	"ransomware":                 "ransomware",
	"ddos":                       "denial-of-service",
	"phishing":                   "dissemination-phishing-emails",
	"vulnerability exploitation": "exploit",
	"data breach":                "unauthorized-access-information",
	"Databreach":                 "unauthorized-access-information",
	"Ransom":                     "ransomware",
	"Phishing":                   "dissemination-phishing-emails",
}

// industrySectors is STIX industry-sector-ov; a casefile sector in it
// becomes the identity's sector, others are left out.
var industrySectors = []string{
	"agriculture", "aerospace", "automotive", "chemical", "commercial", "communications", "construction",
	"defense", "education", "energy", "engineering", "entertainment", "financial-services", "government",
	"emergency-services", "government-local", "government-national", "government-public-services",
	"government-regional", "healthcare", "hospitality-leisure", "infrastructure", "dams", "nuclear", "water",
	"insurance", "manufacturing", "mining", "non-profit", "pharmaceuticals", "retail", "technology",
	"telecommunications", "transportation", "utilities",
}
