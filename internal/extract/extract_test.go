package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/model"
)

// doc builds a raw document from lines.
func doc(lines ...string) model.Raw {
	return model.Raw{ID: "t", Source: "test", Body: []byte(strings.Join(lines, "\n") + "\n")}
}

// The documents below are invented; they never copy the shared seeds.

func TestCleanJunk(t *testing.T) {
	tests := []struct {
		name    string
		raw     model.Raw
		title   string
		removed []int
		text    string
	}{
		{
			name: "en aggregator",
			raw: doc(
				"Water utility says billing portal hit by ransomware", // 1
				"",
				"2 hours ago 17", // 3
				"ADVERTISEMENT",  // 4
				"",               // 5
				"A regional water company said on Tuesday that attackers encrypted servers behind its billing portal.", // 6
				"",
				"“We are restoring systems from backups,” a spokesperson said.", // 8
				"",
				"Read more", // 10
				"",
				"feed-77", // 12
			),
			title:   "Water utility says billing portal hit by ransomware",
			removed: []int{3, 4, 10, 12},
			text:    "A regional water company said on Tuesday that attackers encrypted servers behind its billing portal.\n\n“We are restoring systems from backups,” a spokesperson said.",
		},
		{
			name: "de breadcrumb and transliterated title",
			raw: doc(
				"StartseiteNachrichtenStadtwerke Muenchen melden Störung nach Hackerangriff", // 1
				"",
				"Stadtwerke München melden Störung nach Hackerangriff", // 3
				"",
				"Stadtwerke Muenchen melden Stoerung nach Hackerangriff", // 5
				"",
				"vor 3 Stunden", // 7
				"",
				"Die Stadtwerke haben nach einem Angriff mehrere Systeme vom Netz genommen.", // 9
				"",
				"Haben Sie Hinweise zu dem Vorfall? Kontaktieren Sie die Redaktion über Threema oder per E-Mail.", // 11
				"",
				"Anzeige", // 13
			),
			title:   "Stadtwerke München melden Störung nach Hackerangriff",
			removed: []int{1, 5, 7, 11, 13},
			text:    "Die Stadtwerke haben nach einem Angriff mehrere Systeme vom Netz genommen.",
		},
		{
			name: "fr contact and footer",
			raw: doc(
				"Accueil › Actualités › La mairie de Calais visée par une cyberattaque", // 1
				"La mairie de Calais visée par une cyberattaque",                        // 2
				"",
				"Publicité", // 4
				"",
				"La mairie a confirmé vendredi une attaque informatique contre ses serveurs.", // 6
				"",
				"Vous avez des informations ? Écrivez-nous sur Telegram ou par courriel.", // 8
				"",
				"Lire la suite", // 10
			),
			title:   "La mairie de Calais visée par une cyberattaque",
			removed: []int{1, 4, 8, 10},
			text:    "La mairie a confirmé vendredi une attaque informatique contre ses serveurs.",
		},
		{
			name: "es tail of widgets and promotion",
			raw: doc(
				"Un hospital de Valencia sufre un ciberataque", // 1
				"",
				"Hace 5 minutos", // 3
				"",
				"El hospital suspendió las citas después de detectar un acceso no autorizado a sus sistemas.", // 5
				"",
				"¿Tiene información? Puede contactar a nuestra redacción por Signal o correo electrónico.", // 7
				"",
				"Descubra nuestra plataforma", // 9
				"",
				"Lo más leído", // 11
				"",
				"Compartir", // 13
				"",
				"Noticias relacionadas", // 15
			),
			title:   "Un hospital de Valencia sufre un ciberataque",
			removed: []int{3, 7, 9, 11, 13, 15},
			text:    "El hospital suspendió las citas después de detectar un acceso no autorizado a sus sistemas.",
		},
		{
			name: "no title: first line is a sentence",
			raw: doc(
				"The port authority said its cargo booking system has been offline since Sunday because of an attack.", // 1
				"",
				"Trucks queued for hours outside the gates.", // 3
				"",
				"Source", // 5
			),
			title:   "",
			removed: []int{5},
			text:    "The port authority said its cargo booking system has been offline since Sunday because of an attack.\n\nTrucks queued for hours outside the gates.",
		},
		{
			name: "kicker and date above the headline",
			raw: doc(
				"Cybersecurity", // 1
				"",
				"March 3, 2031", // 3
				"",
				"Hospital network hit by ransomware", // 5
				"",
				"The hospital network postponed operations after an attack on Sunday night.", // 7
			),
			title:   "Hospital network hit by ransomware",
			removed: []int{1, 3},
			text:    "The hospital network postponed operations after an attack on Sunday night.",
		},
		{
			name: "short first lines without a headline stay",
			raw: doc(
				"Cybersecurity", // 1
				"",
				"The hospital network postponed operations after an attack on Sunday night.", // 3
			),
			title:   "",
			removed: nil,
			text:    "Cybersecurity\n\nThe hospital network postponed operations after an attack on Sunday night.",
		},
		{
			name: "head metadata, standfirst kept",
			raw: doc(
				"Ransomware gang claims attack on shipping firm", // 1
				"",
				"By Jane Example", // 3
				"March 3, 2031",   // 4
				"5 min read",      // 5
				"",
				"The group posted samples of what it says are internal documents, and the company is checking them", // 7
				"",
				"The shipping company said it was investigating the claim.", // 9
			),
			title:   "Ransomware gang claims attack on shipping firm",
			removed: []int{3, 4, 5},
			text:    "The group posted samples of what it says are internal documents, and the company is checking them\n\nThe shipping company said it was investigating the claim.",
		},
		{
			name: "page furniture inside the body",
			raw: doc(
				"Port operator restores booking system after attack", // 1
				"",
				"segunda-feira, 3 de março de 2031 às 9:12", // 3
				"",
				"The port operator said its booking system was back after a week offline.", // 5
				"",
				"Whatsapp Facebook Pint Baixar", // 7
				"",
				"READ MORE: Ferry company hit by ransomware last spring", // 9
				"",
				"Get Harbour Weekly delivered every month. Click here for more information.", // 11
				"",
				"Updated at 1:23 p.m.", // 13
				"",
				"Investigators are still looking at how the attackers got in.", // 15
				"",
				"Tags: ports, ransomware, shipping", // 17
				"ports, ransomware, shipping",       // 18
				"",
				"05/03/2031 - Posted by: Jane Example - Category: Security", // 20
				"",
				"Comments are moderated and will be approved before they appear.", // 22
			),
			title:   "Port operator restores booking system after attack",
			removed: []int{3, 7, 9, 11, 13, 17, 18, 20, 22},
			text:    "The port operator said its booking system was back after a week offline.\n\nInvestigators are still looking at how the attackers got in.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Clean(tt.raw, nil)
			if a.Title != tt.title {
				t.Errorf("title %q, want %q", a.Title, tt.title)
			}
			if got := removedLines(a); !slices.Equal(got, tt.removed) {
				t.Errorf("removed %v, want %v\n%s", got, tt.removed, describe(a))
			}
			if a.Text != tt.text {
				t.Errorf("text\n%q\nwant\n%q", a.Text, tt.text)
			}
		})
	}
}

