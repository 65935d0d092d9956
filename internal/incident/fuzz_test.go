package incident_test

import (
	"testing"

	"github.com/casefile/casefile/internal/incident"
)

// FuzzExtract feeds random text through extract, analyze and Extract as a
// story of one or two documents: no panic, and every evidence span valid.
func FuzzExtract(f *testing.F) {
	seeds := [][2]string{
		{"The Northgate Regional Authority (NRA) said it had been hit by a ransomware attack. NRA services remain offline.", ""},
		{"Pellham Logistics, or PLX, said no customer data was accessed.\n\nThe Information Commissioner's Office said it had received a breach report.", "Pellham said it was the victim of a ransomware attack last year."},
		{"Maya Orlov, a senior analyst at Greyline Intelligence, said it is very likely that this is where the incident occurred. Ardent Civic Systems said the incident was not caused by its systems.", ""},
		{"Tobias Renn said the attackers probably exploited CVE-2031-40112 in the Fabrikon Secure Connect VPN sold by Orlen Devices.", "All services have been restored."},
		{"Die Kessling Harbour Authority (KHA) in der Grafschaft Wexmoor wurde Opfer eines Angriffs.", "Le port de Kessling, en Irlande, a été victime d'une attaque."},
		{"The councils for Ashby, Calder and Dunmere were hit by a cyber attack. Issues with , and and , remain offline.", ""},
		{"Dr. A. B. C., D's E’s ’s 's — (X) (Y, or Z) \u00a0\u200b CVE-9999-1 in the state of  in north-west .", "\xff\xfe\x00 told the . understands"},
		{"Der Stadtrat von Kessling, der Bezirksrat von Orrin und der Kreis Tallheim erklärten, dass sie einen Cyber-Vorfall untersuchen. Pellworth-Sprecher Jon Brandt sagte, die Systeme seien weiterhin offline.", ""},
		{"Une cyberattaque contre la mairie de Vessac a paralysé les services. Claire Dorval, porte-parole de la mairie de Vessac, a confirmé l'incident.", "Tous les services ont été rétablis."},
		{"El Ayuntamiento de Valdería sufrió un ciberataque. Lucía Ferrer, portavoz del Ayuntamiento de Valdería, confirmó el rescate.", ""},
		{"", ""},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		bodies := []string{a}
		if b != "" {
			bodies = append(bodies, b)
		}
		docs := docsOf(bodies...)
		inc := incident.Extract("fuzz", docs, incident.Options{Aliases: map[string]string{"X": "Y Z", "": ""}})
		checkIncident(t, docs, inc)
	})
}
