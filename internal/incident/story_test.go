package incident_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
)

// storyBodies reads a story's documents from a folder, in file name
// order (lead first).
func storyBodies(t testing.TB, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no documents in %s: %v", dir, err)
	}
	slices.Sort(names)
	var out []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// testdata/harbour is one invented incident told by a lead, a follow-up
// from the same outlet, a German translation and a French excerpt.
func TestStory(t *testing.T) {
	inc := run(t, incident.Options{}, storyBodies(t, "testdata/harbour")...)

	if inc.Title != "Ransomware attack disrupts Kessling Harbour Authority" {
		t.Errorf("title %q", inc.Title)
	}
	if len(inc.Victims) != 1 || inc.Victims[0].Name != "Kessling Harbour Authority" || !slices.Contains(inc.Victims[0].Aliases, "KHA") {
		t.Errorf("victims %+v, want Kessling Harbour Authority (KHA)", inc.Victims)
	} else if inc.Victims[0].Sector != "government" {
		t.Errorf("victim sector %q", inc.Victims[0].Sector)
	}
	if got := providerRoles(inc); len(got) != 1 || got["Tidemark Systems"] != model.RoleSupplier {
		t.Errorf("providers %v, want Tidemark Systems as supplier", got)
	}
	wantAgencies := map[string]string{"National Cyber Security Centre": "supporting", "Data Protection Commission": "notified"}
	if got := agencyRoles(inc); len(got) != len(wantAgencies) || got["National Cyber Security Centre"] != "supporting" || got["Data Protection Commission"] != "notified" {
		t.Errorf("agencies %v, want %v", got, wantAgencies)
	}
	if inc.Country != "IE" || inc.Region != "Wexmoor" {
		t.Errorf("place %q / %q, want IE / Wexmoor", inc.Country, inc.Region)
	}
	if got := serviceNames(inc); !sameSet(got, []string{"cargo booking", "pilot scheduling"}) {
		t.Errorf("services %q", got)
	}
	if v := inc.Vector; v == nil || v.Product != "Marlin Gate" || v.Vendor != "Osterby Networks" || v.ClaimedBy != "Idris Fane" || v.Confidence != "suspected" {
		t.Errorf("vector %+v", v)
	}
	if inc.Status != "resolved" || inc.StatusEvidence[0].Doc != "doc2" {
		t.Errorf("status %q from %+v, want resolved from the follow-up", inc.Status, inc.StatusEvidence)
	}
	type dispute struct{ by, againstBy string }
	var got []dispute
	for _, d := range inc.Disputes {
		got = append(got, dispute{d.By, d.AgainstBy})
	}
	want := []dispute{{"Kessling Harbour Authority", "Data Protection Commission"}, {"Tidemark Systems", "Quillon Security"}}
	if !sameSet(disputeKeys(got), disputeKeys(want)) {
		t.Errorf("disputes %+v, want %+v", got, want)
	}
	people := map[string]model.Person{}
	for _, p := range inc.People {
		people[p.Name] = p
	}
	if p := people["Lena Marsh"]; p.Role != "communications manager" || p.Org != "Kessling Harbour Authority" {
		t.Errorf("Lena Marsh: %+v", p)
	}
	if p := people["Idris Fane"]; p.Role != "senior analyst" || p.Org != "Quillon Security" {
		t.Errorf("Idris Fane: %+v", p)
	}
	if len(people) != 2 {
		t.Errorf("people %+v", inc.People)
	}
	if got := relatedNames(inc); !sameSet(got, []string{"Port Varrow"}) {
		t.Errorf("related %q", got)
	}
}

