package incident_test

import (
	"slices"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
)

// TestHarm: the records exposed, the ransom, whether data was accessed,
// and the threat actors and malware, each as the text states it. Every
// name is invented.
func TestHarm(t *testing.T) {
	tests := []struct {
		name            string
		bodies          []string
		records, ransom string
		data            string
		actors          []model.Actor // Aliases and Evidence ignored
	}{
		{
			name: "a breach with a count, a ransom, a gang and its ransomware",
			bodies: []string{"Harbourne Dental was hit by the Quillrot ransomware on Monday. The hackers stole more than 245,000 patient records and demanded a ransom of $2.6 million, police said. " +
				"A gang calling itself Grey Otter claimed the attack. In 2019 a similar attack exposed 9 million records at Tarn Health, which paid a $50,000 ransom."},
			records: "more than 245,000 patient records", ransom: "$2.6 million", data: "claimed",
			actors: []model.Actor{{Name: "Quillrot", Kind: "malware"}, {Name: "Grey Otter", Kind: "threat actor"}},
		},
		{
			name: "software dubbed a name is malware; researchers are no threat actor",
			bodies: []string{"Kelso Library was hit by ransomware. Researchers found the software, which they dubbed Quillrot, in a fake app. A page titled Customer Guidance for Quillrot Ransomware followed. " +
				"A gang calling itself Grey Otter claimed the attack, helped by the hacking group called Wardens of Tarn, according to the anti-malware research group Tarn Hunter Team. The group calling itself Tarn Hunter Team tracks gangs, as does the anti-malware research group called Malwatch Crew."},
			data:   "unknown",
			actors: []model.Actor{{Name: "Quillrot", Kind: "malware"}, {Name: "Grey Otter", Kind: "threat actor"}, {Name: "Wardens of Tarn", Kind: "threat actor"}},
		},
		{
			name:   "a platform malware targets or abuses is no malware",
			bodies: []string{"Kelso Library was hit by the Quillrot ransomware. Such evasion tricks are common in Microsoft Windows and Google Android malware, and the gang also used PowerShell malware."},
			data:   "unknown",
			actors: []model.Actor{{Name: "Quillrot", Kind: "malware"}},
		},
		{
			name:   "an amount before the ransom, in cryptocurrency",
			bodies: []string{"Kelso Library was hit by ransomware. The library said it would not pay the 4 bitcoin ransom the attackers demanded."},
			ransom: "4 bitcoin", data: "unknown",
		},
		{
			name:   "an amount that ends the sentence",
			bodies: []string{"Kelso Library was hit by ransomware, and the attackers demanded a ransom of $35,000."},
			ransom: "$35,000", data: "unknown",
		},
		{
			name:   "denied, and a question is no claim",
			bodies: []string{"Kelso Library was hit by a cyber attack on Friday. The library said no customer data had been accessed. Questions remain, including whether personal data was accessed. No evidence was found that the emails were accessed. Crooks often use stolen passwords. The library said the attackers haven't accessed user details."},
			data:   "denied",
		},
		{
			name: "disputed",
			bodies: []string{"Kelso Library was hit by a cyber attack on Friday. The library said no customer data had been accessed.",
				"Files stolen from Kelso Library were published on a leak site, according to Oskar Lindqvist, an analyst at Fenwick Labs."},
			data: "disputed",
		},
		{
			name:   "what could happen is no count, no ransom; products and tools are no malware",
			bodies: []string{"Researchers said attackers could steal 3 million accounts and could demand a ransom of $5,000. They warned that hackers could use the flaw and exfiltrated data would then be sold. Kelso Library staff use the Vexa Suite tool, and the Decrypt button in Vexa Suite is broken."},
			data:   "unknown",
		},
		{
			name: "an earlier incident's count and ransom are not this one's",
			bodies: []string{"Kelso Library was hit by ransomware on Monday and refused to pay. " +
				"In 2016 hackers stole 2 million records from Tarn Health, which paid a $50,000 ransom."},
			data: "unknown",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			if inc.Records != tc.records || inc.Ransom != tc.ransom || inc.DataAccessed != tc.data {
				t.Errorf("records %q, ransom %q, data %q; want %q, %q, %q", inc.Records, inc.Ransom, inc.DataAccessed, tc.records, tc.ransom, tc.data)
			}
			if (inc.Records != "") != (len(inc.RecordsEvidence) > 0) || (inc.Ransom != "") != (len(inc.RansomEvidence) > 0) || (inc.DataAccessed != "unknown") != (len(inc.DataAccessedEvidence) > 0) {
				t.Errorf("evidence missing or left over: %+v %+v %+v", inc.RecordsEvidence, inc.RansomEvidence, inc.DataAccessedEvidence)
			}
			var got []model.Actor
			for _, a := range inc.Actors {
				got = append(got, model.Actor{Name: a.Name, Kind: a.Kind})
				if len(a.Evidence) == 0 {
					t.Errorf("actor %q has no evidence", a.Name)
				}
			}
			if len(got) != len(tc.actors) {
				t.Fatalf("actors %+v, want %+v", got, tc.actors)
			}
			for _, want := range tc.actors {
				found := false
				for _, g := range got {
					found = found || g.Name == want.Name && g.Kind == want.Kind
				}
				if !found {
					t.Errorf("actors %+v, want %+v", got, tc.actors)
				}
			}
		})
	}
}

