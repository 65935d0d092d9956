package extract

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/casefile/casefile/internal/fold"
)

// Rule names, as recorded in model.Removal.Rule.
const (
	RuleAge        = "age-counter"          // "9 months ago 39", "vor 2 Stunden"
	RuleCounter    = "counter"              // "39 comments", "5 min read", "—", "39"
	RuleAd         = "ad-slot"              // "ADVERTISEMENT", "Anzeige", "Publicité"
	RuleSignature  = "scraper-signature"    // a lone token such as "abc-1-xyz" or "Feed-12"
	RuleFooter     = "aggregator-footer"    // "Source link", "Read more", "Lire la suite"
	RuleWidget     = "widget-label"         // "Share", "Most read", "Related articles"
	RuleBreadcrumb = "breadcrumb"           // "Home › News › <the title>"
	RuleDuplicate  = "duplicate"            // a line equal (folded) to an earlier one
	RuleContact    = "contact-solicitation" // "Do you know more? Reach us on Signal or by email."
	RuleRepeated   = "repeated-line"        // learned: repeats across a source's documents
	RuleHead       = "head-metadata"        // short lines between title and body
	RuleTail       = "tail-boilerplate"     // short lines after the last paragraph
	RuleShare      = "share-buttons"        // "Whatsapp Facebook Pint Baixar"
	RuleMeta       = "tags-byline"          // "Tags: a, b, c", "Posted by: X - Category: Y"
	RulePolicy     = "comment-policy"       // "Comments are moderated before they appear."
	RuleRelated    = "related-link"         // "READ MORE: <another story's headline>"
	RulePromo      = "promotion"            // "Get the magazine ... Click here for more information."
	RuleDate       = "date-line"            // "segunda-feira, 22 de janeiro de 2018 às 0:13"
)

// plain folds s to lower-case letters and digits separated by single
// spaces, without fold.Key's digraph reduction, so that vocabulary
// patterns can be written as plain words ("continue reading").
func plain(s string) string { return fold.Words(s) }

// plainFolded is plain for text already passed through fold.String.
func plainFolded(f string) string { return fold.WordsFolded(f) }

// Relative time stamps as aggregators print them, in several languages,
// optionally followed by counters ("9 months ago 39", "2 h ago · 5 min
// read"). Patterns apply to the plain form of the line (see plain).
var (
	ageStart = `^(?:(?:updated|posted|published|edited|aktualisiert|veroffentlicht|mis a jour|publie|actualizado|publicado|aggiornato|pubblicato|bijgewerkt) )?`
	ageForms = []string{
		`(?:\d+|an?|one|a few) ?(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mos?|months?|y|yrs?|years?) ago`,
		`vor (?:\d+|einer?|einem|wenigen) ?(?:sek|sekunden?|min|minuten?|std|stunden?|tag|tagen|wochen?|monat|monaten|jahr|jahren)`,
		`il y a (?:\d+|une?|quelques) ?(?:s|sec|secondes?|min|minutes?|h|heures?|j|jours?|semaines?|mois|ans?|annees?)`,
		`hace (?:\d+|una?|unos|unas) ?(?:s|seg|segundos?|min|minutos?|h|horas?|d|dias?|semanas?|mes|meses|anos?)`,
		`ha (?:\d+|uma?) ?(?:segundos?|min|minutos?|h|horas?|dias?|semanas?|mes|meses|anos?)`,
		`(?:\d+|una?|uno) ?(?:secondi|minuti|min|ore|ora|h|giorni|giorno|settimane?|mesi|mese|anni|anno) fa`,
		`(?:\d+|een) ?(?:seconden?|minuten?|min|uur|uren|dagen|dag|weken|week|maanden|maand|jaren|jaar) geleden`,
	}
	// ageTail allows counters after the time stamp: "39", "· 5 min read", "| 12 comments".
	ageTail = `(?: \d+(?: \d+)? ?[km]?(?: \pL+){0,2})*$`
	ageRe   = regexp.MustCompile(ageStart + `(?:` + strings.Join(ageForms, `|`) + `)` + ageTail)
	// dayRe matches a lone day word with an optional clock time.
	dayRe = regexp.MustCompile(`^(?:just now|yesterday|today|gerade eben|gestern|heute|a l instant|hier|aujourd hui|ahora mismo|ayer|hoy|ieri|oggi|ontem|hoje|gisteren|vandaag)(?: (?:at |um |a )?\d{1,2} ?h? ?\d{2}(?: ?[ap] ?m)?)?$`)
)