// Clean articles that must lose nothing: short paragraphs, quotes,
// one-sentence paragraphs, subheadings and lists inside the body.
func TestCleanKeepsContent(t *testing.T) {
	tests := []struct {
		name  string
		title string
		paras []string
	}{
		{"en", "Council restores payment services after attack", []string{
			"The council said on Monday that online payments were working again, a week after the attack.",
			"“No.”",
			"Nobody was hurt.",
			"What happened",
			"Investigators believe the attackers entered through a remote-access appliance.",
			"The affected services were:",
			"council tax",
			"parking permits",
			"The council thanked residents for their patience.",
		}},
		{"de", "Landkreis nach Cyberangriff weiter eingeschränkt", []string{
			"Der Landkreis kann seit Montag keine Kfz-Zulassungen mehr bearbeiten.",
			"„Wir arbeiten mit Hochdruck an der Wiederherstellung“, sagte ein Sprecher.",
			"Die Polizei ermittelt.",
			"Betroffen sind unter anderem:",
			"- die Zulassungsstelle",
			"- das Bürgerbüro",
		}},
		{"fr", "L’hôpital de Calais ciblé par un rançongiciel", []string{
			"L’hôpital a déclenché son plan blanc après une attaque informatique dans la nuit de samedi.",
			"« Aucun patient n’a été mis en danger », a assuré la direction.",
			"Les urgences restent ouvertes.",
			"Une plainte a été déposée.",
		}},
		{"es", "El ayuntamiento recupera sus servicios tras el ataque", []string{
			"El ayuntamiento informó el lunes de que la sede electrónica vuelve a funcionar.",
			"«Ha sido una semana muy dura», dijo la alcaldesa.",
			"No hubo rescate.",
			"Los técnicos siguen revisando los equipos.",
		}},
		{"look-alikes of furniture", "Live: ferry operator outage", []string{
			"The ferry operator said its systems went down on Monday morning.",
			"4:14 p.m.",
			"Related systems at the ports were not affected, the operator said.",
			"More than 300 sailings were cancelled.",
			"Tags on the luggage could not be printed.",
			"Comments from the operator were removed from its website later that day.",
			"The new timetable covers:",
			"Monday 3 March",
			"Tuesday 4 March",
		}},
		{"zh, written without spaces", "市医院网络遭勒索软件攻击", []string{
			"市医院周一表示，一次勒索软件攻击导致其预约系统瘫痪，部分手术被推迟。",
			"院方称，急诊服务照常运行，患者数据是否外泄仍在调查中。",
			"警方已介入调查。",
		}},
		{"ja, written without spaces", "市立病院にランサムウェア攻撃", []string{
			"市立病院は月曜日、ランサムウェア攻撃で予約システムが停止し、一部の手術を延期したと発表した。",
			"救急外来は通常通り診療している。",
		}},
		{"wrapped", "Hospital network disrupted", []string{
			"The hospital network said on Friday that it had isolated its systems after detecting unusual activity overnight.",
			"Planned operations were postponed.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := []string{tt.title, ""}
			for _, p := range tt.paras {
				lines = append(lines, p, "")
			}
			raw := doc(lines...)
			if tt.name == "wrapped" {
				// The same paragraphs, hard-wrapped: one paragraph per block.
				raw = doc(tt.title, "",
					"The hospital network said on Friday that it had isolated", "its systems after detecting unusual activity overnight.", "",
					"Planned operations were postponed.")
			}
			a := Clean(raw, nil)
			if len(a.Removed) != 0 {
				t.Errorf("removed content:\n%s", describe(a))
			}
			if a.Title != tt.title || a.TitleLine != 1 {
				t.Errorf("title %q (line %d), want %q (line 1)", a.Title, a.TitleLine, tt.title)
			}
			if want := strings.Join(tt.paras, "\n\n"); a.Text != want {
				t.Errorf("text\n%q\nwant\n%q", a.Text, want)
			}
		})
	}
}