// TestHarmOtherLanguages: the ransom and the records exposed in a story
// told in German, French or Spanish only. Every name is invented.
func TestHarmOtherLanguages(t *testing.T) {
	tests := []struct{ lang, field, body, want string }{
		{"de", "ransom", "Die Stadtverwaltung Kellbrunn wurde am Dienstag Opfer eines Ransomware-Angriffs. Die Angreifer forderten ein Lösegeld von 2 Millionen Euro, teilte die Stadt mit.", "2 Millionen Euro"},
		{"fr", "ransom", "La mairie de Vessac a été victime d'une cyberattaque par rançongiciel mardi. Les pirates exigent une rançon de 50 000 euros pour rendre les fichiers.", "50 000 euros"},
		{"es", "ransom", "El Ayuntamiento de Valdería sufrió un ciberataque el martes. Los atacantes exigen un rescate de 1,5 millones de dólares para liberar los servidores.", "1,5 millones de dólares"},
		{"de", "records", "Die Stadtverwaltung Kellbrunn wurde am Dienstag Opfer eines Ransomware-Angriffs. Die Angreifer haben mehr als 50.000 Datensätze von Bürgern gestohlen, teilte die Stadt mit.", "mehr als 50.000 Datensätze"},
		{"fr", "records", "La mairie de Vessac a été victime d'une cyberattaque mardi. Les pirates ont volé plus de 12 000 comptes d'usagers, selon la préfecture.", "plus de 12 000 comptes"},
		{"es", "records", "El Ayuntamiento de Valdería sufrió un ciberataque el martes. Los atacantes han robado más de 3.000 registros de vecinos, según la policía.", "más de 3.000 registros"},
	}
	for _, tc := range tests {
		t.Run(tc.field+"/"+tc.lang, func(t *testing.T) {
			inc := extractIn(t, tc.lang, tc.body)
			checkIncident(t, docsOf(tc.body), inc)
			got := map[string]string{"ransom": inc.Ransom, "records": inc.Records}[tc.field]
			if got != tc.want {
				t.Errorf("%s %q, want %q", tc.field, got, tc.want)
			}
		})
	}
}

// TestStatusHistory: the status each document reports, in order of
// publication, a change at a time.
func TestStatusHistory(t *testing.T) {
	bodies := []string{
		"Kelso Library was hit by ransomware on Monday. Its catalogue and loans remain offline.",
		"Kelso Library said all services have been restored and its systems are back to normal.",
		"Kelso Library said the attack had been contained on Tuesday, though the investigation goes on.",
		"Kelso Library was hit by ransomware on Monday. The loans system is still down.",
		"Kelso Library staff said the loans system remains offline after the ransomware attack.",
	}
	docs := docsOf(bodies...)
	day := func(d int) time.Time { return time.Date(2031, 3, d, 9, 0, 0, 0, time.UTC) }
	// Published out of story order: the lead, the undated report last,
	// the containment before the restoration.
	docs[0].Published, docs[1].Published, docs[2].Published = day(3), day(10), day(5)
	inc := incident.Extract("story-1", docs, incident.Options{})
	checkIncident(t, docs, inc)
	var got []string
	for _, c := range inc.StatusHistory {
		got = append(got, c.Date+" "+c.Doc+" "+c.Status)
		if len(c.Evidence) == 0 || c.Evidence[0].Doc != c.Doc {
			t.Errorf("%s: evidence %+v", c.Doc, c.Evidence)
		}
	}
	want := []string{"2031-03-03 doc1 ongoing", "2031-03-05 doc3 contained", "2031-03-10 doc2 resolved", " doc4 ongoing"}
	if !slices.Equal(got, want) {
		t.Errorf("status history %q, want %q", got, want)
	}
}