// counterRe matches engagement counters and reading times (on plain text).
var counterRe = regexp.MustCompile(`^(?:\d+(?: \d+)? ?[km]? (?:comments?|views?|shares?|likes?|reads?|kommentare?|aufrufe|commentaires?|vues|partages|comentarios?|vistas|commenti|visualizzazioni|reacties)` +
	`|\d+ ?(?:min|mins|minutes?|minuten|minutos|minuti)(?: (?:read|reading|lesezeit|de lecture|lectura|di lettura|leestijd))?` +
	`|(?:lesezeit|lecture|lectura|temps de lecture|reading time)(?: \d+)? ?(?:min|minuten|minutes|minutos)?(?: \d+ ?(?:min|minuten|minutes|minutos))?)$`)

// isAge reports a relative time stamp or a lone day word, possibly with counters.
func isAge(l *line) bool {
	if l.words > 10 || (endsSentence(l.text) && l.words >= minSentenceWords) {
		return false
	}
	p := l.plainText()
	return ageRe.MatchString(p) || dayRe.MatchString(p)
}

// isCounter reports engagement counters, reading times and short lines
// without any letter ("39", "***", "|").
func isCounter(l *line) bool {
	if !hasLetter(l.text) {
		return len([]rune(l.text)) <= 24
	}
	return l.words <= 6 && counterRe.MatchString(l.plainText())
}

// adWords name an advertisement slot; adFill are the words that may
// accompany them in a slot label ("Story continues below advertisement",
// "La suite après la publicité").
var adWords = set("advertisement advertisements advertising advert adverts ad ads sponsored sponsor sponsors promoted promotion partner anzeige anzeigen werbung gesponsert publicite publicidad publicidade pubblicita sponsorise sponsorisee patrocinado patrocinada patrocinio reklame advertentie annonce annonces annuncio inzerce reklama")

var adFill = set("article story content contents post text page continues continue continued below after the this our from de la le les del della nach der die das dem inhalt contenu contenido contenuto conteudo scroll to reading weiterlesen lesen geht es weiter mit sigue leyendo suite ci dessous apres unten by van von par por di da paid")

// isAd reports an ad-slot label: a short line made only of advertising
// words and their usual companions, with at least one advertising word.
func isAd(l *line) bool {
	if l.words > 6 || (endsSentence(l.text) && l.words >= minSentenceWords) {
		return false
	}
	n, ok := countOnly(l.plainText(), adWords, adFill)
	return ok && n > 0
}

// countOnly counts the words of plain text that are in counted; ok is
// false when a word is in neither counted nor fill.
func countOnly(plainText string, counted, fill map[string]bool) (n int, ok bool) {
	for _, w := range strings.Fields(plainText) {
		switch {
		case counted[w]:
			n++
		case fill[w]:
		default:
			return 0, false
		}
	}
	return n, true
}

// signatureRe matches a lone token of letters and digits joined by
// hyphens or underscores.
var signatureRe = regexp.MustCompile(`^[\pL\pN]+(?:[-_][\pL\pN]+)+$`)

// isSignature reports a scraper's signature: a lone token with a
// purely numeric hyphen-separated part ("abc-1-xyz", "Feed-146"). Tokens
// whose letters are all upper case are kept: they name things
// ("CVE-2024-1234", "COVID-19").
func isSignature(l *line) bool {
	t := l.text
	if l.words != 1 || len(t) > 40 || !signatureRe.MatchString(t) {
		return false
	}
	digitPart := false
	for _, p := range strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '_' }) {
		if strings.TrimFunc(p, unicode.IsDigit) == "" {
			digitPart = true
		}
	}
	return digitPart && hasLetter(t) && strings.IndexFunc(t, unicode.IsLower) >= 0
}