// testdata/waterboard: an English lead, a Dutch version and an English
// follow-up. The agency's English and Dutch names meet through the
// acronym both give; the follow-up sets the status.
func TestStoryAcrossLanguages(t *testing.T) {
	inc := run(t, incident.Options{}, storyBodies(t, "testdata/waterboard")...)
	if got := victimNames(inc); !sameSet(got, []string{"Veldmark Water Board"}) {
		t.Errorf("victims %q", got)
	}
	if got := providerRoles(inc); len(got) != 1 || got["Nordvaal ICT"] != model.RoleSupplier {
		t.Errorf("providers %v, want Nordvaal ICT as supplier", got)
	}
	if len(inc.Agencies) != 1 {
		t.Fatalf("agencies %+v, want the Dutch NCSC once", inc.Agencies)
	}
	a := inc.Agencies[0]
	n := named{name: a.Name, aliases: a.Aliases}
	if !n.spelledBy("NCSC-NL") || !n.spelledBy("Nationaal Cyber Security Centrum") || a.Role != "supporting" {
		t.Errorf("agency %+v", a)
	}
	if got := serviceNames(inc); !sameSet(got, []string{"billing", "customer portal"}) {
		t.Errorf("services %q", got)
	}
	if inc.Country != "NL" {
		t.Errorf("country %q", inc.Country)
	}
	if inc.Status != "ongoing" || inc.StatusEvidence[0].Doc != "doc3" {
		t.Errorf("status %q from %+v, want ongoing from the follow-up", inc.Status, inc.StatusEvidence)
	}
	langs := map[string]bool{}
	for _, evs := range evidenceOf(inc) {
		for _, ev := range evs {
			langs[ev.Lang] = true
		}
	}
	if !langs["nl"] {
		t.Errorf("no evidence from the Dutch document (languages %v)", langs)
	}
}

func disputeKeys[T any](ds []T) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%+v", d))
	}
	return out
}

// Documents in other languages add names and aliases, never the facts
// read by English patterns: the English lead alone and the lead with its
// German and French versions give the same victims, providers, services,
// vector, status and disputes.
func TestOtherLanguagesAddNoFacts(t *testing.T) {
	bodies := storyBodies(t, "testdata/harbour")
	en := run(t, incident.Options{}, bodies[0])
	all := run(t, incident.Options{}, bodies[0], bodies[2], bodies[3])
	strip := func(inc model.Incident) model.Incident {
		inc.CountryEvidence, inc.RegionEvidence, inc.StatusEvidence, inc.AffectedEvidence = nil, nil, nil, nil
		for i := range inc.Victims {
			inc.Victims[i].Evidence, inc.Victims[i].Aliases = nil, nil
		}
		for i := range inc.Providers {
			inc.Providers[i].Evidence, inc.Providers[i].Aliases = nil, nil
		}
		for i := range inc.Agencies {
			inc.Agencies[i].Evidence, inc.Agencies[i].Aliases = nil, nil
		}
		for i := range inc.Services {
			inc.Services[i].Evidence = nil
		}
		for i := range inc.People {
			inc.People[i].Evidence = nil
		}
		for i := range inc.Disputes {
			inc.Disputes[i].Evidence, inc.Disputes[i].AgainstEvidence = nil, nil
		}
		for i := range inc.Related {
			inc.Related[i].Evidence = nil
		}
		if inc.Vector != nil {
			v := *inc.Vector
			v.Evidence = nil
			inc.Vector = &v
		}
		return inc
	}
	if g, w := mustJSON(t, strip(all)), mustJSON(t, strip(en)); g != w {
		t.Errorf("other languages changed the record:\n with %s\nwithout %s", g, w)
	}
}