func TestCleanSourceTitle(t *testing.T) {
	raw := doc("Home › Council hit by cyberattack", "", "Council hit by cyberattack", "", "The council confirmed an attack on its servers.")
	raw.Title = "Council hit by cyberattack"
	a := Clean(raw, nil)
	if a.Title != raw.Title || a.TitleLine != 3 {
		t.Errorf("title %q line %d, want %q line 3", a.Title, a.TitleLine, raw.Title)
	}
	if got := removedLines(a); !slices.Equal(got, []int{1}) {
		t.Errorf("removed %v, want [1]\n%s", got, describe(a))
	}
	if a.Text != "The council confirmed an attack on its servers." {
		t.Errorf("text %q", a.Text)
	}
}

func TestCleanFields(t *testing.T) {
	raw := doc("Short headline here", "", "Body sentence one is here.")
	raw.URI, raw.URL, raw.Lang = "file:x", "https://example.org/x", "en"
	a := Clean(raw, nil)
	if a.ID != raw.ID || a.Source != raw.Source || a.URI != raw.URI || a.URL != raw.URL || a.Lang != "en" {
		t.Errorf("fields not copied: %+v", a)
	}
	// sha256 of the body.
	if len(a.Hash) != 64 || a.Hash == hashBody(nil) {
		t.Errorf("hash %q", a.Hash)
	}
	crlf := raw
	crlf.Body = []byte(strings.ReplaceAll(string(raw.Body), "\n", "\r\n"))
	if b := Clean(crlf, nil); b.Text != a.Text || b.Title != a.Title {
		t.Errorf("CRLF body cleaned differently: %q / %q", b.Title, b.Text)
	}
}