// footerRe matches aggregator footers and calls to read the original.
var footerRe = regexp.MustCompile(`^(?:` +
	`source link|source|sources|quelle|quellen|fuente|fonte|bron|lien source|enlace fuente|link alla fonte|original source` +
	`|(?:read|view|see|lire|leer|leggi|leia|lees|lesen)(?: (?:the|l|la|el|il|o|het|de|den|das))?(?: (?:entire|full|whole|original|complete|more|rest|next|all|integral|completo|completa|mas|plus|di piu|mais|meer|suite|verder|weiter|ganzen))*(?: (?:article|story|post|report|artikel|articulo|articolo|artigo|here|ici|aqui|qui|hier|online|at|on|en|auf|sur))*(?: \pL+(?: \pL+)?)?` +
	`|continue reading|keep reading|weiterlesen|mehr lesen|mehr dazu|zum artikel|lire la suite|la suite|en savoir plus|seguir leyendo|sigue leyendo|continua a leggere|continuar lendo|verder lezen` +
	`|originally published(?: .*)?|original article|first published(?: .*)?|click here(?: .*)?|klicken sie hier|cliquez ici|haga clic aqui|clicca qui|learn more|mehr erfahren|plus d infos|mas informacion` +
	`)$`)

// isFooter reports an aggregator footer or read-more call ("Source link",
// "Read the full article on …", "Weiterlesen", "Lire la suite").
func isFooter(l *line) bool {
	if l.words > 8 || (endsSentence(l.text) && l.words >= minSentenceWords+1) {
		return false
	}
	p := l.plainText()
	if p == "" {
		return false
	}
	// "Read …" patterns allow a trailing outlet name: only for short lines.
	return footerRe.MatchString(p) && (l.words <= 5 || !strings.HasPrefix(p, "read"))
}

// widgetRe matches navigation and widget labels.
var widgetRe = regexp.MustCompile(`^(?:` +
	`share|share (?:this|on) ?(?:article|story|page|post|facebook|twitter|x|linkedin)?|tweet|email|e mail|print|teilen|drucken|partager|imprimer|compartir|imprimir|condividi|stampa|delen` +
	`|comments?|kommentare?|commentaires?|comentarios?|commenti|reacties|leave a (?:comment|reply)|(?:\d+ )?responses?` +
	`|related(?: articles| stories| posts| news| content| reading)?|more from .{1,40}|more (?:news|stories)|see also|(?:most|recent|latest|top|popular) (?:popular|read|viewed|shared|posts|comments|articles|stories|news|updates)` +
	`|(?:no )?(?:previous|next|new|older|newer) (?:article|articles|post|posts|story|stories)|tags?|topics?|categories|menu|home|search|skip to (?:content|main content)|newsletter|subscribe(?: now)?|sign up|sign in|log ?in|register` +
	`|abonnieren|jetzt abonnieren|s abonner|suscribete|iscriviti|meistgelesen|lesen sie auch|auch interessant|a lire aussi|lire aussi|le plus lu|les plus lus|lo mas leido|ver tambien|vedi anche|leggi anche|mais lidas|veja tambem|meest gelezen|lees ook` +
	`|trending(?: now)?|top stories|follow us(?: on .{1,30})?|folgen sie uns|suivez nous|siguenos|seguici|all rights reserved|(?:c )?copyright(?: .{1,40})?|cookie (?:settings|policy)|privacy policy|terms of (?:use|service)|impressum|datenschutz|mentions legales` +
	`)$`)

// isWidget reports a navigation or widget label ("Share", "Most read",
// "Lire aussi", "No previous article").
func isWidget(l *line) bool {
	if l.words > 6 || (endsSentence(l.text) && l.words >= minSentenceWords) {
		return false
	}
	return widgetRe.MatchString(l.plainText())
}

// lineRule judges a line by itself.
type lineRule struct {
	name string
	fn   func(*line) bool
}

// lineRules are the rules that judge a line by itself, in order.
var lineRules = []lineRule{
	{RuleAge, isAge},
	{RuleCounter, isCounter},
	{RuleAd, isAd},
	{RuleSignature, isSignature},
	{RuleFooter, isFooter},
	{RuleWidget, isWidget},
	{RuleShare, isShareRow},
	{RuleMeta, isMetaLine},
	{RulePolicy, isCommentPolicy},
	{RuleRelated, isRelated},
	{RulePromo, isPromo},
	{RuleDate, isDateLine},
}

