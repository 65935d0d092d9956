package analyze

import (
	"fmt"
	"strings"
	"testing"

	"github.com/abadojack/whatlanggo"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/model"
)

// anchorStrings renders anchors as "kind:key" for comparison.
func anchorStrings(as []model.Anchor, kinds ...model.AnchorKind) []string {
	var out []string
	for _, a := range as {
		for _, k := range kinds {
			if a.Kind == k {
				out = append(out, fmt.Sprintf("%s:%s", a.Kind, a.Key))
			}
		}
	}
	return out
}

func TestAnchors(t *testing.T) {
	name, acr, num, phone, url, quote := model.AnchorName, model.AnchorAcronym, model.AnchorNumber, model.AnchorPhone, model.AnchorURL, model.AnchorQuote
	tests := []struct {
		name  string
		in    string
		lang  string
		kinds []model.AnchorKind
		want  []string
	}{
		{"name after article", "The National Cyber Security Centre said nothing.", "", []model.AnchorKind{name},
			[]string{"name:national cyber security centre"}},
		{"connector inside", "The Bank of England and the Banque de France met.", "", []model.AnchorKind{name},
			[]string{"name:bank of england", "name:" + fold.Key("Banque de France")}},
		{"no connector at the edge", "Staff of Hull said so.", "", []model.AnchorKind{name},
			[]string{"name:staff of hull"}},
		{"list", "Leeds, York and Hull agreed.", "", []model.AnchorKind{name},
			[]string{"name:leeds", "name:york", "name:hull"}},
		{"french lower case nouns", "Le conseil régional de Bretagne a répondu lundi.", "", []model.AnchorKind{name},
			[]string{"name:bretagne"}},
		{"elision", "Selon l’ICO et d’Ivanti, rien.", "", []model.AnchorKind{name, acr},
			[]string{"acronym:ico", "name:ivanti"}},
		{"german name with von", "Der Kreisrat von Husum teilte am Montag mit, die Rechner seien abgeschaltet.", "de", []model.AnchorKind{name},
			[]string{"name:kreisrat von husum"}},
		{"german nouns", "Die Kommunen melden eine Störung.", "de", []model.AnchorKind{name}, nil},
		{"common word at sentence start", "Questions remain. The questions are many, Maria Keller said.", "", []model.AnchorKind{name},
			[]string{"name:maria keller"}},
		{"possessive", "Acme’s servers and the U.K.’s Royal Children’s Hospital.", "", []model.AnchorKind{name, acr},
			[]string{"name:acme", "acronym:uk", "name:royal children s hospital"}},
		{"possessive ends a name", "NewsDesk’s Tom Ellis wrote.", "", []model.AnchorKind{name},
			[]string{"name:newsdesk", "name:tom ellis"}},
		{"acronyms", "NCSC and ACME named CVE-2024-21887 in the U.K. and 5G.", "", []model.AnchorKind{acr},
			[]string{"acronym:ncsc", "acronym:acme", "acronym:cve 2024 21887", "acronym:uk", "acronym:5g"}},
		{"acronym in a name", "NW Services and Fortress Gate VPN.", "", []model.AnchorKind{name},
			[]string{"name:nw services", "name:fortress gate vpn"}},
		{"acronym in a compound", "ACME-Dienste", "", []model.AnchorKind{acr}, []string{"acronym:acme"}},
		{"numbers", "About 500,000 or 500.000 or 500 000 residents; 3.5 percent; in 2011 500 people.", "", []model.AnchorKind{num},
			[]string{"number:500000", "number:500000", "number:500000", "number:35", "number:2011", "number:500"}},
		{"narrow space", "500\u202f000 habitants", "", []model.AnchorKind{num}, []string{"number:500000"}},
		{"phones", "Call +44 20 7946 0018 or 0800 123 4567 today.", "", []model.AnchorKind{phone, num},
			[]string{"phone:442079460018", "phone:08001234567"}},
		{"urls", "See https://www.ncsc.gov.uk/news/x. Write to press@example.org or visit ncsc.gov.uk, e.g. today.", "", []model.AnchorKind{url},
			[]string{"url:ncsc.gov.uk/news/x", "url:press@example.org", "url:ncsc.gov.uk"}},
		{"not domains", "Use Node.js in Wessex.It is fine, i.e. ok.", "", []model.AnchorKind{url}, nil},
		{"quotes", "He said “not caused by us” and \"no data\" and « rien » and „nichts“ and ‚klein‘.", "", []model.AnchorKind{quote},
			[]string{"quote:not caused by us", "quote:no data", "quote:rien", "quote:nichts", "quote:klein"}},
		{"apostrophes are not quotes", "The council’s site and the firm’s staff.", "", []model.AnchorKind{quote}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := anchorStrings(AnchorsLang(tt.in, tt.lang), tt.kinds...)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("anchors of %q\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAnchorSpans(t *testing.T) {
	in := "Störung: „Köln“ meldet 500.000 Fälle, sagt Jürgen Müller."
	rs := []rune(in)
	for _, a := range Anchors(in) {
		if string(rs[a.Start:a.End]) != a.Surface {
			t.Errorf("%s anchor %q: span %v is %q", a.Kind, a.Surface, a.Span, string(rs[a.Start:a.End]))
		}
	}
	names := make(map[string]bool)
	for _, a := range AnchorsLang(in, "de") {
		if a.Kind == model.AnchorName {
			names[a.Surface] = true
		}
	}
	if !names["Köln"] || !names["Jürgen Müller"] || names["Störung"] {
		t.Errorf("names %v: want Köln and Jürgen Müller, not the noun Störung", names)
	}
}

func TestDetectLang(t *testing.T) {
	tests := map[string]string{
		"The council said on Friday that its payment systems were offline because of an attack.":              "en",
		"Der Landkreis teilte am Freitag mit, dass seine Systeme nach einem Angriff nicht erreichbar sind.":   "de",
		"La mairie a indiqué vendredi que ses systèmes de paiement étaient hors ligne après une attaque.":     "fr",
		"El ayuntamiento informó el viernes de que sus sistemas de pago estaban caídos tras un ataque.":       "es",
		"Il comune ha comunicato venerdì che i sistemi di pagamento sono fuori uso dopo un attacco.":          "it",
		"A câmara informou na sexta-feira que os seus sistemas de pagamento estavam em baixo após um ataque.": "pt",
		"De gemeente meldde vrijdag dat haar betaalsystemen na een aanval niet bereikbaar waren.":             "nl",
		"":       "und",
		"12 345": "und",
	}
	for in, want := range tests {
		if got := DetectLang(in); got != want {
			t.Errorf("DetectLang(%q) = %q, want %q", in, got, want)
		}
	}
}

// quickLang must agree with the trigram detector on clear text and stay
// silent on mixed or short text.
func TestQuickLang(t *testing.T) {
	texts := map[string]string{
		"en": "The council said that the attack was detected on Friday and that it has isolated the systems. It would not say which data were taken from the servers, and the regulator said it was looking into the report with the police.",
		"de": "Der Landkreis hat am Freitag mitgeteilt, dass die Systeme nach dem Angriff nicht erreichbar sind. Die Verwaltung ist auch am Montag nur eingeschränkt tätig, weil die Server noch geprüft werden und die Polizei ermittelt.",
		"fr": "La mairie a indiqué vendredi que les systèmes de paiement sont hors ligne depuis une attaque. Les services ont été isolés par précaution et une plainte a été déposée pour que les enquêteurs puissent travailler dans les meilleurs délais.",
		"es": "El ayuntamiento informó el viernes de que los sistemas de pago están caídos por un ataque. Según la alcaldía, los datos de los vecinos no fueron robados, pero la policía investiga el incidente y también los correos recibidos por el personal.",
		"it": "Il comune ha comunicato che i sistemi di pagamento sono fuori uso dopo un attacco informatico. Secondo la giunta non è stato possibile accedere ai dati dei cittadini, ma la polizia postale indaga e anche gli uffici della regione sono stati avvisati.",
		"pt": "A câmara informou que os sistemas de pagamento estão em baixo após um ataque informático. Segundo a autarquia, os dados dos munícipes não foram roubados, mas a polícia investiga o incidente e os serviços foram isolados por precaução.",
		"nl": "De gemeente heeft vrijdag gemeld dat de betaalsystemen na een aanval niet bereikbaar zijn. Volgens de gemeente zijn er geen gegevens gestolen, maar de politie doet onderzoek en ook de servers van het waterschap worden door experts gecontroleerd.",
	}
	for want, text := range texts {
		if got := quickLang(text); got != want {
			t.Errorf("quickLang(%s text) = %q", want, got)
		}
		if got := whatlanggo.Detect(text).Lang.Iso6391(); got != want {
			t.Errorf("whatlanggo disagrees on the %s text: %q", want, got)
		}
	}
	for _, text := range []string{"", "The council said so.", texts["en"] + " " + texts["fr"] + " " + texts["de"]} {
		if got := quickLang(text); got != "" {
			t.Errorf("quickLang(%.40q…) = %q, want no guess", text, got)
		}
	}
}

func TestAnalyze(t *testing.T) {
	a := model.Article{ID: "x", Title: "Council hit", Text: "The council said so. Maria Keller agreed."}
	d := Analyze(a)
	if d.Lang != "en" || len(d.Sentences) != 2 || d.ID != "x" {
		t.Errorf("Analyze: lang %q, %d sentences, id %q", d.Lang, len(d.Sentences), d.ID)
	}
	if got := anchorStrings(d.Anchors, model.AnchorName); strings.Join(got, "|") != "name:maria keller" {
		t.Errorf("anchors %q", got)
	}
	a.Lang = "de"
	if d := Analyze(a); d.Lang != "de" {
		t.Errorf("given language not kept: %q", d.Lang)
	}
}
