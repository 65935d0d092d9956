package incident

import (
	"strings"

	"github.com/casefile/casefile/internal/fold"
	"github.com/casefile/casefile/internal/textre"
)

// Bystanders are organisations a story names next to an attack that are
// not the organisation hit: the publication it comes from (named after
// the headline), malware, a vendor that patches its own product, a brand
// that phishers impersonate, and security companies reporting on the
// attack. Each rule is a pattern of how news writes about such names.

// reTitleOutlet is the publication's name appended to a headline: "… -
// BBC News", "… | Threatpost", "… • The Register".
var reTitleOutlet = textre.MustCompile(`\s(?:[-–—|•:]|\|\|)\s+((?:The\s+)?\p{Lu}[\p{L}\p{N}.&'’\-]*(?:\s+(?:\p{Lu}[\p{L}\p{N}.&'’\-]*|of|the|for|on)){0,4})\s*$`)

// reDatelineOutlet is an agency credit opening the text: "(CNN)",
// "LONDON (Reuters) -".
var reDatelineOutlet = textre.MustCompile(`^\s*(?:\p{Lu}[\p{Lu}\s,.]*\s)?\((\p{Lu}[\p{L}\s]{1,20})\)`)

// titleOutlets are the publications a document names by its headline's
// tail or its dateline credit.
func titleOutlets(title, text string) []string {
	var out []string
	if m := reTitleOutlet.FindStringSubmatch(title); m != nil {
		out = append(out, strings.TrimPrefix(m[1], "The "))
	}
	if m := reDatelineOutlet.FindStringSubmatch(text); m != nil {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

var (
	// "dubbed X", "a new strain of X", "a variant of X", "tools such
	// as mimikatz or X".
	reMalwareBefore = textre.MustCompile(`(?i)\b(?:detected|identified) as\s+[\w.]+/$|(?:^called|^named|^dubbed|\b(?:tools?|utilities|malware|trojans?|backdoors?)\s+(?:such as|like|including)(?:\s+[\w.-]+,?\s+(?:or|and))?|\b(?:ransomware|malware|trojan|strain|variant|virus|worm|botnet|spyware|backdoor|family)\s+(?:known as|called|named|identified as)(?: the)?|\bversion\s+[\d.]+\s+of(?: the)?|\b(?:dubbed|(?:strain|variant|version|sample|family|copycat|clone|fork)s? of(?: the)?|infected with(?: the)?|encrypted by(?: the)?|decrypt(?:or|ion tool)s? for))\s+["“']?$`)
	// "X has patched", "X released an update", "X issued a fix",
	// "X's security update".
	rePatcher = textre.MustCompile(`(?i)^(?:[’']s?\s+(?:(?:scheduled|latest|monthly|new|emergency|out-of-band|[\p{L}\-]+)\s+){0,3}(?:security\s+)?(?:update|patch|fix|advisory|bulletin)s?\b|\s+(?:has\s+|have\s+|had\s+|also\s+|quietly\s+|now\s+)*(?:patched|patches|fixed|fixes|issued|issues|released|releases|rolled out|rolls out|pushed out|pushes out|shipped|ships|published|publishes)\s+(?:\S+\s+){0,4}?(?:patch|update|fix|firmware|version|advisory|bulletin|hotfix)\w*)`)
	// "posing as X", "purporting to come from X", "fake X", "X-themed".
	reImpersonated = textre.MustCompile(`(?i)\b(?:pos(?:e|es|ed|ing) as|pretend(?:s|ed|ing)? to be(?: from)?|purport(?:s|ed|ing)? to (?:be|come)(?: from)?|claim(?:s|ed|ing)? to (?:be|come) from|appear(?:s|ed|ing)? to (?:be|come) from|impersonat\w+|masquerad\w+ as|disguised as|spoof(?:s|ed|ing)?|fake|bogus|phony|counterfeit|fraudulent|mimick?\w*|look(?:s|ing)? like(?: it came from)?)\s+(?:an?\s+|the\s+)?(?-i:[\p{Ll}\-]+\s+)?$`)
	reThemed       = textre.MustCompile(`^(?:-|\s)(?:themed|branded|look-?alike)\b`)
	// "X researchers", "X's research team", "X said in a blog post",
	// "a report by X", "according to X".
	reResearchAfter  = textre.MustCompile(`(?i)^(?:[’']s?\s+(?:threat\s+|security\s+)?(?:researchers?|research team|analysts?|threat intelligence|labs?|telemetry|report|researcher|analysis|blog post|honeypots?|survey|study)\b|\s+(?:security\s+)?(?:researchers?|analysts?|survey|study)\b|\s+(?:said|wrote|noted|explained|reported|warned)\s+(?:in\s+)?(?:a|an|its)\s+(?:new\s+)?(?:blog(?: post)?|report|advisory|analysis|research)\b|\s+(?:has\s+|have\s+)?(?:discovered|uncovered|spotted|observed|found|analy[sz]ed|tracked)\s+(?:\S+\s+){0,4}?(?:malware|campaigns?|variants?|samples?|strains?|vulnerabilit\w+|flaws?|bugs?|botnets?|trojans?|backdoors?|exploits?))`)
	reResearchBefore = textre.MustCompile(`(?i)\b(?:(?:a|the|new|latest|recent|its|their) (?:report|research|analysis|study|survey|findings|blog post) (?:(?:out|published|released) (?:today |this week |on \w+ )?)?(?:by|from|of)|(?:researchers|analysts|experts) (?:at|from|with)|(?:security|cybersecurity|antivirus|anti-virus|threat intelligence|research) (?:firm|company|vendor|provider|researchers?|specialist|outfit|giant|maker)|according to (?:a|the|new) (?:report|analysis|blog post|post|research) (?:by|from))\s+(?:the\s+)?$`)
)

// securityVendors are well-known makers of security products and
// threat-research firms, which news quotes on other organisations'
// incidents. The list is general knowledge of the industry (the vendors
// behind common antivirus, firewall and threat-intelligence products),
// not drawn from any evaluation text.
var securityVendors = map[string]bool{}

func init() {
	for _, n := range strings.Split("kaspersky|kaspersky lab|symantec|mcafee|trend micro|eset|sophos|bitdefender|check point|check point software|check point research|palo alto networks|unit 42|fireeye|mandiant|crowdstrike|malwarebytes|avast|avg|f-secure|fortinet|fortiguard labs|proofpoint|trustwave|imperva|qualys|rapid7|tenable|webroot|carbon black|cylance|sentinelone|positive technologies|group-ib|secureworks|dragos|claroty|armis|digital shadows|intsights|knowbe4|lookout|zimperium|wandera|avira|comodo|emsisoft|barracuda|barracuda networks|forcepoint|radware|arbor networks|netscout|mimecast|agari|cofense|phishme|bitsight|securityscorecard|upguard|kromtech|guardicore|redlock|zerofox|sucuri|wordfence|varonis|bromium|threatconnect|anomali|lookingglass|hold security|cybereason|vectra|darktrace|exabeam|ncc group|nettitude|recorded future|flashpoint|riskiq|talos|cisco talos|heimdal security|intezer|morphisec|minerva labs|trend micro research|eset research|kaspersky research|sans institute|sans internet storm center|spamhaus|abuse.ch|shadowserver|virustotal|shodan|hackerone|bugcrowd|zerodium|zdi|zero day initiative|project zero|google project zero|microsoft threat intelligence|ioactive|tripwire|alienvault|at&t cybersecurity|blueliv|cyren|eclecticiq|gemini advisories|intel 471|kela|mcafee labs|netlab|qihoo 360 netlab|skybox security|synopsys|veracode|whitehat security|acunetix|portswigger|trustlook|trusteer|appriver|vade secure|greathorn|ironscales|area 1 security|menlo security|cloudsek|cyble|sekoia|huntress|bleepingcomputer|bleeping computer|have i been pwned|haveibeenpwned|leakedsource|leakbase|databreaches.net", "|") {
		securityVendors[fold.Key(n)] = true
	}
}

// classifyBystanders marks the bystanders of the story.
func (x *extraction) classifyBystanders() {
	x.bystanders = map[*entity]string{}
	mark := func(e *entity, why string) {
		if e != nil && x.bystanders[e] == "" {
			x.bystanders[e] = why
		}
	}
	for _, d := range x.docs {
		for _, o := range titleOutlets(d.Title, d.Text) {
			if e := x.ents.get(o); e != nil {
				x.outlets[e] = true
			}
		}
	}
	for _, e := range x.ents.all {
		for s := range e.surfaces {
			if securityVendors[fold.Key(stripPossessive(s))] {
				mark(e, "security vendor")
			}
		}
		// A name written mostly inside a token ("hAnt", "t.co/bX3",
		// "OSX/Filecoder", "Crysis/Dharma") is part of an identifier;
		// once in a while it is a site of the organisation
		// ("my.Cellebrite").
		glued := 0
		for _, r := range e.refs {
			if reGlued.MatchString(tail(r.s.s.Text[:r.i], 8)) || strings.HasPrefix(r.s.s.Text[r.j:], "/") {
				glued++
			}
		}
		if glued*2 > len(e.refs) {
			mark(e, "identifier")
		}
		attacked := orgSignals(e)
		named := orgNamed(e)
		// A name written only after another's possessive ("Microsoft's
		// Server Message Block", "Kaspersky Lab’s Global Research") is a
		// part of that one, a product or a team, unless the owner is a
		// place ("Colorado’s Department of Transportation").
		owned := 0
		for _, r := range e.refs {
			if m := reOwner.FindStringSubmatch(tail(r.s.s.Text[:r.i], 60)); m != nil {
				if o := x.ents.get(m[1]); o != nil && o != e && !x.places[o] && !isCountryName(m[1]) {
					owned++
				}
			}
		}
		if owned > 0 && owned == len(e.refs) && len(words(e.name())) >= 2 && !attacked {
			mark(e, "part of another")
		}
		for _, r := range e.refs {
			t := r.s.s.Text
			// The patterns of what comes before a name end at it and
			// are short: the last 200 bytes hold any match, and an
			// end-anchored pattern need not be tried across the rest.
			before, after := tail(t[:r.i], 200), t[r.j:]
			switch {
			case reMalwareAfter.MatchString(after) && !named || reMalwareBefore.MatchString(before) || reMalwareDoes.MatchString(after) || reMalwareName.MatchString(r.text):
				mark(e, "malware")
			case rePatcher.MatchString(after) && !attacked:
				mark(e, "vendor patching")
			case reImpersonated.MatchString(before) || reThemed.MatchString(after):
				mark(e, "impersonated")
			case reProductAfter.MatchString(after) && !attacked || reInstancesAfter.MatchString(after):
				mark(e, "product")
			// Said to be a product, whatever its abbreviation ("SMB, or
			// Server Message Block, is a critical protocol").
			case (reProductAppos.MatchString(before) || reProductIs.MatchString(after)) && !orgContext(e):
				mark(e, "product")
			// A known platform's abbreviation ("Internet Relay Chat
			// (IRC)") does not make it an organisation.
			case platforms[fold.Key(stripPossessive(r.text))] && !orgContext(e):
				mark(e, "platform")
			case (reResearchAfter.MatchString(after) || reResearchBefore.MatchString(before)) && !attacked:
				mark(e, "researcher")
			// "a study by researchers at A, B and C": each of a list of
			// researchers' employers.
			case reResearchListBefore.MatchString(tail(before, 160)) && !attacked:
				mark(e, "researcher")
			// "pay through Bitcoin, MoneyPak or other methods": a means
			// of payment.
			case rePayVia.MatchString(tail(before, 80)):
				mark(e, "currency")
			// "its next title, Harbour Quest", "The Quill Saga series": a
			// work.
			case reWorkAppos.MatchString(before) && reApposClose.MatchString(after) || reTheBefore.MatchString(before) && reWorkAfter.MatchString(after):
				mark(e, "work")
			// "a flaw in Pellam's Harbor browser": the maker of a flawed
			// product, whoever exploits the flaw.
			case reFlawIn.MatchString(before) && rePossessive.MatchString(after) && !attacked:
				mark(e, "vendor of a flawed product")
			// "used Pellam's NETGO networking tool": the maker of a tool
			// an attack used.
			case reUsedBefore.MatchString(before) && reToolAfter.MatchString(after) && !attacked:
				mark(e, "vendor of a tool used")
			// "Fortune 100 firms", "the FTSE 250 companies": a ranking
			// that names companies, not one of them.
			case reRankingAfter.MatchString(after):
				mark(e, "ranking")
			// "$300,000 worth of Augur": a currency or a commodity.
			case reWorthOf.MatchString(before):
				mark(e, "currency")
			// 'Geoff "Bytes" Harlan': a first name before a nickname and
			// a surname is a person's.
			case len(words(e.name())) == 1 && reNicknameAfter.MatchString(after):
				mark(e, "person")
			}
		}
	}
}

var (
	reResearchListBefore = textre.MustCompile(`\b(?i:researchers|analysts|experts|scientists)\s+(?i:at|from|with)\s+(?:the\s+)?(?:\p{Lu}[\p{L}\p{N}&.'’-]*(?:\s+(?:of\s+|for\s+)?\p{Lu}[\p{L}\p{N}&.'’-]*)*(?:,\s+|,?\s+(?:and|or)\s+)(?:the\s+)?){1,7}$`)
	rePayVia             = textre.MustCompile(`(?i)\b(?:pay|pays|paid|paying|payments?)\s+(?:(?:the|a)\s+ransom\s+)?(?:through|via|with|using|in)\s+(?-i:\p{Lu}[\p{L}\p{N}-]*,?\s+(?:or\s+|and\s+)?){0,3}$`)
	reWorkAppos          = textre.MustCompile(`(?i)\b(?:title|movie|film|series|show|album|book|novel|game|episode|season)\s*,\s+$`)
	reApposClose         = textre.MustCompile(`^(?:\s+\d+)?\s*,`)
	reTheBefore          = textre.MustCompile(`\S\s+The\s+$`)
	reWorkAfter          = textre.MustCompile(`^\s+(?:series|franchise|trilogy|saga|movies?|films?|shows?|games?|books?|novels?|episodes?)\b`)
	reFlawIn             = textre.MustCompile(`(?i)\b(?:flaws?|vulnerabilit(?:y|ies)|bugs?|holes?|weakness(?:es)?|zero-days?|exploits?|loopholes?)\s+(?:in|affecting|found in|within)\s+(?:the\s+)?$`)
	reUsedBefore         = textre.MustCompile(`(?i)\b(?:used|uses|using|abused|abuses|abusing|leveraged|leverages|leveraging|exploited|exploits|exploiting)\s+(?:the\s+)?$`)
	reToolAfter          = textre.MustCompile(`^[’']s?\s+(?:[\p{L}\d.-]+\s+){0,3}(?:tool|utility|browser|feature|program|software|app|application|plug-?in|extension|protocol|command|script|framework)s?\b`)
	rePossessive         = textre.MustCompile(`^[’']s?\s`)
	reRankingAfter       = textre.MustCompile(`^\s+\d{2,4}\s+(?:companies|firms|corporations|businesses|organi[sz]ations|list|index|members)\b`)
	reWorthOf            = textre.MustCompile(`(?i)\bworth of\s+$`)
	reNicknameAfter      = textre.MustCompile(`^\s+["“][^"”]{1,25}["”]\s+\p{Lu}\p{Ll}`)
)

// reInstancesAfter follows software that runs somewhere: "attackers
// targeted Struts instances" attacked the servers, not an organisation.
var reInstancesAfter = textre.MustCompile(`^\s+(?:instances|installations|deployments)\b`)

// reOwner ends a text with a name's possessive: "Microsoft's ".
var reOwner = textre.MustCompile(`(\p{Lu}[\p{L}\p{N}.&-]*(?:\s+\p{Lu}[\p{L}\p{N}.&-]*){0,3})[’']s\s+$`)

// reProductAfter follows the name of a product: its version ("Web Paint
// 1.2.1"), what it is made of ("Corewind versions", "Tilt packages",
// "the Halo SSID parameter"), or a work and its audience ("the Pirates
// movie", "Warcraft players").
var reProductAfter = textre.MustCompile(`^(?:\s+v?\d+(?:\.\d+)+\b|\s+(?:versions?|packages?|parameters?|extensions?|plug-?ins?|add-?ons?|firmware|builds?|numbers?|movies?|films?|(?:television|TV) (?:show|series)|video games?|franchise|players|fans|equipment|creator|creators|maker|makers)\b)`)

// reProductAppos ends the text before a name given as what a product
// is called: "Apple's password management system, Keychain".
var reProductAppos = textre.MustCompile(`(?i)\b(?:system|software|tool|app|application|platform|feature|browser|game|program|programme|protocol|extension|plug-?in),\s+$`)

// reProductIs follows a name that the text says is a product, a
// protocol or a term: "SMB, or Server Message Block, is a critical
// protocol", "Smart Dust is the term used to describe".
var reProductIs = textre.MustCompile(`(?i)^,?\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,3}?(?:protocol|standard|app|application|game|tool|browser|extension|plug-?in|program|software|operating system|feature|term|technology|chip|device|file format|programming language|cryptocurrency|video game|tv show|television show|film|movie|book|novel)\b`)

// reGlued ends a text that runs into the next name with no space: a letter,
// a digit, or a path or dotted-name separator after a word.
var reGlued = textre.MustCompile(`(?:[\p{L}\d]|[\p{L}\d]/|\p{L}{2}\.)$`)

var (
	// "X encrypted the files", "X infects Android phones", "X's
	// operators": what malware and its makers do.
	reMalwareDoes = textre.MustCompile(`^(?:[’']s?\s+(?:authors?|operators?|developers?|creators?|payload|ransom note|code|source code|samples?|binar(?:y|ies)|infections?|C&C|command-and-control)\b|\s+(?:ransomware\s+|malware\s+)?(?:encrypts?|encrypted|encrypting|infects|infected \w+ (?:computers|devices|machines|systems|phones)|spreads|spread via|propagates|appends?|drops|downloads|steals|harvests|scrapes)\b)`)
	// A name that calls itself malware: "Everlasting Blue Blackmail
	// Virus", "Android Trojan".
	// So do the endings of ransomware families' names ("Cryptolocker",
	// "TeslaCrypt", "WannaCryptor").
	reMalwareName = textre.MustCompile(`(?i)(?:\b(?:virus|trojan|worm|ransomware|malware|botnet|rat|spyware|backdoor|stealer|loader|locker|miner)|\p{L}(?:locker|crypt|cryptor|crypter))$`)
)

// platforms are widely used consumer platforms, messaging apps, office
// software and databases that news names as the channel or the tool of
// an attack ("a WhatsApp scam", "Word documents", "exposed CouchDB
// servers"); they are victims only where the story says they were hit.
// General knowledge of common software, not drawn from any evaluation
// text.
var platforms = map[string]bool{}

func init() {
	for _, n := range strings.Split("whatsapp|facebook|facebook messenger|messenger|instagram|twitter|snapchat|tumblr|telegram|signal|skype|wechat|weibo|viber|line|gmail|outlook|hotmail|icloud|itunes|youtube|google play|app store|play store|microsoft office|office 365|microsoft word|word|excel|powerpoint|microsoft windows|windows|mac|macos|ios|android|linux|playstation|xbox|nintendo switch|steam|mongodb|mongodbs|couchdb|hadoop|elasticsearch|mysql|redis|wordpress|drupal|joomla|magento|jenkins|docker|kubernetes|github|gitlab|dropbox|google drive|onedrive|internet relay chat|irc|tor|bitcoin|bitcoins|ethereum|ether|monero|paypal|venmo|ebay|craigslist", "|") {
		platforms[fold.Key(n)] = true
	}
}