// breadcrumbSeps end a breadcrumb trail before the title.
const breadcrumbSeps = ">›»/|·•→-–—"

// breadcrumbOf reports whether l is a navigation trail glued to the text
// of title: l ends with title (folded), after a short prefix that is
// either glued to it ("HomeNewsTitle") or ends with a separator
// ("Home › News › Title").
func breadcrumbOf(l, title *line) bool {
	tkey := title.key
	if len(l.key) <= len(tkey) || title.words < 3 || len(strings.Fields(tkey)) < 3 {
		return false
	}
	// Cheap test first: both keys end with the same word.
	if last := tkey[strings.LastIndexByte(tkey, ' ')+1:]; !strings.HasSuffix(l.key, last) {
		return false
	}
	// Exact suffix after case and accent folding, punctuation kept.
	fl, ft := l.fold(), title.fold()
	if strings.HasSuffix(fl, ft) {
		return navPrefix(fl[:len(fl)-len(ft)], true)
	}
	// Transliterated suffix: only glued prefixes (separators are lost in keys).
	if strings.HasSuffix(l.key, tkey) {
		p := l.key[:len(l.key)-len(tkey)]
		return !strings.HasSuffix(p, " ") && navPrefix(p, false)
	}
	return false
}

// navPrefix reports whether p looks like a navigation trail before a
// title: a few words, glued to the title or ending with a separator.
func navPrefix(p string, sepAllowed bool) bool {
	if p == "" || !hasLetter(p) || len([]rune(p)) > 60 || len(strings.Fields(p)) > 6 {
		return false
	}
	if endsSentence(p) {
		return false
	}
	last := []rune(p)[len([]rune(p))-1]
	if unicode.IsLetter(last) || unicode.IsDigit(last) {
		return true // glued: "HomeLatest UpdatesTitle"
	}
	if !sepAllowed {
		return false
	}
	t := strings.TrimRight(p, " ")
	if t == "" {
		return false
	}
	r := []rune(t)
	return strings.ContainsRune(breadcrumbSeps, r[len(r)-1])
}

// address words speak to the reader. German "Sie", "Ihnen", "Ihr" are
// matched in the original text with their capital letter and after a
// word, since at the start of a sentence they may mean "they" or "her".
var addressWords = set("you your yours vous votre vos tu toi te usted ustedes vosotros puede pueden contacte contactenos escribanos voi vostro vostra potete puoi contattateci voce voces jij jou jouw u uw du dich dir euch")

var addressDe = regexp.MustCompile(`\pL,? (?:Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer)\b`)

// imperativeRe finds a sentence that tells the reader to get in touch.
var imperativeRe = regexp.MustCompile(`(?:^|[.!?]\s+)(?:Contact|Call|Email|E-mail|Message|Text|Reach|Send|Write to|Tip off|Contactez|Écrivez|Appelez|Contacte|Escriba|Llame|Contatta|Scrivi|Neem contact)\b`)

// messengers are contact channels reporters list for tips.
var messengers = set("signal securedrop whatsapp telegram threema wickr keybase protonmail")

// emailPhrases name e-mail in several languages (plain text).
var emailPhrases = []string{"email", "e mail", "mail", "courriel", "courrier electronique", "correo electronico", "correo", "posta elettronica", "correio eletronico"}

var phoneRe = regexp.MustCompile(`\+?\d[\d ()./-]{6,}\d`)

// quotedRe matches quoted passages, dropped before looking for address words.
var quotedRe = regexp.MustCompile(`“[^”]*”|„[^“”]*[“”]|«[^»]*»|"[^"]*"`)