// A story told only in German and French is read with the lead's
// language's cues: its victims, attack type, services, providers,
// people, agencies' roles and disputes are found, and the earlier
// incidents, which only English patterns state, stay empty.
func TestNonEnglishStory(t *testing.T) {
	bodies := storyBodies(t, "testdata/harbour")
	extra := `Der Cyberangriff auf die Stadtverwaltung Kellbrunn legt seit Montag die Bürgerdienste lahm. Nach Angaben der Stadt sind die Kfz-Zulassung und das Meldeamt nicht erreichbar.

Das Bundesamt für Sicherheit in der Informationstechnik (BSI) unterstützt die Stadt. Ein Sprecher sagte, es seien keine Daten abgeflossen.`
	inc := run(t, incident.Options{}, bodies[2], bodies[3], extra)
	for _, d := range docsOf(bodies[2], bodies[3], extra) {
		if d.Lang == "en" {
			t.Fatalf("%s detected as English", d.ID)
		}
	}
	if got := victimNames(inc); !sameSet(got, []string{"Kessling Harbour Authority", "Stadtverwaltung Kellbrunn"}) {
		t.Errorf("victims %q, want Kessling Harbour Authority and Stadtverwaltung Kellbrunn", got)
	}
	if inc.AttackType != "ransomware" {
		t.Errorf("attack type %q, want ransomware (Ransomware-Angriff)", inc.AttackType)
	}
	if len(inc.People) != 1 || inc.People[0].Name != "Idris Fane" || inc.People[0].Role != "Analyst" || inc.People[0].Org != "Quillon Security" {
		t.Errorf("people %+v, want Idris Fane, Analyst at Quillon Security", inc.People)
	}
	if got := serviceNames(inc); !sameSet(got, []string{"Bürgerdienste", "Kfz-Zulassung", "Meldeamt"}) {
		t.Errorf("services %q, want Bürgerdienste, Kfz-Zulassung and Meldeamt", got)
	}
	if got := providerRoles(inc); len(got) != 1 || got["Tidemark Systems"] != model.RoleSupplier {
		t.Errorf("providers %v, want Tidemark Systems, supplier (wird von Tidemark Systems betrieben)", got)
	}
	if len(inc.Disputes) != 1 || inc.Disputes[0].By != "Tidemark Systems" || inc.Disputes[0].AgainstBy != "Quillon Security" {
		t.Errorf("disputes %+v, want Tidemark Systems' denial against Quillon Security's analyst", inc.Disputes)
	}
	if len(inc.Related) != 0 {
		t.Errorf("English-only facts from non-English text: related %+v", inc.Related)
	}
	if inc.Vector != nil || inc.Status != "unknown" || inc.Affected != "" {
		t.Errorf("vector %+v status %q affected %q from non-English text", inc.Vector, inc.Status, inc.Affected)
	}
	// Names, places and known agencies are language-independent.
	if inc.Country != "IE" {
		t.Errorf("country %q, want IE (Irland, Irlande)", inc.Country)
	}
	if inc.Region != "Wexmoor" {
		t.Errorf("region %q, want Wexmoor (Grafschaft Wexmoor)", inc.Region)
	}
	if got := agencyRoles(inc); len(got) != 1 {
		t.Errorf("agencies %v, want the BSI", got)
	} else if role, ok := got["Bundesamt für Sicherheit in der Informationstechnik"]; !ok || role != "supporting" {
		t.Errorf("agencies %v, want the BSI by its full name, supporting (unterstützt die Stadt)", got)
	}
	if inc.Title != "Ransomware-Angriff legt Kessling Harbour Authority lahm" {
		t.Errorf("title %q", inc.Title)
	}
}

