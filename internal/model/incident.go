package model

// Evidence links a fact to the sentence that states it.
type Evidence struct {
	Doc   string `json:"doc"`   // document id
	Start int    `json:"start"` // code point offset in the document's clean text
	End   int    `json:"end"`   // end offset (exclusive)
	Text  string `json:"text"`  // the sentence
	Lang  string `json:"lang,omitempty"`
}

// Entity is an organisation or place named in a story, resolved across
// spellings and languages.
type Entity struct {
	Name     string     `json:"name"`
	Aliases  []string   `json:"aliases"`
	Sector   string     `json:"sector,omitempty"`
	Country  string     `json:"country,omitempty"`
	Evidence []Evidence `json:"evidence"`
}

// Provider roles.
const (
	RoleSharedService = "shared_service_provider" // a body the victims share (partnership, shared service)
	RoleSupplier      = "supplier"                // a company contracted to provide or run services
)

// Provider is a shared-service provider or supplier linked to the victims.
type Provider struct {
	Name     string     `json:"name"`
	Aliases  []string   `json:"aliases"`
	Role     string     `json:"role"`
	Evidence []Evidence `json:"evidence"`
}

// Agency is a government agency or regulator involved in the incident.
type Agency struct {
	Name     string     `json:"name"`
	Aliases  []string   `json:"aliases"`
	Role     string     `json:"role,omitempty"` // investigating, notified, confirming, supporting
	Evidence []Evidence `json:"evidence"`
}

// Service is a service reported as disrupted.
type Service struct {
	Name     string     `json:"name"`
	Evidence []Evidence `json:"evidence"`
}

// Vector is the suspected or confirmed way in.
type Vector struct {
	Product    string     `json:"product,omitempty"`
	Vendor     string     `json:"vendor,omitempty"`
	ClaimedBy  string     `json:"claimed_by,omitempty"`
	Confidence string     `json:"confidence"` // suspected or confirmed
	CVEs       []string   `json:"cves,omitempty"`
	Evidence   []Evidence `json:"evidence"`
}

// Dispute is a claim and what contradicts it, kept side by side.
type Dispute struct {
	Claim           string     `json:"claim"`
	By              string     `json:"by"`
	Against         string     `json:"against"`
	AgainstBy       string     `json:"against_by,omitempty"`
	Evidence        []Evidence `json:"evidence"`
	AgainstEvidence []Evidence `json:"against_evidence"`
}

// Actor is a threat actor or a piece of malware the story names.
type Actor struct {
	Name     string     `json:"name"`
	Kind     string     `json:"kind"` // "threat actor" or "malware"
	Aliases  []string   `json:"aliases"`
	Evidence []Evidence `json:"evidence"`
}

// StatusChange is the status one document of the story reports, with
// the document's day: the record's status over time.
type StatusChange struct {
	Date     string     `json:"date,omitempty"` // YYYY-MM-DD, the document's publication day
	Doc      string     `json:"doc"`
	Status   string     `json:"status"` // ongoing, contained, resolved
	Evidence []Evidence `json:"evidence"`
}

// Person is a named person with a role and an organisation.
type Person struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
	Org  string `json:"org,omitempty"`
	// Variants lists other spellings of the same person seen in the story
	// (a spelling conflict worth flagging).
	Variants []string   `json:"variants,omitempty"`
	Evidence []Evidence `json:"evidence"`
}

// Incident is the sourced record of one story.
type Incident struct {
	ID      string   `json:"id"`
	Story   string   `json:"story"`
	Title   string   `json:"title"`
	Victims []Entity `json:"victims"`
	Country string   `json:"country"` // ISO 3166-1 alpha-2
	Region  string   `json:"region"`
	// CountryEvidence and RegionEvidence are the sentences behind Country
	// and Region.
	CountryEvidence []Evidence `json:"country_evidence"`
	RegionEvidence  []Evidence `json:"region_evidence"`
	Providers       []Provider `json:"providers"`
	Agencies        []Agency   `json:"agencies"`
	Services        []Service  `json:"services"`
	AttackType      string     `json:"attack_type,omitempty"`
	Vector          *Vector    `json:"vector"`
	Status          string     `json:"status"` // ongoing, contained, resolved, unknown
	StatusEvidence  []Evidence `json:"status_evidence"`
	// StatusHistory is the status each document reports, in order of
	// publication (undated documents last), a change at a time.
	StatusHistory []StatusChange `json:"status_history,omitempty"`
	Disputes      []Dispute      `json:"disputes"`
	People        []Person       `json:"people"`
	// Affected is a stated number of people affected, as written.
	Affected         string     `json:"population_affected,omitempty"`
	AffectedEvidence []Evidence `json:"population_affected_evidence,omitempty"`
	// Records is a stated number of records or accounts exposed, as
	// written ("1.5 million records").
	Records         string     `json:"records,omitempty"`
	RecordsEvidence []Evidence `json:"records_evidence,omitempty"`
	// Ransom is a stated ransom demanded or paid, as written ("$55,000",
	// "4 bitcoin").
	Ransom         string     `json:"ransom,omitempty"`
	RansomEvidence []Evidence `json:"ransom_evidence,omitempty"`
	// DataAccessed says whether data was accessed: "claimed" (the story
	// says it was: stolen, leaked, a breach report), "denied" (only
	// denials), "disputed" (both, as in Disputes) or "unknown".
	DataAccessed         string     `json:"data_accessed,omitempty"`
	DataAccessedEvidence []Evidence `json:"data_accessed_evidence,omitempty"`
	// Actors are the threat actors and malware the story names.
	Actors []Actor `json:"actors,omitempty"`
	// Related lists other incidents the story mentions as precedent; they
	// are not part of this incident.
	Related []Related `json:"related_incidents,omitempty"`
	// Vulnerabilities are CVE ids the story names or that are linked to
	// the vector's product.
	Vulnerabilities []Vulnerability `json:"vulnerabilities,omitempty"`
	// Events are the kinds of event the story reports (Databreach,
	// Phishing, Ransom, DiscoverVulnerability, PatchVulnerability).
	Events []Event `json:"events,omitempty"`
}

// Vulnerability is a CVE linked to an incident.
type Vulnerability struct {
	ID string `json:"id"`
	// Source is "stated" when a document names the id, "suspected, via
	// KEV" when it was matched from a product through CISA's catalogue.
	Source   string     `json:"source"`
	Evidence []Evidence `json:"evidence"`
}

// Event is one kind of event a story reports, with the sentences that
// report it.
type Event struct {
	Type     string     `json:"type"`
	Evidence []Evidence `json:"evidence"`
}

// Related is an earlier incident mentioned in a story.
type Related struct {
	Victim   string     `json:"victim"`
	Evidence []Evidence `json:"evidence"`
}