// isContact reports a reporter's contact solicitation: a paragraph that
// addresses the reader (outside quotations) and names two or more
// contact channels, one of them a messenger or drop box (Signal,
// SecureDrop, WhatsApp, …). Requiring a messenger keeps police appeals
// ("call 101 or e-mail …"), which are news, out of the rule.
func isContact(text string) bool {
	if len(strings.Fields(text)) > 120 || !mentionsMessenger(text) {
		return false
	}
	outside := quotedRe.ReplaceAllString(text, " ")
	addressed := addressDe.MatchString(outside)
	if !addressed {
		for _, w := range strings.Fields(plain(outside)) {
			if addressWords[w] {
				addressed = true
				break
			}
		}
	}
	if !addressed {
		// An imperative to the reader starting a sentence: "Contact Jess
		// on …", "Schreiben Sie …" is caught above.
		addressed = imperativeRe.MatchString(outside)
	}
	if !addressed {
		return false
	}
	p := " " + plain(text) + " "
	channels, messenger := 0, false
	for m := range messengers {
		if !strings.Contains(p, " "+m+" ") {
			continue
		}
		// "signal" is also a common word: count it only as the name.
		if m == "signal" && !strings.Contains(text, "Signal") {
			continue
		}
		channels++
		messenger = true
	}
	for _, e := range emailPhrases {
		if strings.Contains(p, " "+e+" ") {
			channels++
			break
		}
	}
	for _, m := range phoneRe.FindAllString(text, -1) {
		if countDigits(m) >= 7 {
			channels++
			break
		}
	}
	return messenger && channels >= 2
}