// TestVictimSectorCountry: a victim's sector and country from its name
// and the words attached to it. Every name is invented.
func TestVictimSectorCountry(t *testing.T) {
	inc := run(t, incident.Options{}, "Hackers hit Tarnby Valley Hospitals Trust, the Qatar Pearl Bank and others on Monday. The payday loan firm Lendwise Ltd was hacked too. "+
		"Orlo Group, a Danish shipping company, was also hit by ransomware, and so was Kelmar Dental in Ayr, Scotland. "+
		"Officials blamed Russia for the hack against Quillnet.")
	want := map[string][2]string{
		"Tarnby Valley Hospitals Trust": {"healthcare", ""},
		"Qatar Pearl Bank":              {"financial-services", "QA"},
		"Lendwise Ltd":                  {"financial-services", ""},
		"Orlo Group":                    {"transportation", "DK"},
		"Kelmar Dental":                 {"healthcare", "GB"},
		"Quillnet":                      {"", ""},
	}
	got := map[string][2]string{}
	for _, v := range inc.Victims {
		got[v.Name] = [2]string{v.Sector, v.Country}
	}
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("%s: sector and country %q (found %v), want %q", name, g, ok, w)
		}
	}
}

// TestSectorOtherLanguages: a victim's sector from a German, French or
// Spanish name or description. Every name is invented.
func TestSectorOtherLanguages(t *testing.T) {
	tests := []struct{ lang, body, victim, want string }{
		{"de", "Die Klinik Sankt Arno wurde am Dienstag Opfer eines Ransomware-Angriffs. Die Angreifer verschlüsselten die Server der Klinik, teilte die Leitung mit.", "Klinik Sankt Arno", "healthcare"},
		{"fr", "La clinique Sainte-Odile a été victime d’une attaque informatique, a confirmé sa direction. Les pirates réclament une rançon pour rendre les fichiers.", "Sainte-Odile", "healthcare"},
		{"es", "La empresa Transportes Orbal fue víctima de un ataque informático, según confirmó la compañía. Los atacantes cifraron los servidores y exigen un rescate.", "Transportes Orbal", "transportation"},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			inc := extractIn(t, tc.lang, tc.body)
			for _, v := range inc.Victims {
				if v.Name == tc.victim {
					if v.Sector != tc.want {
						t.Errorf("%s: sector %q, want %q", v.Name, v.Sector, tc.want)
					}
					return
				}
			}
			t.Errorf("no victim %q in %+v", tc.victim, inc.Victims)
		})
	}
}

// TestActorsOtherLanguages: the attackers a German, French or Spanish
// story names. Every name is invented.
func TestActorsOtherLanguages(t *testing.T) {
	tests := []struct{ lang, body, want string }{
		{"de", "Die Stadtverwaltung Kellbrunn wurde am Dienstag Opfer eines Ransomware-Angriffs. Die Hackergruppe Grauer Otter bekannte sich zu dem Angriff, teilte die Polizei mit. Keine Gruppe hat sich zu dem Angriff bekannt.", "Grauer Otter"},
		{"fr", "La mairie de Vessac a été victime d'une cyberattaque mardi. Le groupe de pirates Loutre Grise a revendiqué l'attaque sur son site, selon la préfecture.", "Loutre Grise"},
		{"es", "El Ayuntamiento de Valdería sufrió un ciberataque el martes. El grupo de ciberdelincuentes Nutria Gris se atribuyó el ataque en su página, según la policía.", "Nutria Gris"},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			inc := extractIn(t, tc.lang, tc.body)
			if len(inc.Actors) != 1 {
				t.Errorf("actors %+v, want only %q", inc.Actors, tc.want)
			}
			for _, a := range inc.Actors {
				if a.Name == tc.want && a.Kind == "threat actor" {
					for _, v := range inc.Victims {
						if v.Name == tc.want {
							t.Errorf("%s is also a victim", v.Name)
						}
					}
					return
				}
			}
			t.Errorf("actors %+v, want the threat actor %q", inc.Actors, tc.want)
		})
	}
}