func TestRepeated(t *testing.T) {
	article := []string{
		"Regional airport check-in systems disrupted", "",
		"Check-in desks at a regional airport switched to paper after an attack on a supplier.", "",
		"Flights were delayed by up to two hours.",
	}
	site := func(id string, body ...string) model.Raw {
		lines := append([]string{"Latest News", ""}, body...)
		lines = append(lines, "", "Subscribe to our newsletter today")
		r := doc(lines...)
		r.ID, r.Source = id, "site"
		return r
	}
	rep := NewRepeated()
	a := site("a", article...)
	rep.Add(a)
	rep.Add(a) // counted once
	if rep.Is("site", "Latest News") {
		t.Fatal("a line of one document learned")
	}
	// A copy of the same article in the same source.
	rep.Add(site("b", article...))
	rep.Add(site("c", "Ferry operator restores bookings", "", "The ferry operator said bookings were possible again."))
	for _, s := range []string{"Latest News", "Subscribe to our newsletter today", "  latest news "} {
		if !rep.Is("site", s) {
			t.Errorf("Is(%q) = false, want true", s)
		}
	}
	for _, s := range []string{article[0], article[2], article[4]} {
		if rep.Is("site", s) {
			t.Errorf("Is(%q) = true: copied content learned as boilerplate", s)
		}
	}
	if rep.Is("other", "Latest News") {
		t.Error("line learned for another source")
	}
	var nilRep *Repeated
	if nilRep.Is("site", "Latest News") {
		t.Error("nil Repeated knows lines")
	}
	got := Clean(site("d", article...), rep)
	if got.Title != article[0] {
		t.Errorf("title %q, want %q\n%s", got.Title, article[0], describe(got))
	}
	if want := []int{1, 9}; !slices.Equal(removedLines(got), want) {
		t.Errorf("removed %v, want %v\n%s", removedLines(got), want, describe(got))
	}
}

func removedLines(a model.Article) []int {
	var out []int
	for _, r := range a.Removed {
		out = append(out, r.Line)
	}
	return out
}

func describe(a model.Article) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title %d %q\n", a.TitleLine, a.Title)
	for _, r := range a.Removed {
		fmt.Fprintf(&b, "  %d %s %q\n", r.Line, r.Rule, r.Text)
	}
	return b.String()
}

// Repeated is shared by concurrent workers; run with -race.
func TestRepeatedConcurrent(t *testing.T) {
	rep := NewRepeated()
	done := make(chan bool)
	for w := 0; w < 4; w++ {
		go func() {
			for i := 0; i < 50; i++ {
				r := doc("Headline number one here", "", fmt.Sprintf("Body sentence %d of worker %d is here.", i, w), "", "Footer label")
				r.ID = fmt.Sprint(w, "-", i)
				rep.Add(r)
				Clean(r, rep)
			}
			done <- true
		}()
	}
	for w := 0; w < 4; w++ {
		<-done
	}
	if !rep.Is("test", "Footer label") {
		t.Error("footer not learned")
	}
}

// TestCleanHTMLKeepsRepeatedSentences: text found in HTML keeps a
// sentence that recurs (the HTML extractor has already dropped repeated
// blocks), while plain text drops the repeat.
func TestCleanHTMLKeepsRepeatedSentences(t *testing.T) {
	body := "Harbour systems back online\n\nWhat did the port tell hauliers?\n\nThe port said queues had eased by noon.\n\nWhat did the port tell hauliers?\n\nIt said bookings would be checked again on Tuesday.\n"
	for _, tt := range []struct {
		ctype   string
		repeats int
	}{{"text/html", 2}, {"text/plain", 1}} {
		a := Clean(model.Raw{ID: "q", Body: []byte(body), ContentType: tt.ctype}, nil)
		if n := strings.Count(a.Text, "What did the port tell hauliers?"); n != tt.repeats {
			t.Errorf("%s: question kept %d times, want %d:\n%s", tt.ctype, n, tt.repeats, a.Text)
		}
	}
}
