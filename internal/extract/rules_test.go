package extract

import (
	"testing"
)

// mkLine builds the line features of one text, as splitLines does.
func mkLine(text string) *line {
	return textLine(text)
}

func TestLineRules(t *testing.T) {
	tests := []struct {
		rule string
		fn   func(*line) bool
		junk []string
		keep []string
	}{
		{
			rule: RuleAge, fn: isAge,
			junk: []string{
				"3 hours ago", "2 h ago · 5 min read", "1 year ago 12", "Updated 4 days ago",
				"vor 2 Stunden", "Vor einem Tag", "Il y a 3 heures", "il y a une semaine",
				"hace 5 minutos", "Hace una hora", "5 giorni fa", "2 uur geleden",
				"Gestern, 14:30", "Yesterday", "há 3 dias",
			},
			keep: []string{
				"Two years ago the firm was hacked.",
				"3 years ago, the council outsourced its IT to a provider",
				"Vor zwei Jahren wurde die Stadt angegriffen.",
				"Il y a trois ans, la mairie avait déjà été visée par une attaque.",
				"Yesterday the council confirmed the attack.",
			},
		},
		{
			rule: RuleCounter, fn: isCounter,
			junk: []string{"39", "1.2K views", "12 comments", "5 min read", "Lesezeit: 4 Min.", "***", "—", "4 commentaires"},
			keep: []string{"12 comments were posted under the article.", "Version 2", "Council tax"},
		},
		{
			rule: RuleAd, fn: isAd,
			junk: []string{
				"ADVERTISEMENT", "Advertisement - Scroll to continue", "Anzeige", "Publicité",
				"Sponsored content", "Story continues below advertisement", "Publicidad",
				"La suite après la publicité", "Werbung", "Pubblicità",
			},
			keep: []string{"Anzeige erstattet", "Ad hoc committee meets", "The partner said no.", "Partner councils"},
		},
		{
			rule: RuleSignature, fn: isSignature,
			junk: []string{"xyz-3-news", "Feed-12", "scrape_77", "rss-feed-2024"},
			keep: []string{"CVE-2024-21887", "COVID-19", "Wi-Fi", "2024-01-05", "Wessex", "Feed 12"},
		},
		{
			rule: RuleFooter, fn: isFooter,
			junk: []string{
				"Read more", "Read the full story", "Read full article", "Continue reading", "Read more at Example News",
				"Weiterlesen", "Lire la suite", "Leer más", "Source", "Quelle", "Fuente",
				"Originally published at example.com", "Click here to subscribe", "En savoir plus",
			},
			keep: []string{
				"Read the council's statement in full, which says no data was accessed.",
				"Source code was leaked",
				"Sources said the attack began on Monday.",
				"Readers reported outages",
			},
		},
		{
			rule: RuleWidget, fn: isWidget,
			junk: []string{
				"Share", "Share on Twitter", "Related articles", "Most read", "Lesen Sie auch",
				"À lire aussi", "Lo más leído", "Next article", "Tags", "Trending now", "Meistgelesen",
			},
			keep: []string{"Home Office confirms breach", "Share prices fell 5%", "Most councils have restored services."},
		},
	}
	for _, tt := range tests {
		for _, s := range tt.junk {
			if !tt.fn(mkLine(s)) {
				t.Errorf("%s: %q kept, want removed", tt.rule, s)
			}
		}
		for _, s := range tt.keep {
			if tt.fn(mkLine(s)) {
				t.Errorf("%s: %q removed, want kept", tt.rule, s)
			}
		}
	}
}

func TestBreadcrumbOf(t *testing.T) {
	tests := []struct {
		line, title string
		want        bool
	}{
		{"News › Cybersecurity › Council hit by ransomware attack", "Council hit by ransomware attack", true},
		{"NewsWorldCouncil hit by ransomware attack", "Council hit by ransomware attack", true},
		{"Home / Security / Council hit by ransomware attack", "Council hit by ransomware attack", true},
		{"StartseiteNachrichtenStadtwerke Muenchen melden Stoerung", "Stadtwerke München melden Störung", true},
		{"AccueilActualitésLa mairie de Calais visée par une cyberattaque", "La mairie de Calais visée par une cyberattaque", true},
		// Prose that happens to end with the headline's words.
		{"Officials confirmed that the council hit by ransomware attack", "Council hit by ransomware attack", false},
		{"The mayor said: Council hit by ransomware attack", "Council hit by ransomware attack", false},
		// Titles of one or two words are too weak to match.
		{"HomeCyber", "Cyber", false},
		{"Council hit by ransomware attack", "Council hit by ransomware attack", false},
	}
	for _, tt := range tests {
		if got := breadcrumbOf(mkLine(tt.line), mkLine(tt.title)); got != tt.want {
			t.Errorf("breadcrumbOf(%q, %q) = %v, want %v", tt.line, tt.title, got, tt.want)
		}
	}
}

func TestIsContact(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Got a tip? You can reach our reporter on WhatsApp at +1 555 010 0199 or email tips@example.org.", true},
		{"Haben Sie Hinweise? Kontaktieren Sie unsere Redaktion vertraulich per Threema oder E-Mail.", true},
		{"Vous avez des informations ? Écrivez-nous sur Telegram ou par courriel.", true},
		{"¿Tiene información? Puede contactar a nuestra redacción por Signal o correo electrónico.", true},
		{"Do you work at the council? Contact the author securely via Signal or SecureDrop.", true},
		// News, not solicitations.
		{"Anyone with information should call police on 101 or email the force.", false},
		{"The attackers used Telegram and WhatsApp to contact victims, police said.", false},
		{"“You can contact us on WhatsApp or by email,” the council told residents.", false},
		{"Sie nutzten Signal und WhatsApp für die Kommunikation mit den Opfern.", false},
		{"If you receive a suspicious email, do not click the link, the council warned.", false},
		{"You may have seen a signal that the email service is down.", false},
	}
	for _, tt := range tests {
		if got := isContact(tt.text); got != tt.want {
			t.Errorf("isContact(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestIsSentence(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Nobody was hurt.", true},
		{"“It was a cyberattack,” he said.", true},
		{"Is my data safe?", true},
		{"Learn about it.", true},
		{"Contact sales.", false},
		{"Get the report", false},
		{"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen", true},
	}
	for _, tt := range tests {
		if got := isSentence(tt.s); got != tt.want {
			t.Errorf("isSentence(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestContactImperative(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Worked at the depot or saw what happened? Contact Mina Okafor on 020 7946 0321, or message her on Signal at +44 7700 900123.", true},
		{"Contactez notre journaliste au 01 23 45 67 89 ou sur Signal au +33 6 12 34 56 78.", true},
		{"Police asked witnesses to call 101 or email the incident team.", false},
		{"The council said residents should contact the help desk on 0300 123 4567 while systems were down.", false},
	} {
		if got := isContact(tt.text); got != tt.want {
			t.Errorf("isContact(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