// mentionsMessenger is a cheap test for a messenger's name, ahead of
// the word-level checks of isContact.
func mentionsMessenger(text string) bool {
	lower := strings.ToLower(text)
	for m := range messengers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return strings.Contains(lower, "proton") || strings.Contains(lower, "secure drop")
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

func set(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// Rules for page furniture that HTML extractors let through: share-button
// rows, tag and byline lines, comment policies, related-story teasers,
// promotions and lines that are only a date. They are casefile's own
// because no Go library removes text-level boilerplate after extraction.

// socialNames are the networks share-button rows name; shareFill the
// words that go with them ("Share", "Baixar", "Copy link").
var (
	socialNames = set("facebook twitter x whatsapp pinterest pin pint linkedin reddit telegram tumblr vk xing messenger flipboard threads bluesky mastodon line viber weibo wechat email mail")
	shareFill   = set("share shares sharing compartilhar compartir partager teilen condividi delen tweet copy link url print save download baixar descargar telecharger herunterladen scarica on via this article story post")
)

// isShareRow reports a row of share buttons: a short line made only of
// network names and sharing words, naming two networks at least
// ("Whatsapp Facebook Pint Baixar", "Share on Facebook Twitter Email").
func isShareRow(l *line) bool {
	if l.words > 8 || l.words < 2 || endsSentence(l.text) {
		return false
	}
	networks, ok := countOnly(l.plainText(), socialNames, shareFill)
	return ok && networks >= 2
}

// metaLabelRe finds the labels of byline and filing lines ("Posted by:",
// "Categoria:", "Tags:"), on the plain form.
var metaLabelRe = regexp.MustCompile(`\b(?:tags?|tagged|tagged with|filed under|posted by|published by|written by|posted in|category|categories|categoria|categorias|categorie|kategorie|kategorien|schlagworter|schlagworte|mots cles|etiquetas|etichette|publicado por|publie par|veroffentlicht von|pubblicato da)\b`)

// tagLineRe matches a line that starts with a tag label
// ("Tags: ransomware, hospitals", "Schlagwörter ...").
var tagLineRe = regexp.MustCompile(`^(?:tags?|tagged(?: with)?|filed under|schlagworter|schlagworte|mots cles|etiquetas|etichette|topics)\b`)

// isMetaLine reports a tag list or a filing line: a line starting with a
// tag label and made of short comma- or separator-divided items, or a
// short line carrying two labels or more ("05/10/2018 - Publicado por: X -
// Categoria: Y - Tags: z").
func isMetaLine(l *line) bool {
	if l.words > 60 {
		return false
	}
	p := l.plainText()
	if tagLineRe.MatchString(p) && !endsSentence(l.text) && strings.ContainsAny(l.text, ":,") {
		return true
	}
	return l.words <= 30 && len(metaLabelRe.FindAllString(p, 3)) >= 2
}

// commentPolicyRe finds a comment-moderation notice (on the plain form):
// comments named together with their moderation or approval.
var commentPolicyRe = regexp.MustCompile(`\b(?:comments?|comentarios?|kommentare?|commentaires?|commenti|commento|reacties)\b.*\b(?:moderat\pL*|approv\pL*|aprovad\pL*|aprobad\pL*|approuv\pL*|freigeschaltet)\b`)

// isCommentPolicy reports a notice about how comments are moderated.
func isCommentPolicy(l *line) bool {
	return l.words <= 45 && commentPolicyRe.MatchString(l.plainText())
}

// relatedLabelRe matches a related-story label at the start of a line,
// followed by the headline it points to: "READ MORE: …", "DON'T
// MISS…", "Lesen Sie auch: …". The label must end with a colon or a
// separator, or be in capitals, so that prose starting with the same
// words is not taken.
var relatedLabelRe = regexp.MustCompile(`^(?:(?i:read more|read also|also read|related|see also|more|watch|listen|don'?t miss|must read|recommended|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|a lire aussi|lea también|lee también|leia também|leggi anche)\s*[:|»›–—-]\s*\S|(?:READ MORE|READ ALSO|ALSO READ|RELATED|SEE ALSO|WATCH|DON'?T MISS|MUST READ|RECOMMENDED)\s*\S)`)

// isRelated reports a related-story link with its headline, short and
// not a sentence of the article.
func isRelated(l *line) bool {
	return l.words <= 40 && relatedLabelRe.MatchString(l.text)
}

// promoRe finds a call to click (on the plain form).
var promoRe = regexp.MustCompile(`\b(?:click(?:ing)? here|tap here|klicken sie hier|hier klicken|cliquez ici|haga clic aqui|clique aqui|clicca qui|continue reading below|story continues below)\b`)

// isPromo reports a short promotional line that asks the reader to click
// ("Get the magazine every month. Click here for more information.").
func isPromo(l *line) bool {
	return l.words <= 30 && promoRe.MatchString(l.plainText())
}

// weekdayNames are weekday names (plain form) in the languages of the
// vocabulary rules.
var weekdayNames = set(`monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
montag dienstag mittwoch donnerstag freitag samstag sonntag
lundi mardi mercredi jeudi vendredi samedi dimanche
lunes martes miercoles jueves viernes sabado domingo
lunedi martedi mercoledi giovedi venerdi sabato domenica
segunda terca quarta quinta sexta feira`)

// dateFill are the words a date line may have beside names and numbers.
var dateFill = set("de del di da do le la el the of on at um am pm a p m h hs as a las los last jour gmt utc cet cest est edt pst pdt bst ist uhr")

// stampWords say that a date is the page's own time stamp.
var stampWords = set("updated posted published modified aktualisiert veroffentlicht stand mis publie actualizado publicado atualizado aggiornato pubblicato")

// isDateLine reports a line that is only a date and time, in any of the
// vocabulary languages ("segunda-feira, 22 de janeiro de 2018 às 0:13",
// "Updated at 1:23 p.m.", "Tuesday 3 March 2031 14:05 GMT").
func isDateLine(l *line) bool {
	if l.words > 12 || !hasDigit(l.text) {
		return false
	}
	named, stamped := false, false
	for _, w := range strings.Fields(l.plainText()) {
		switch {
		case monthNames[w] || weekdayNames[w]:
			named = true
		case stampWords[w]:
			stamped = true
		case strings.Trim(w, "0123456789") == "" || dateFill[w]:
		default:
			return false
		}
	}
	// A date alone ("Monday 3 March") may head a timeline entry, and so
	// may a bare clock time ("4:14 p.m."): a time stamp has a clock time
	// and a day, or says what it stamps ("Updated at 1:23 p.m.",
	// "Published 3 March 2031").
	clock := clockRe.MatchString(l.text)
	return named && (clock || stamped) || stamped && clock
}

// clockRe finds a clock time ("0:13", "14:05", "9h30").
var clockRe = regexp.MustCompile(`\b\d{1,2}(?::|h)\d{2}\b`)

// hasDigit reports whether s contains a decimal digit.
func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// markTagEchoes marks kept lines that repeat a removed tag line without
// its label (pages often print the tag list twice, once labelled).
func markTagEchoes(lines []*line) {
	var tags []string
	for _, l := range lines {
		if l.rule == RuleMeta {
			tags = append(tags, l.key)
		}
	}
	if len(tags) == 0 {
		return
	}
	for _, l := range lines {
		if !l.kept() || l.words < 3 {
			continue
		}
		for _, t := range tags {
			if len(t) > len(l.key) && strings.HasSuffix(t, " "+l.key) {
				l.rule = RuleMeta
				break
			}
		}
	}
}
