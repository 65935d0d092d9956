package incident

import (
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// A story's facts are read from its English documents when it has any:
// the English patterns beside each rule are the fullest, and the other
// languages' documents of such a story are mostly translations, which add
// names and aliases. A story told only in German, French or Spanish is
// read with the cues below, in the lead's language: who was hit, the
// attack type, the kinds of event, the services disrupted, the
// suppliers and shared-service providers, the agencies' and people's
// roles, the status, the suspected or confirmed vector, the disputes and
// the earlier incidents it mentions. These cues are fewer than the
// English ones: what they miss stays empty rather than guessed.
//
// The cues are written here because no Go library extracts cyber
// incidents from news in these languages; they follow the English ones.

// langCues are one language's cues.
type langCues struct {
	// victimAfter ends the text right before a victim's name ("ein
	// Cyberangriff auf die "); victimBefore starts the text right after
	// it (" wurde Opfer eines"). Names that start a sentence listing
	// several ("A, B und C erklärten, dass sie einen Cyber-Vorfall
	// untersuchen") are victims when the sentence has a victimSentence
	// cue.
	victimAfter, victimBefore, victimSentence *textre.Regexp
	// listGap is what separates the names of such a list.
	listGap *textre.Regexp
	// past marks a sentence about an earlier time.
	past *textre.Regexp
	// attackTypes in order of specificity, and the words of an attack
	// of unknown kind.
	attackTypes []attackTypeCue
	cyberAttack *textre.Regexp
	// events are the cues of each CASIE event type.
	events map[string]*textre.Regexp
	// Agencies' roles, by rank: notified, investigating, confirming,
	// supporting.
	notified, investigating, confirming, supporting *textre.Regexp
	// The incident's status.
	resolved, ongoing, contained *textre.Regexp
	// People: a role in apposition after a name, with the organisation
	// after it ("Idris Fane, Analyst bei Quillon Security": group 1 the
	// role, group 2 the organisation's phrase), and a role right before
	// a name, an organisation fused to it or not ("Pellworth-Sprecher
	// Jon Brandt", "la porte-parole Lena Marsh": group 1 the
	// organisation, group 2 the role).
	// personRoleOf is a role of an organisation before a name in
	// apposition ("le maire de Vessac, Jean Morel": group 1 the role,
	// group 2 the organisation's phrase).
	personAppos, personPre, personRoleOf *textre.Regexp
	// Services: a cue a list of services follows ("Probleme mit ") or
	// a state one precedes (" sind nicht erreichbar"), the words that
	// end an item, the articles and possessives that open one, and the
	// words too generic to name a service alone.
	svcAfter, svcBefore                  *textre.Regexp
	svcStop, svcDet, svcGener, svcPeople map[string]bool
	// Suppliers: supplierAfter ends the text right before a supplier's
	// name ("IT-Dienstleister ", "fournis par ", "proveedor "), and
	// supplierBefore starts the text right after it (" betreibt", "
	// fournit"); supplierBy ends the text before a name that
	// supplierByVerb follows ("wird von " X " betrieben").
	supplierAfter, supplierBefore, supplierBy, supplierByVerb *textre.Regexp
	// sharedAfter follows a body that several set up together: ", une
	// organisation créée par A, B et C".
	sharedAfter *textre.Regexp
	// The vector: a sentence about a flaw or a way in, a hedge that
	// makes it suspected, and what ends the text before its vendor.
	vulnCue, hedge, vendorBy *textre.Regexp
	// disputes are the denials and what contradicts them.
	disputes disputeCues
}

// langPersonCues builds a language's person cues from its role words,
// its articles, and the words that join a role to its organisation.
func langPersonCues(roles, articles, joins string) (appos, pre, roleOf *textre.Regexp) {
	appos = textre.MustCompile(`^,\s+(?i:(?:` + articles + `)\s+)?((?:\p{L}+-)?(?i:` + roles + `))\b(?:\s+(?i:` + joins + `)\s+([^,;.()]{1,80}))?`)
	pre = textre.MustCompile(`(?:^|[\s(„“"])(?:(\p{Lu}[\p{L}\p{N}&]*)-)?((?i:` + roles + `))\s+$`)
	roleOf = textre.MustCompile(`(?:^|[\s(„“"])(?i:` + articles + `)\s+((?i:` + roles + `))\s+(?i:` + joins + `)\s+([^,;.()„“"«»]{1,60}),\s+$`)
	return appos, pre, roleOf
}

var (
	deAppos, dePre, deRoleOf = langPersonCues(`(?:presse)?sprecher(?:in)?|geschäftsführer(?:in)?|leiter(?:in)?|(?:ober)?bürgermeister(?:in)?|analyst(?:in)?|(?:sicherheits)?forscher(?:in)?|direktor(?:in)?|vorsitzende[rn]?|chef(?:in)?|experte|expertin|landrat|landrätin|ceo|vorstandschef(?:in)?|präsident(?:in)?|minister(?:in)?`,
		`der|die|das`, `der|des|von|vom|bei|beim|im`)
	frAppos, frPre, frRoleOf = langPersonCues(`porte-parole|directeur|directrice|responsable|maire|analyste|chercheur|chercheuse|président|présidente|pdg|ceo|ministre|expert|experte|dirigeant|dirigeante`,
		`le|la|l’|l'|un|une`, `de la|de l’|de l'|du|des|de|chez|à la|au`)
	esAppos, esPre, esRoleOf = langPersonCues(`portavoz|director|directora|responsable|alcalde|alcaldesa|analista|investigador|investigadora|presidente|presidenta|consejero delegado|consejera delegada|ceo|ministro|ministra|experto|experta|jefe|jefa`,
		`el|la|un|una`, `de la|del|de|en`)
)

type attackTypeCue struct {
	name string
	re   *textre.Regexp
}

var cueLangs = map[string]*langCues{
	"de": {
		victimAfter:    textre.MustCompile(`(?i)\b(?:cyber-?angriffs?|hacker-?angriffs?|ransomware-angriffs?|it-angriffs?|angriffs?|attacke|cyberattacke|hackerattacke|datenlecks?|datenpannen?|datendiebstahls?|sicherheitsvorfalls?|cyber-?vorfalls?)\s+(?:auf|gegen|bei|beim|im)\s+(?:(?:die|den|das|dem|der)\s+)?$|\b(?:hacker|angreifer|kriminelle|erpresser)\s+(?:haben|hatten|legten|attackierten|griffen)\s+(?:(?:die|den|das|dem|der)\s+)?$|\b(?:betroffen (?:ist|sind|war|waren)|getroffen hat|traf|trifft|lähmt|lähmte|legte|legt|erpressen|erpressten)\s+(?:auch\s+)?(?:(?:die|den|das|dem|der)\s+)?$`),
		victimBefore:   textre.MustCompile(`(?i)^(?:\s*\([^)]{1,20}\))?(?:\s+in\s+(?:der\s+|dem\s+)?[\p{L} -]{2,40}?)?\s+(?:(?:ist|sind|war|waren|wurde|wurden|worden)\s+)(?:[\p{L}-]+\s+){0,4}?(?:opfer|ziel|gehackt|angegriffen|attackiert|lahmgelegt|erpresst|betroffen|getroffen|infiziert|verschlüsselt)\b|^\s+(?:opfer|ziel)\s+(?:eines|einer)\b|^\s+(?:hat|haben|hatte|hatten)\s+(?:[\p{L}-]+\s+){0,4}?(?:cyber-?angriff|hackerangriff|angriff|datenleck|datenpanne|sicherheitsvorfall|cyber-?vorfall)\w*\s+(?:gemeldet|bestätigt|erlitten|eingeräumt|entdeckt|festgestellt)\b`),
		victimSentence: textre.MustCompile(`(?i)\b(?:cyber-?vorfall|sicherheitsvorfall|cyber-?angriff|hackerangriff|ransomware-angriff|angriff|datenleck|datenpanne)\w*\b.{0,80}\b(?:untersuch\w*|gemeldet|bestätigt|erlitten|betroffen|getroffen|lahmgelegt)\b|\b(?:opfer|ziel)\s+(?:eines|einer)\b`),
		listGap:        textre.MustCompile(`^(?:,\s*|\s+(?:und|oder|sowie)\s+)(?:(?:der|die|das|den|dem)\s+)?$`),
		past:           textre.MustCompile(`(?i)\b(?:im vergangenen jahr|letztes jahr|vor (?:zwei|drei|vier|fünf|mehreren|einigen) jahren|bereits (?:im|in) (?:jahr )?(?:19|20)\d\d)\b`),
		attackTypes: []attackTypeCue{
			{"ransomware", textre.MustCompile(`(?i)\b(?:ransomware|erpressungs(?:software|trojaner)|verschlüsselungstrojaner|lösegeld)`)},
			{"ddos", textre.MustCompile(`(?i)(?:\bddos|überlastungsangriff|\bdienstverweigerung)`)},
			{"phishing", textre.MustCompile(`(?i)\bphishing`)},
			{"vulnerability exploitation", textre.MustCompile(`(?i)\b(?:sicherheitslücke|schwachstelle)\w*\b.{0,60}\b(?:ausgenutzt|ausnutzten|ausnutzen)`)},
			{"data breach", textre.MustCompile(`(?i)\b(?:datenleck|datenpanne|datendiebstahl|datenschutzverletzung)`)},
		},
		cyberAttack: textre.MustCompile(`(?i)cyber-?(?:angriff|attacke|vorfall)|hackerangriff|it-angriff|sicherheitsvorfall`),
		events: map[string]*textre.Regexp{
			EventDatabreach: textre.MustCompile(`(?i)\b(?:datenleck|datenpanne|datendiebstahl|daten\w*\s+(?:\w+\s+){0,3}(?:gestohlen|abgeflossen|abgegriffen|veröffentlicht|erbeutet)|gehackt|zugriff auf)`),
			EventPhishing:   textre.MustCompile(`(?i)\b(?:phishing|gefälschte\w* (?:e-?mails?|webseiten?|nachrichten)|betrüger\w*)`),
			EventRansom:     textre.MustCompile(`(?i)\b(?:lösegeld|erpress\w*|ransomware|verschlüsselt\w*)`),
			EventDiscover:   textre.MustCompile(`(?i)\b(?:sicherheitslücke|schwachstelle)\w*\b.{0,60}\b(?:entdeckt|gefunden|gemeldet|aufgedeckt)|CVE-\d{4}-\d+`),
			EventPatch:      textre.MustCompile(`(?i)\b(?:patch\w*|sicherheitsupdate\w*|update\w* (?:geschlossen|behoben)|geschlossen|behoben)\b`),
		},
		notified:       textre.MustCompile(`(?i)\b(?:gemeldet|meldung erstattet|in kenntnis gesetzt|informiert worden|(?:erhielt|erhalten|erhält)\s+(?:\p{L}+\s+){0,4}?(?:meldungen?|mitteilungen?))\b`),
		investigating:  textre.MustCompile(`(?i)\b(?:ermittl\w*|untersuch\w*)`),
		confirming:     textre.MustCompile(`(?i)\bbestätig\w*`),
		supporting:     textre.MustCompile(`(?i)\b(?:unterstütz\w*|hilft|helfen|zusammenarbeit\w*|arbeite\w* (?:eng )?mit)`),
		resolved:       textre.MustCompile(`(?i)\b(?:(?:alle|sämtliche) (?:systeme|dienste|dienstleistungen)\b(?:\s+[\p{L}-]+){0,6}?\s+(?:sind |wurden |wieder )*(?:wiederhergestellt|wieder (?:erreichbar|verfügbar|online|in betrieb))|vollständig wiederhergestellt|läuft wieder normal)`),
		ongoing:        textre.MustCompile(`(?i)\b(?:weiterhin|nach wie vor|noch immer|dauer\w* (?:noch )?an|anhaltend\w*|(?:sind|ist|bleib\w*) (?:noch |weiterhin )?(?:nicht erreichbar|offline|lahmgelegt|gestört))`),
		contained:      textre.MustCompile(`(?i)\b(?:eingedämmt|unter kontrolle)`),
		personAppos:    deAppos,
		personPre:      dePre,
		personRoleOf:   deRoleOf,
		svcAfter:       textre.MustCompile(`(?i)\b(?:probleme (?:mit|bei)|störungen (?:bei|der|des|von)|ausfall (?:der|des|von)|betroffen (?:sind|waren|ist|war)|nicht (?:erreichbar|verfügbar) (?:sind|waren|ist|war)|legt(?:e)? (?:seit \p{L}+ )?|lähmt(?:e)? (?:seit \p{L}+ )?)\s*`),
		svcBefore:      textre.MustCompile(`(?i)\s+(?:(?:sind|ist|waren|war|bleiben|bleibt)\s+(?:[\p{L}-]+\s+){0,3}?)?(?:nicht erreichbar|nicht verfügbar|offline|gestört|ausgefallen|lahmgelegt|eingeschränkt)\b`),
		svcStop:        wordSet("sind ist war waren wurde wurden werden seit lahm nicht und oder sowie weil dass da als auch noch bei für von mit nach angaben laut wegen"),
		svcDet:         wordSet("der die das den dem des ihre ihren ihrer seine seinen seiner unsere alle einige"),
		svcGener:       wordSet("dienste dienstleistungen systeme it-systeme online-dienste services computer"),
		svcPeople:      wordSet("einwohner bürger bürgerinnen kunden kundinnen patienten mitarbeiter beschäftigte nutzer"),
		supplierAfter:  textre.MustCompile(`(?i)\b(?:it-)?(?:dienstleisters?|anbieters?|softwareanbieters?|zulieferers?|outsourcing-riesen?|outsourcing-dienstleisters?)\s+$`),
		supplierBefore: textre.MustCompile(`(?i)^,?\s+(?:betreibt|betreut|verwaltet|liefert|hostet)\b`),
		supplierBy:     textre.MustCompile(`(?i)\b(?:von|vom|durch)\s+(?:(?:der|dem|den)\s+)?$`),
		supplierByVerb: textre.MustCompile(`(?i)^\s+(?:betrieben|bereitgestellt\w*|verwaltet\w*|gehostet\w*|geliefert\w*|gewartet\w*|betreut\w*)\b`),
		vulnCue:        textre.MustCompile(`(?i)\b(?:sicherheitslücke\w*|schwachstelle\w*|lücke\w*|ausgenutzt|ausnutz\w*|zero-day|CVE-\d{4}-\d+|ungepatcht\w*|eingedrungen über|einfallstor)`),
		hedge:          textre.MustCompile(`(?i)\b(?:vermutlich|möglicherweise|wahrscheinlich|mutmaßlich|offenbar|angeblich|könnte|könnten|dürfte|dürften|verdacht\w*)\b`),
		vendorBy:       textre.MustCompile(`(?i)\b(?:herstellers?|anbieters?|von|vom)\s+$`),
		disputes: disputeCues{
			noData:    textre.MustCompile(`(?i)\b(?:(?:auf\s+)?keine\s+(?:\p{L}+\s+){0,2}?(?:\p{L}*daten|informationen)\b(?:\s+\p{L}+){0,4}?\s+(?:zugegriffen|gestohlen|abgeflossen|entwendet|kompromittiert|abgegriffen))`),
			breach:    textre.MustCompile(`(?i)\b(?:(?:\p{L}*daten|dateien|dokumente)\s+(?:\p{L}+\s+){0,3}?(?:gestohlen|abgeflossen|veröffentlicht|erbeutet)|meldungen?\s+(?:über\s+)?(?:eine\s+)?datenschutzverletzung\w*|datenschutzverletzung\w*\s+gemeldet)`),
			deny:      textre.MustCompile(`(?i)\b(?:nicht\s+durch\s+(?:eines?\s+)?(?:unserer|unsere|seine|seiner|ihre|ihrer)\s+systeme\s+verursacht|(?:unsere|seine|ihre)\s+systeme\s+(?:waren|seien|sind)\s+nicht\s+betroffen|(?:wies|weist)\s+(?:jede\s+)?(?:verantwortung|schuld)\s+zurück)`),
			origin:    textre.MustCompile(`(?i)\b(?:wahrscheinlich,?\s+dass\s+(?:der|die|das)\s+(?:angriff|vorfall)\s+dort\s+(?:begann|begonnen|stattfand|seinen ursprung)|(?:ursprung|einfallstor)\s+(?:des\s+)?(?:angriffs|vorfalls))`),
			negBefore: textre.MustCompile(`(?i)\b(?:kein\w*|nicht|nie|ohne|bestritt\w*|dementiert\w*)(?:\s+\p{L}+){0,3}\s+$`),
		},
		sharedAfter: textre.MustCompile(`(?i)^(?:\s+\p{L}+)?,\s+(?:einer?|eine[mnr]?|die|der|das)\s+(?:[\p{L}\d]+\s+){0,2}?(?:von|vom)\s+[^.]{1,80}?\s+und\s+[^.]{1,40}?\s+(?:gemeinsam\s+)?(?:gegründete|betriebene|getragene)\w*\b`),
	},
	"fr": {
		victimAfter:    textre.MustCompile(`(?i)\b(?:cyberattaques?|cyber-attaques?|attaques?(?: informatiques?| par rançongiciel| au rançongiciel)?|piratages?|intrusions?|fuites? de données|vols? de données|incidents? de (?:cyber)?sécurité)\s+(?:(?:contre|visant|ciblant|sur|chez|de|du|des|à|au|aux|subie par|dont a été victime)\s+)(?:(?:le|la|les|l’|l')\s*)?(?:(?:mairie|ville|commune|métropole|conseil (?:municipal|départemental|régional)|département|région|hôpital|centre hospitalier|clinique|université|société|entreprise|groupe|collectivité)\s+(?:de\s+|d’|d'|du\s+|des\s+)?)?$|\b(?:pirates?|hackers?|attaquants?|cybercriminels?)\s+(?:ont|avaient)\s+(?:piraté|attaqué|visé|ciblé|paralysé|rançonné)\s+(?:(?:le|la|les|l’|l')\s*)?$`),
		victimBefore:   textre.MustCompile(`(?i)^(?:\s*\([^)]{1,20}\))?(?:,\s+en\s+[\p{L} -]{2,30},)?\s+(?:a|ont|avait|avaient|est|sont|était|étaient|aurait|auraient)\s+(?:été\s+)?(?:[\p{L}-]+\s+){0,2}?(?:victimes?|la cible|ciblée?s?|visée?s?|touchée?s?|piratée?s?|attaquée?s?|paralysée?s?|rançonnée?s?|infectée?s?|frappée?s?)(?:[^\p{L}]|$)|^\s+(?:a|ont)\s+(?:signalé|confirmé|subi|détecté|déclaré)\s+(?:une|un)\s+(?:cyberattaque|attaque|incident|fuite|intrusion|piratage)`),
		victimSentence: textre.MustCompile(`(?i)\b(?:enquêt\w*|victimes?|touchée?s?|ciblée?s?)[^\p{L}].{0,40}\b(?:cyber-?incidents?|incidents? de (?:cyber)?sécurité|cyberattaques?|attaques?|piratages?|rançongiciels?)(?:[^\p{L}]|$)|\b(?:cyber-?incidents?|cyberattaques?|attaques?|piratages?)\b.{0,40}\b(?:subie?s?|signalée?s?|confirmée?s?)(?:[^\p{L}]|$)`),
		listGap:        textre.MustCompile(`^(?:,\s*|\s+(?:et|ou|ainsi que)\s+)(?:(?:le|la|les|l’|l')\s*)?$`),
		past:           textre.MustCompile(`(?i)\b(?:l'année dernière|l’année dernière|l'an dernier|l’an dernier|il y a (?:deux|trois|quatre|cinq|plusieurs) ans)\b`),
		attackTypes: []attackTypeCue{
			{"ransomware", textre.MustCompile(`(?i)(?:\bransomware|rançongiciel|logiciel de rançon|\brançon)`)},
			{"ddos", textre.MustCompile(`(?i)\b(?:ddos|déni de service)`)},
			{"phishing", textre.MustCompile(`(?i)\b(?:phishing|hameçonnage)`)},
			{"vulnerability exploitation", textre.MustCompile(`(?i)\b(?:faille|vulnérabilité)s?[^\p{L}].{0,60}\bexploitée?s?`)},
			{"data breach", textre.MustCompile(`(?i)\b(?:fuite|vol|violation) de données`)},
		},
		cyberAttack: textre.MustCompile(`(?i)cyber-?(?:attaque|incident)|attaque informatique|piratage|incident de (?:cyber)?sécurité`),
		events: map[string]*textre.Regexp{
			EventDatabreach: textre.MustCompile(`(?i)\b(?:fuite de données|vol de données|violation de données|données\s+(?:\p{L}+\s+){0,3}(?:volées|dérobées|exposées|consultées|divulguées|publiées)|piraté\w*)`),
			EventPhishing:   textre.MustCompile(`(?i)\b(?:phishing|hameçonnage|faux (?:courriels?|e-?mails?|sites?))`),
			EventRansom:     textre.MustCompile(`(?i)(?:\brançon\w*|rançongiciel\w*|\bransomware|chiffré\w*|extorsion)`),
			EventDiscover:   textre.MustCompile(`(?i)\b(?:faille|vulnérabilité)s?[^\p{L}].{0,60}\b(?:découverte?s?|trouvée?s?|signalée?s?|révélée?s?)|CVE-\d{4}-\d+`),
			EventPatch:      textre.MustCompile(`(?i)\b(?:correctif\w*|patch\w*|mise à jour de sécurité|corrigée?s?)`),
		},
		notified:       textre.MustCompile(`(?i)\b(?:notifiée?s?|signalée? à|a été informée?|ont été informée?s?|déclarée? à|reçu\s+(?:[\p{L}’']+\s+){0,4}?(?:notifications?|déclarations?|signalements?|formulaires?))`),
		investigating:  textre.MustCompile(`(?i)\b(?:enquêt\w*|investigu\w*)`),
		confirming:     textre.MustCompile(`(?i)\bconfirm\w*`),
		supporting:     textre.MustCompile(`(?i)\b(?:accompagn\w*|soutien\w*|aid\w*|collabor\w*|travaill\w* (?:en étroite collaboration )?avec)`),
		resolved:       textre.MustCompile(`(?i)\b(?:(?:tous les|l'ensemble des|l’ensemble des) (?:services|systèmes)\b(?:\s+[\p{L}'’-]+){0,6}?\s+(?:ont été |sont )?(?:rétablis|restaurés|de nouveau (?:accessibles|disponibles))|entièrement rétablie?s?|retour à la normale)`),
		ongoing:        textre.MustCompile(`(?i)\b(?:toujours (?:en cours|indisponibles?|hors (?:ligne|service)|perturbée?s?)|en cours|persistante?s?|rest(?:e|ent) (?:indisponibles?|hors ligne|perturbée?s?|paralysée?s?))`),
		contained:      textre.MustCompile(`(?i)\b(?:circonscrite?s?|maîtrisée?s?|sous contrôle)`),
		personAppos:    frAppos,
		personPre:      frPre,
		personRoleOf:   frRoleOf,
		svcAfter:       textre.MustCompile(`(?i)\b(?:a perturbé|ont perturbé|perturbant|a paralysé|ont paralysé|paralysant|a affecté|affectant|problèmes? (?:avec|sur)|difficultés? (?:avec|d'accès à|d’accès à)|indisponibilité (?:de|du|des))\s+`),
		svcBefore:      textre.MustCompile(`(?i)\s+(?:sont|est|restent|reste|étaient|était)\s+(?:[\p{L}-]+\s+){0,3}?(?:indisponibles?|hors (?:ligne|service)|inaccessibles?|perturbée?s?|paralysée?s?|à l'arrêt|à l’arrêt)(?:[^\p{L}]|$)`),
		svcStop:        wordSet("sont est ont a été depuis qui que dont et ou car pour par avec dans selon un une concerne lundi mardi mercredi jeudi vendredi samedi dimanche"),
		svcDet:         wordSet("le la les l' l’ leur leurs ses son sa tous toutes certains certaines des du de d' d’"),
		svcGener:       wordSet("services systèmes service système ordinateurs"),
		svcPeople:      wordSet("habitants clients patients salariés employés usagers utilisateurs résidents"),
		supplierAfter:  textre.MustCompile(`(?i)(?:^|[^\p{L}])(?:(?:(?:fournie?s?|gérée?s?|exploitée?s?|hébergée?s?|opérée?s?|assurée?s?)\s+par)|prestataire|sous-traitant|fournisseur|éditeur|hébergeur|géant de l['’]externalisation)(?:\s+(?:informatique|de services|de logiciels))?\s+(?:(?:la|le|l['’])\s*)?$`),
		supplierBefore: textre.MustCompile(`(?i)^,?\s+(?:fournit|gère|exploite|héberge|assure)\b`),
		vulnCue:        textre.MustCompile(`(?i)(?:\bvulnérabilité\w*|\bfaille\w*|\bexploit\w*|\bzero-day|\bzéro-day|\bCVE-\d{4}-\d+|\bnon corrigée?s?|\bentrés? par|\bporte d['’]entrée)`),
		hedge:          textre.MustCompile(`(?i)\b(?:probablement|possiblement|peut-être|pourrait|pourraient|serait|seraient|aurait|auraient|soupçonn\w*|suspect\w*|semble\w*|vraisemblablement|présumée?s?)(?:[^\p{L}]|$)`),
		vendorBy:       textre.MustCompile(`(?i)(?:(?:^|[^\p{L}])(?:vendue?s?|fabriquée?s?|développée?s?|conçue?s?|éditée?s?) par|\bde l['’]éditeur|\bdu fabricant)\s+$`),
		disputes: disputeCues{
			noData:    textre.MustCompile(`(?i)\baucune?\s+(?:\p{L}+\s+){0,2}?(?:donnée|information)s?(?:\s+[\p{L}’']+){0,4}?\s+n['’](?:a|ont|avait|avaient)\s+été\s+(?:consultée|volée|dérobée|compromise|exfiltrée|divulguée)s?`),
			breach:    textre.MustCompile(`(?i)(?:\b(?:données|fichiers|documents)\s+(?:[\p{L}’']+\s+){0,3}?(?:ont|avaient)\s+été\s+(?:volée?|dérobée?|exfiltrée?|divulguée?|publiée?)s?|\b(?:reçu|reçoit)\s+(?:[\p{L}’']+\s+){0,4}?(?:notifications?|déclarations?|signalements?|formulaires?)\s+de\s+(?:violation|déclaration de violation))`),
			deny:      textre.MustCompile(`(?i)(?:n['’]a\s+(?:pas\s+)?été\s+causée?\s+par\s+(?:aucun\s+de\s+)?(?:nos|ses|leurs)\s+systèmes|\b(?:nos|ses|leurs)\s+systèmes\s+n['’]ont\s+pas\s+été\s+(?:touchés|affectés|compromis))`),
			origin:    textre.MustCompile(`(?i)\b(?:probable\s+que\s+(?:ce\s+soit|c['’]est)\s+là\s+que\s+(?:l['’]incident|l['’]attaque)|(?:point|porte)\s+d['’]entrée\s+(?:probable\s+)?de\s+l['’]attaque)`),
			negBefore: textre.MustCompile(`(?i)\b(?:aucune?|pas|jamais|sans|nié|démenti)(?:\s+[\p{L}’']+){0,3}\s+$`),
		},
		sharedAfter: textre.MustCompile(`(?i)^,\s+(?:une?|la|le)\s+(?:[\p{L}\d]+\s+){0,2}?(?:créée?|fondée?|détenue?|partagée?|gérée?)\s+(?:en \d{4}\s+)?(?:conjointement\s+)?par\s+[^.]{1,80}?\s+et\s+`),
	},
	"es": {
		victimAfter:    textre.MustCompile(`(?i)\b(?:ciberataques?|ataques?(?: informáticos?| de ransomware)?|hackeos?|secuestros? de datos|filtraci(?:ón|ones) de datos|robos? de datos|brechas? de (?:seguridad|datos)|incidentes? de (?:ciber)?seguridad)\s+(?:contra|a|al|en|sufrido por|que sufrió|que afectó a|que afecta a)\s+(?:(?:el|la|los|las)\s+)?(?:(?:ayuntamiento|municipio|ciudad|diputación|hospital|clínica|universidad|empresa|compañía|grupo)\s+(?:de\s+|del\s+)?)?$|\b(?:hackers?|piratas informáticos|atacantes|ciberdelincuentes)\s+(?:atacaron|hackearon|secuestraron|paralizaron|han atacado|han hackeado)\s+(?:a\s+)?(?:(?:el|la|los|las)\s+)?$`),
		victimBefore:   textre.MustCompile(`(?i)^(?:\s*\([^)]{1,20}\))?(?:\s+(?:también|ya|además|incluso))?\s+(?:fue|fueron|ha sido|han sido|había sido|resultó|resultaron|está|están|sufrió|sufrieron|ha sufrido|han sufrido|sufre)\s+(?:[\p{L}-]+\s+){0,2}?(?:víctimas?|blanco|objetivo|atacad[oa]s?|hackead[oa]s?|afectad[oa]s?|paralizad[oa]s?|infectad[oa]s?|un ciberataque|un ataque|una filtración|un hackeo|un incidente)\b|^\s+(?:ha|han)\s+(?:confirmado|denunciado|detectado|reconocido)\s+(?:un|una)\s+(?:ciberataque|ataque|incidente|filtración|brecha)`),
		victimSentence: textre.MustCompile(`(?i)\b(?:investig\w*|víctimas?|afectad[oa]s?)\b.{0,40}\b(?:ciberincidentes?|incidentes? de (?:ciber)?seguridad|ciberataques?|ataques?|hackeos?)\b|\b(?:ciberataques?|ataques?|hackeos?)\b.{0,40}\b(?:sufrid[oa]s?|confirmad[oa]s?|denunciad[oa]s?)\b`),
		listGap:        textre.MustCompile(`^(?:,\s*|\s+(?:y|e|o)\s+)(?:(?:el|la|los|las)\s+)?$`),
		past:           textre.MustCompile(`(?i)\b(?:el año pasado|hace (?:dos|tres|cuatro|cinco|varios) años)\b`),
		attackTypes: []attackTypeCue{
			{"ransomware", textre.MustCompile(`(?i)\b(?:ransomware|secuestro de datos|rescate)`)},
			{"ddos", textre.MustCompile(`(?i)\b(?:ddos|denegación de servicio)`)},
			{"phishing", textre.MustCompile(`(?i)\b(?:phishing|suplantación de identidad)`)},
			{"vulnerability exploitation", textre.MustCompile(`(?i)\b(?:vulnerabilidad|fallo|brecha)(?:es|s)?\b.{0,60}\bexplotad[oa]s?`)},
			{"data breach", textre.MustCompile(`(?i)\b(?:filtración|robo|brecha) de datos`)},
		},
		cyberAttack: textre.MustCompile(`(?i)ciberataque|ataque informático|ciberincidente|incidente de (?:ciber)?seguridad|hackeo`),
		events: map[string]*textre.Regexp{
			EventDatabreach: textre.MustCompile(`(?i)\b(?:filtración de datos|robo de datos|brecha de datos|datos\s+(?:\p{L}+\s+){0,3}(?:robados|expuestos|filtrados|sustraídos|publicados)|hackead\w*)`),
			EventPhishing:   textre.MustCompile(`(?i)\b(?:phishing|suplantación de identidad|correos? falsos?)`),
			EventRansom:     textre.MustCompile(`(?i)\b(?:rescate|ransomware|secuestro de datos|cifrad[oa]s?|extorsi\w+)`),
			EventDiscover:   textre.MustCompile(`(?i)\b(?:vulnerabilidad|fallo)(?:es)?\b.{0,60}\b(?:descubiert[oa]s?|encontrad[oa]s?|detectad[oa]s?|revelad[oa]s?)|CVE-\d{4}-\d+`),
			EventPatch:      textre.MustCompile(`(?i)\b(?:parches?|actualizaci(?:ón|ones) de seguridad|corregid[oa]s?)`),
		},
		notified:       textre.MustCompile(`(?i)\b(?:notificad[oa]s?|comunicad[oa]s? a|informad[oa]s?|denunciad[oa]s? ante|recibi[oó]\s+(?:\p{L}+\s+){0,4}?(?:notificaci|comunicaci|denuncias?))`),
		investigating:  textre.MustCompile(`(?i)\binvestig\w*`),
		confirming:     textre.MustCompile(`(?i)\bconfirm\w*`),
		supporting:     textre.MustCompile(`(?i)\b(?:colabor\w*|apoy\w*|ayud\w*|trabaja\w* con)`),
		resolved:       textre.MustCompile(`(?i)\b(?:todos los (?:servicios|sistemas)\b(?:\s+[\p{L}-]+){0,6}?\s+(?:han sido |fueron |están )?(?:restablecidos|restaurados)|totalmente restablecid[oa]s?|vuelto a la normalidad)`),
		ongoing:        textre.MustCompile(`(?i)\b(?:siguen? (?:sin|caíd|inaccesible|fuera)|todavía|aún (?:no|sin)|en curso|continúa\w*)`),
		contained:      textre.MustCompile(`(?i)\b(?:contenid[oa]s?|controlad[oa]s?|bajo control)`),
		personAppos:    esAppos,
		personPre:      esPre,
		personRoleOf:   esRoleOf,
		svcAfter:       textre.MustCompile(`(?i)\b(?:dejó sin servicio|dejó fuera de servicio|afectó a|afecta a|paralizó|problemas (?:con|en)|caída de|interrumpió)\s+`),
		svcBefore:      textre.MustCompile(`(?i)\s+(?:están|está|siguen|sigue|quedaron|quedó)\s+(?:[\p{L}-]+\s+){0,3}?(?:fuera de servicio|sin servicio|inaccesibles?|caíd[oa]s?|inoperativ[oa]s?|paralizad[oa]s?)\b`),
		svcStop:        wordSet("están está son es fue desde que y o porque para por con según un una lunes martes miércoles jueves viernes sábado domingo"),
		svcDet:         wordSet("el la los las sus su todos todas algunos algunas"),
		svcGener:       wordSet("servicios sistemas servicio sistema ordenadores"),
		svcPeople:      wordSet("vecinos ciudadanos clientes pacientes empleados usuarios residentes"),
		supplierAfter:  textre.MustCompile(`(?i)\b(?:(?:gestionad[oa]s?|operad[oa]s?|proporcionad[oa]s?|suministrad[oa]s?|alojad[oa]s?|prestad[oa]s?)\s+por|proveedora?|subcontratista|contratista)(?:\s+(?:informátic[oa]|tecnológic[oa]|de servicios))?\s+(?:(?:el|la)\s+)?$`),
		supplierBefore: textre.MustCompile(`(?i)^,?\s+(?:gestiona|opera|proporciona|suministra|presta)\b`),
		vulnCue:        textre.MustCompile(`(?i)(?:\bvulnerabilidad\w*|\bfallo\w*|\bbrecha de seguridad|\bexplot\w*|\bzero-day|\bdía cero|\bCVE-\d{4}-\d+|\bsin parchear)`),
		hedge:          textre.MustCompile(`(?i)\b(?:probablemente|posiblemente|quizás?|podría|podrían|sospech\w*|presunt\w*|aparentemente|supuestamente)(?:[^\p{L}]|$)`),
		vendorBy:       textre.MustCompile(`(?i)(?:\b(?:vendid|fabricad|desarrollad|diseñad)[oa]s? por|\bdel fabricante|\bde la empresa)\s+$`),
		disputes: disputeCues{
			noData:    textre.MustCompile(`(?i)(?:\bning[uú]n\s+(?:\p{L}+\s+){0,2}?(?:dato|información)s?\b(?:\s+\p{L}+){0,4}?\s+(?:fue|ha sido|han sido|fueron)\s+(?:robad|sustraíd|comprometid|filtrad|accedid)[oa]s?|\bno se (?:han|ha) (?:robado|sustraído|filtrado) (?:datos|información))`),
			breach:    textre.MustCompile(`(?i)(?:\b(?:datos|archivos|documentos)\s+(?:\p{L}+\s+){0,3}?(?:fueron|han sido)\s+(?:robad|sustraíd|filtrad|publicad)[oa]s?|\bnotificaci(?:ón|ones)\s+de\s+(?:brecha|violación))`),
			deny:      textre.MustCompile(`(?i)\b(?:no\s+(?:fue|ha sido)\s+causad[oa]\s+por\s+(?:ninguno\s+de\s+)?(?:nuestros|sus)\s+sistemas|(?:nuestros|sus)\s+sistemas\s+no\s+(?:se\s+)?(?:vieron|han visto|fueron)\s+(?:afectad|comprometid)os)`),
			origin:    textre.MustCompile(`(?i)\b(?:probable\s+que\s+(?:el\s+(?:incidente|ataque))\s+(?:comenzara|se originara|empezara)\s+(?:allí|ahí)|punto\s+de\s+entrada\s+del\s+ataque)`),
			negBefore: textre.MustCompile(`(?i)\b(?:ning[uú]n\w*|no|nunca|sin|neg[oó]|desminti[oó])(?:\s+\p{L}+){0,3}\s+$`),
		},
		sharedAfter: textre.MustCompile(`(?i)^,\s+(?:una?|la|el)\s+(?:[\p{L}\d]+\s+){0,2}?(?:cread[oa]|fundad[oa]|compartid[oa]|participad[oa]|gestionad[oa])\s+(?:en \d{4}\s+)?(?:conjuntamente\s+)?por\s+[^.]{1,80}?\s+y\s+`),
	},
}

// factLangOf is the language a story's facts are read in: English when
// it has an English document, else the lead's language when cueLangs
// has it, else "" (no facts from patterns).
func factLangOf(docs []model.Doc) string {
	for _, d := range docs {
		if d.Lang == "en" {
			return "en"
		}
	}
	if len(docs) > 0 && cueLangs[docs[0].Lang] != nil {
		return docs[0].Lang
	}
	return ""
}