// TestOtherLanguageVictims: a story told in German, French or Spanish
// alone is read with that language's cues. Every name is invented.
func TestOtherLanguageVictims(t *testing.T) {
	tests := []struct {
		lang, body string
		victims    []string
		not        []string
		attack     string
		people     []model.Person // name, role and organisation
		providers  map[string]string
		related    []string // earlier incidents' victims
	}{
		{"de", `Ein Hackerangriff auf die Stadtwerke Brannock legt seit Dienstag die Kundenportale lahm. Die Täter hätten Daten verschlüsselt und verlangten ein Lösegeld, teilte das Unternehmen mit.

Der Kreis Tallheim und die Gemeinde Orrstedt erklärten am Mittwoch, dass sie einen Cyber-Vorfall untersuchen. Ein Sprecher der Polizei in Kellbrunn sagte, die Ermittlungen dauerten an. Auch die Klinik Sankt Arno wurde Opfer eines Angriffs. Stadtwerke-Sprecherin Anna Roth sagte, die Kundendaten seien sicher. Der Bürgermeister von Orrstedt, Jan Brink, sagte, die Verwaltung arbeite auf Papier. Die IT der Stadtwerke wird von Harlow Systems betrieben. Im vergangenen Jahr wurde die Spedition Kessel Logistik Opfer eines ähnlichen Angriffs.`,
			[]string{"Stadtwerke Brannock", "Kreis Tallheim", "Gemeinde Orrstedt", "Klinik Sankt Arno"}, []string{"Kellbrunn", "Kessel Logistik"}, "ransomware",
			[]model.Person{{Name: "Anna Roth", Role: "Sprecherin", Org: "Stadtwerke"}, {Name: "Jan Brink", Role: "Bürgermeister", Org: "Orrstedt"}},
			map[string]string{"Harlow Systems": model.RoleSupplier}, []string{"Kessel Logistik"}},
		{"fr", `Une cyberattaque contre la mairie de Vessac a paralysé les services en ligne de la ville depuis lundi. Les pirates réclament une rançon, selon la préfecture.

La clinique Sainte-Odile a également été victime d’une attaque informatique, a confirmé sa direction. Les enquêteurs de Lorvanne n’ont pas encore identifié les auteurs de l’attaque. Claire Dorval, porte-parole de la clinique Sainte-Odile, a assuré que les patients étaient soignés. Le maire de Vessac, Jean Morel, a déclaré que les services seraient rétablis. Selon Anne Petit, directrice de la clinique, aucune donnée n'a été volée. La panne touche aussi Numéria, une structure créée par Vessac, Lorvanne et Brisac en 2015, dont les serveurs sont fournis par Veltis.`,
			[]string{"Vessac", "Sainte-Odile"}, []string{"Lorvanne"}, "ransomware",
			[]model.Person{{Name: "Claire Dorval", Role: "porte-parole", Org: "Sainte-Odile"}, {Name: "Jean Morel", Role: "maire", Org: "Vessac"}, {Name: "Anne Petit", Role: "directrice"}},
			map[string]string{"Numéria": model.RoleSharedService, "Veltis": model.RoleSupplier}, nil},
		{"es", `El Ayuntamiento de Valdería sufrió un ciberataque el martes que dejó sin servicio la sede electrónica del municipio. Los atacantes cifraron los servidores y exigen un rescate.

La empresa Transportes Orbal también fue víctima de un ataque informático, según confirmó la compañía. La policía de Montecalvo investiga el caso. Lucía Ferrer, portavoz del Ayuntamiento de Valdería, pidió paciencia a los vecinos. El CEO de Transportes Orbal, Pablo Ruiz, confirmó el incidente. Los servidores municipales están gestionados por Nublar Datos.`,
			[]string{"Valdería", "Transportes Orbal"}, []string{"Montecalvo"}, "ransomware",
			[]model.Person{{Name: "Lucía Ferrer", Role: "portavoz", Org: "Ayuntamiento de Valdería"}, {Name: "Pablo Ruiz", Role: "CEO", Org: "Transportes Orbal"}},
			map[string]string{"Nublar Datos": model.RoleSupplier}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			inc := extractIn(t, tc.lang, tc.body)
			got := victimNames(inc)
			for _, v := range tc.victims {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, v) }) {
					t.Errorf("no victim names %q; victims %q", v, got)
				}
			}
			for _, n := range tc.not {
				if slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, n) }) {
					t.Errorf("%q is no victim; victims %q", n, got)
				}
			}
			if inc.AttackType != tc.attack {
				t.Errorf("attack type %q, want %q", inc.AttackType, tc.attack)
			}
			for _, want := range tc.related {
				if !slices.ContainsFunc(inc.Related, func(r model.Related) bool { return strings.Contains(r.Victim, want) }) {
					t.Errorf("no earlier incident of %q; related %+v", want, inc.Related)
				}
			}
			got2 := providerRoles(inc)
			for n, r := range tc.providers {
				if got2[n] != r {
					t.Errorf("provider %q role %q, want %q (all %v)", n, got2[n], r, got2)
				}
			}
			for _, want := range tc.people {
				if !slices.ContainsFunc(inc.People, func(p model.Person) bool {
					return p.Name == want.Name && p.Role == want.Role && p.Org == want.Org
				}) {
					t.Errorf("no person %+v; people %+v", want, inc.People)
				}
			}
		})
	}
}

// TestOtherLanguageVector: the suspected or confirmed way in of a story
// told in German, French or Spanish. Every name is invented.
func TestOtherLanguageVector(t *testing.T) {
	tests := []struct {
		lang, body              string
		product, vendor, status string
	}{
		{"de", "Ein Hackerangriff auf die Stadtwerke Brannock legt seit Dienstag die Kundenportale lahm. Die Angreifer nutzten vermutlich eine Sicherheitslücke im Harbor Gate VPN des Herstellers Orlen Devices aus, um in das Netz der Stadtwerke einzudringen.",
			"Harbor Gate VPN", "Orlen Devices", "suspected"},
		{"fr", "Une cyberattaque contre la mairie de Vessac a paralysé les services en ligne de la ville depuis lundi. Les pirates seraient entrés par une faille du VPN Fabrikon Secure Connect, vendu par Orlen Devices, que la mairie n'avait pas mis à jour.",
			"Fabrikon Secure Connect", "Orlen Devices", "suspected"},
		{"es", "El Ayuntamiento de Valdería sufrió un ciberataque el martes que dejó sin servicio la sede electrónica del municipio. Los atacantes explotaron una vulnerabilidad en el Meridian Gateway, fabricado por Orlen Devices, según confirmó el ayuntamiento.",
			"Meridian Gateway", "Orlen Devices", "confirmed"},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			inc := extractIn(t, tc.lang, tc.body)
			v := inc.Vector
			if v == nil {
				t.Fatalf("no vector")
			}
			if !strings.Contains(v.Product, tc.product) || v.Vendor != tc.vendor || v.Confidence != tc.status {
				t.Errorf("vector %+v, want product %q, vendor %q, %s", *v, tc.product, tc.vendor, tc.status)
			}
		})
	}
}

// TestOtherLanguageDisputes: denials kept beside what contradicts them
// in a story told in French or Spanish. Every name is invented.
func TestOtherLanguageDisputes(t *testing.T) {
	tests := []struct {
		lang, body, by, againstBy string
	}{
		{"fr", "Une cyberattaque contre la mairie de Vessac a paralysé les services en ligne de la ville depuis lundi. La mairie de Vessac affirme qu’aucune donnée personnelle n’a été consultée. Pourtant, la CNIL a reçu trois notifications de violation de la mairie de Vessac, et des documents internes ont été publiés sur un forum.",
			"Vessac", "CNIL"},
		{"es", "El Ayuntamiento de Valdería sufrió un ciberataque el martes que dejó sin servicio la sede electrónica del municipio. El proveedor informático Nublar Datos aseguró que el incidente no fue causado por ninguno de sus sistemas. Sin embargo, Tomás Vidal, analista de Arce Seguridad, cree muy probable que el ataque comenzara allí.",
			"Nublar Datos", "Arce Seguridad"},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			inc := extractIn(t, tc.lang, tc.body)
			if !slices.ContainsFunc(inc.Disputes, func(d model.Dispute) bool {
				return strings.Contains(d.By, tc.by) && strings.Contains(d.AgainstBy, tc.againstBy)
			}) {
				t.Errorf("disputes %+v, want one by %q against %q (victims %q, agencies %v)", inc.Disputes, tc.by, tc.againstBy, victimNames(inc), agencyRoles(inc))
			}
		})
	}
}

// extractIn extracts the record of a one-document story whose language
// must be detected as lang.
func extractIn(t *testing.T, lang, body string) model.Incident {
	t.Helper()
	docs := docsOf(body)
	if docs[0].Lang != lang {
		t.Fatalf("detected as %q, want %q", docs[0].Lang, lang)
	}
	return incident.Extract("s", docs, incident.Options{})
}
