package incident_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
)

// TestVictimRules covers the rules that keep names which are not the
// organisation hit out of the victims, and those that find victims the
// broad impact sentences miss. Every name is invented.
func TestVictimRules(t *testing.T) {
	tests := []struct {
		name    string
		bodies  []string
		victims []string // must be victims
		not     []string // must not be victims
	}{
		{
			name: "attacker named by attribution or its APT number",
			bodies: []string{"Hackers breached the Ostvale Anti-Doping Agency and stole athletes' records. The agency said the attack was attributed to Grey Otter, also known as APT99. " +
				"Grey Otter/APT99 has hit sports bodies before, and the Grey Otter hacks still caused trouble for athletes after the attack on the Ostvale Anti-Doping Agency."},
			victims: []string{"Ostvale Anti-Doping Agency"},
			not:     []string{"Grey Otter"},
		},
		{
			name: "campaign and tools",
			bodies: []string{"Dubbed Operation Lantern Moth, the 'Lantern Moth' campaign breached IT providers such as Harrowgate Services. " +
				"Once inside, the hackers deployed tools such as mimikatz or PassGrabber to steal credentials from Harrowgate Services, which was hacked in May."},
			victims: []string{"Harrowgate Services"},
			not:     []string{"Lantern Moth", "PassGrabber"},
		},
		{
			name:    "common word capitalised in a quotation",
			bodies:  []string{`Owner Dana Pell released a statement saying: "Unfortunately, Harlow Brewhouse was the target of and fell victim to scammers." The scammers had no luck unfortunately for them.`},
			victims: []string{"Harlow Brewhouse"},
			not:     []string{"Unfortunately"},
		},
		{
			name:    "common word the story also writes in lower case",
			bodies:  []string{"Information on the staff of Quarry Lane Bakery was stolen when the bakery was hacked. The information included home addresses."},
			victims: []string{"Quarry Lane Bakery"},
			not:     []string{"Information"},
		},
		{
			name: "a number word capitalised inside a sentence is a name; at a sentence's start it is a number",
			bodies: []string{"Data from over 9,000 customers of network operator Seven Ways was stolen, and records of customers of mobile operator Four were accessed. " +
				"Hackers also breached Two Rivers Bank. Four men were arrested after the hack."},
			victims: []string{"Four", "Seven Ways", "Two Rivers Bank"},
		},
		{
			name:    "malware as the subject of the hit",
			bodies:  []string{"Ransomware hit Larkfield Dental on Friday. Tarn Cloud said its service was fine. The same strain infected Brimley Foods on Monday."},
			victims: []string{"Larkfield Dental", "Brimley Foods"},
			not:     []string{"Tarn Cloud"},
		},
		{
			name:    "a team the story calls a company is one",
			bodies:  []string{"The following year, Wren targeted Italian company Tracking Team, and published emails stolen from the company. The Incident Response Team said it was looking into the attack."},
			victims: []string{"Tracking Team"},
			not:     []string{"Incident Response Team"},
		},
		{
			name:    "a loyalty programme is no organisation",
			bodies:  []string{"Harlow Hotel Group has confirmed that it suffered a data breach affecting a small percentage of our Harlow Rewards members."},
			victims: []string{"Harlow Hotel Group"},
			not:     []string{"Harlow Rewards"},
		},
		{
			name: "a role word capitalised inside a sentence starts a name, and Media before a name starts it anywhere; attackers as the subject of the hit",
			bodies: []string{"Ransomware creators have attacked Tarnish media giant Media Quarto Bhd and are demanding bitcoins. " +
				"Media Quarto Bhd's computer systems have been locked. Media reports said the company would not pay. " +
				"Crooks also targeted Vexa instances running on Linux servers."},
			victims: []string{"Media Quarto Bhd"},
			not:     []string{"Quarto Bhd", "Vexa"},
		},
		{
			name:    "who is notified of a breach did not suffer it",
			bodies:  []string{"Hackers breached Tarnwick Bank's payment systems. The Reserve Bank of Orland has been notified of the breaches and told banks to check their records."},
			victims: []string{"Tarnwick Bank"},
			not:     []string{"Reserve Bank of Orland"},
		},
		{
			name:    "what attackers tried to extort money from",
			bodies:  []string{"The same hacker group leaked episodes of a series last month. The hackers weren't able to extract a payment from either Larkspur Studios or Quillflix, and demanded a ransom from Tarn Pictures too."},
			victims: []string{"Larkspur Studios", "Quillflix", "Tarn Pictures"},
		},
		{
			name:    "domain is no lower-case use",
			bodies:  []string{"Travessa was hit by a cyber attack on Monday, and customers of travessa.com had to reset their passwords."},
			victims: []string{"Travessa"},
		},
		{
			name:    "tax form and cipher tokens",
			bodies:  []string{"Staff at Pellow Freight were hit by a scam that stole every W-2 form; the files were encrypted with RSA-2048 keys after Pellow Freight was hacked."},
			victims: []string{"Pellow Freight"},
			not:     []string{"W-2", "RSA-2048"},
		},
		{
			name:    "job titles make a person",
			bodies:  []string{"Mayor Ilsa Brandt said the attack on Corran City Council was contained. Corran City Council CEO Rob Tamsin said it was hit by ransomware."},
			victims: []string{"Corran City Council"},
			not:     []string{"Mayor Ilsa Brandt", "Corran City Council CEO Rob Tamsin"},
		},
		{
			name:    "compound adjective",
			bodies:  []string{"The attacks hit Internet-exposed Dovecore servers; Hallam Mills was breached by Kremlin-backed hackers, the company said."},
			victims: []string{"Hallam Mills"},
			not:     []string{"Internet-exposed Dovecore", "Kremlin-backed"},
		},
		{
			name:    "agency named without a role cue",
			bodies:  []string{"The Federal Cyber Security Agency was among the bodies hit by hackers this week, as was Tollard Shipping, which was hit by ransomware."},
			victims: []string{"Tollard Shipping"},
			not:     []string{"Federal Cyber Security Agency"},
		},
		{
			name:    "malware named by a cue before it",
			bodies:  []string{"Bexley Farms was hit by a new strain of Crimpet that encrypted its files. The ransomware, dubbed Crimpet, was also found at Bexley Farms’ suppliers."},
			victims: []string{"Bexley Farms"},
			not:     []string{"Crimpet"},
		},
		{
			name:    "vendor patching its product",
			bodies:  []string{"Hours later, Velloware issued a security update for its servers after Morrow Freight was hit by an attack through them."},
			victims: []string{"Morrow Freight"},
			not:     []string{"Velloware"},
		},
		{
			name:   "brand impersonated by phishers",
			bodies: []string{"Thousands of people were hit by a phishing attack with emails posing as Quindle Bank, which said its own systems were safe. The fake Quindle Bank emails asked for passwords."},
			not:    []string{"Quindle Bank"},
		},
		{
			name:    "researchers quoted on the attack",
			bodies:  []string{"On Monday, Marrowline researchers said Tessel Foods was hit by an attack that used stolen passwords."},
			victims: []string{"Tessel Foods"},
			not:     []string{"Marrowline"},
		},
		{
			name:    "well-known security vendor",
			bodies:  []string{"In a report on the attacks, Sophos said that Harrowgate Dental was hit by ransomware last week and that it was working with the company."},
			victims: []string{"Harrowgate Dental"},
			not:     []string{"Sophos"},
		},
		{
			name:    "victim that detected the attack is no researcher",
			bodies:  []string{"Pallister Rail has forced its customers to reset passwords after it detected an attempt to hack into its systems. Pallister Rail has announced that it has suffered a data breach."},
			victims: []string{"Pallister Rail"},
		},
		{
			name:    "bare abbreviation without an organisation's context",
			bodies:  []string{"Hackers stole PHI and other records when Dunmore Clinic was hit by ransomware; the attackers left a table called WARNING that held their demands, and a warning to pay."},
			victims: []string{"Dunmore Clinic"},
			not:     []string{"PHI", "WARNING"},
		},
		{
			name:    "abbreviation the story treats as an organisation",
			bodies:  []string{"Hackers demanded a ransom after KVRA was hit by an attack that encrypted its servers, the water utility said."},
			victims: []string{"KVRA"},
		},
		{
			name:    "plural abbreviations, demonyms and party members",
			bodies:  []string{"The hackers who hit Stanway Textiles infected PCs across the firm and stole data on Americans who shopped there, the company said. Officials blamed the same crew for hacks against top Democrats."},
			victims: []string{"Stanway Textiles"},
			not:     []string{"PCs", "Americans", "Democrats"},
		},
		{
			name:    "state abbreviation after a city",
			bodies:  []string{"Harlan Regional Hospital in Greenvale, Tenn. was hit by ransomware and paid the ransom, the hospital said."},
			victims: []string{"Harlan Regional Hospital"},
			not:     []string{"Tenn"},
		},
		{
			name:    "surname of a person named in full",
			bodies:  []string{"Security blogger Corin Vask found that Tarrow Bank was hacked by a group that stole its records. Hackers stole the files, Vask said, and hit Tarrow Bank’s servers."},
			victims: []string{"Tarrow Bank"},
			not:     []string{"Vask", "Corin Vask"},
		},
		{
			name:    "data stolen from a named company",
			bodies:  []string{"The gang says it has stolen unreleased footage and contracts from Pellam Studios and is now selling them online."},
			victims: []string{"Pellam Studios"},
		},
		{
			name:    "hackers broke into a named company",
			bodies:  []string{"Police say two men hacked into Corvish Logistics and sold what they took; the company has since changed its passwords."},
			victims: []string{"Corvish Logistics"},
		},
		{
			name:    "person-shaped name nobody speaks as",
			bodies:  []string{"Tamsin Cove has paid part of the ransom to hackers who took over the town's computer system earlier this month, the mayor said."},
			victims: []string{"Tamsin Cove"},
		},
		{
			name:   "person-shaped name of a person quoted",
			bodies: []string{"Orla Brennick said she had paid the ransom to the hackers who took over her computer. Orla Brennick, 54, told reporters the scammers were polite."},
			not:    []string{"Orla Brennick"},
		},
		{
			name:    "clause words before a name",
			bodies:  []string{"The new ransomware, Dubbed Velvetcrab by researchers, hit Ormsby Haulage last week, and the firm paid the ransom; Ormsby Haulage was hit again on Monday."},
			victims: []string{"Ormsby Haulage"},
			not:     []string{"Dubbed Velvetcrab"},
		},
		{
			name:    "products named with their kind",
			bodies:  []string{"Hackers broke into Quenby Pharmacy through an unpatched Corvex Server and stole records stored in a Maplin Database belonging to the pharmacy chain."},
			victims: []string{"Quenby Pharmacy"},
			not:     []string{"Corvex Server", "Maplin Database"},
		},
		{
			name:    "two-word demonym",
			bodies:  []string{"Hackers hit South Korean and Saudi Arabian firms, among them Dallow Shipping, which was hit by ransomware on Monday."},
			victims: []string{"Dallow Shipping"},
			not:     []string{"South Korean", "Saudi Arabian"},
		},
		{
			name:    "malware by what it does and by its name",
			bodies:  []string{"Hackers hit Brantley Motors with Gorvex, and Gorvex encrypted the files on every server; the Silent Heron Virus was also found on Brantley Motors’ network after it was hacked."},
			victims: []string{"Brantley Motors"},
			not:     []string{"Gorvex", "Silent Heron Virus"},
		},
		{
			name:    "platform used as the channel",
			bodies:  []string{"Scammers hit customers of Fenwick Savings with a WhatsApp scam and fake Gmail messages; Fenwick Savings was hit hardest, the bank said."},
			victims: []string{"Fenwick Savings"},
			not:     []string{"WhatsApp", "Gmail"},
		},
		{
			name:    "platform that was itself hit",
			bodies:  []string{"Dropbox was hacked and the data of its users was stolen, the company said, and it has reset their passwords."},
			victims: []string{"Dropbox"},
		},
		{
			name:    "earlier breach dated by month and year",
			bodies:  []string{"Lorrimer Games was hacked on Tuesday and its users were told to reset their passwords. The stolen accounts are now being sold with data stolen from Pennick Forum, which was hacked in May 2015."},
			victims: []string{"Lorrimer Games"},
			not:     []string{"Pennick Forum"},
		},
		{
			name:    "revenue agency and court",
			bodies:  []string{"The Northland Revenue Service and the Brackwell District Court said Hollin Dairy had been hit by hackers who breached its payroll, and that Hollin Dairy was hit by the scam too."},
			victims: []string{"Hollin Dairy"},
			not:     []string{"Northland Revenue Service", "Brackwell District Court"},
		},
		{
			name:    "group named by a plural",
			bodies:  []string{"The Wexmoor Councils said Orrin Borough Council was hit by a cyber attack, and hackers also hit the Wexmoor Councils' shared portal."},
			victims: []string{"Orrin Borough Council"},
			not:     []string{"Wexmoor Councils"},
		},
		{
			name:    "possessive name is no person",
			bodies:  []string{"On Monday, Varnley paid the ransom, the company said. Hackers had used Varnley’s Kubernetes console for weeks before they locked its files."},
			victims: []string{"Varnley"},
		},
		{
			name:    "person later called by surname",
			bodies:  []string{"Hackers hit Callow Brewing and then Tobin Marsk, whose files were locked; Marsk paid the ransom. Callow Brewing was hit by ransomware, the company said."},
			victims: []string{"Callow Brewing"},
			not:     []string{"Tobin Marsk", "Marsk"},
		},
		{
			name:    "holiday and sentence adverb",
			bodies:  []string{"Over Christmas the hackers hit Wendle Foods. Thus Wendle Foods was hit twice, the company said, and the attackers stole records at Christmas."},
			victims: []string{"Wendle Foods"},
			not:     []string{"Christmas", "Thus", "Thus Wendle Foods"},
		},
		{
			name:    "the organisation's own breach, named or reported",
			bodies:  []string{"The privacy commissioner expressed concern over the Tarrow Air data breach incident. Fenmoor Bank said on Monday that data of 2 million customers had been accessed without authorisation. Security firm Brightwall said that records were stolen from Ostley Foods too. Reports linked the team to the 2009 Quellcorp hack."},
			victims: []string{"Tarrow Air", "Fenmoor Bank", "Ostley Foods"},
			not:     []string{"Brightwall", "Quellcorp"},
		},
		{
			name:    "a surname spoken of as he or she",
			bodies:  []string{"Hospital leaders said no records had been compromised when Corley Health was hit by ransomware, Brandow said. Brandow said he was proud of the staff. The hackers struck at night, a time Fensome says was their weakest; Fensome thanked his team. Tamsin, who was a champion, had her photos hacked; Orrell, the man who hacked the console, was sued by the maker."},
			victims: []string{"Corley Health"},
			not:     []string{"Brandow", "Fensome", "Tamsin", "Orrell"},
		},
		{
			name:    "publications whatever their name",
			bodies:  []string{"The breach at Lorrin Dental, first reported on Leakwatch, exposed 40,000 patients. The stolen files were encrypted, Polish IT news blog Trzecia Wiadomosc reported; the story first appeared in The Harbour Reporter, and Lorrin Dental was hacked through a vendor."},
			victims: []string{"Lorrin Dental"},
			not:     []string{"Leakwatch", "Trzecia Wiadomosc", "Harbour Reporter"},
		},
		{
			name:    "products named with a version or their parts",
			bodies:  []string{"Tilecraft 2.4.1 and Pagewise 10.0.3 were compromised, and all recent Quorum Core versions could be hit by the attack; infected Lumen OLE packages spread it. Brightfield Press was hacked as well, the company said."},
			victims: []string{"Brightfield Press"},
			not:     []string{"Tilecraft", "Pagewise", "Quorum Core", "Lumen OLE"},
		},
		{
			name:    "titles, technical terms and number words",
			bodies:  []string{"Ransomware actors are shifting targets, which we examine in our report, Ransomware Crews Shift Gears After Tallin Breach. The malware reached a C&C server and the PoS terminals of Garrow Stores, which was hit by ransomware; 1 Billion records of Garrow Stores were stolen."},
			victims: []string{"Garrow Stores"},
			not:     []string{"Ransomware Crews Shift Gears After Tallin Breach", "C&C", "PoS", "Billion"},
		},
		{
			name:    "international police bodies are agencies",
			bodies:  []string{"The attack hit Merrow Logistics and spread to 100 countries, according to an analyst; Europol and Interpol said the attack on Merrow Logistics was being investigated."},
			victims: []string{"Merrow Logistics"},
			not:     []string{"Europol", "Interpol"},
		},
		{
			name:    "the place of a victim and works with their audience",
			bodies:  []string{"Computer systems of a private hospital in Dalmore Vale came under a ransomware attack; Kestin Hospital was hit, the hospital said. Files said to be the new Storm Harbour movie leaked after Kestin Hospital was hacked, and emails to Skyreach Legends players were part of the scam."},
			victims: []string{"Kestin Hospital"},
			not:     []string{"Dalmore Vale", "Storm Harbour", "Skyreach Legends"},
		},
		{
			name:    "a list of those an attack hit",
			bodies:  []string{"Other customers exposed by the Pellow Hosting data breach include at least one law firm, Dorran County (dorrancounty.ca), Vantry Trust and Holloway Dental Group. The stolen personal data such as the Marrin Health Card number was sold; the flaw hit 300 vendors, including Kestrelcam and Brightlens."},
			victims: []string{"Dorran County", "Vantry Trust", "Holloway Dental Group"},
			not:     []string{"Marrin Health Card", "Kestrelcam", "Brightlens"},
		},
		{
			name:    "those whose data was lost",
			bodies:  []string{"Police are investigating after records of patients at Dunhill Infirmary were accessed by a member of staff. A new threat aims to steal Quorra user credentials, and hackers have looted the exposed database from Tindle Toys. Sarn Retail customers were warned, but Sarn Retail users are protected from such attacks, the company said."},
			victims: []string{"Dunhill Infirmary", "Quorra", "Tindle Toys"},
			not:     []string{"Sarn Retail"},
		},
		{
			name:    "names the story also writes otherwise",
			bodies:  []string{"Hackers accessed an exposed TeddyNet database, and users picked passwords such as qwerty and teddynet. PMSV was hit by the attack; PMSV said it had no sign of abuse. Officials refused to pay in the Harlan Baptist Hospital ransomware attack. Services are being restored to the St. Corvin Public Library after a ransomware attack hit the St. Corvin Public Library on Thursday."},
			victims: []string{"TeddyNet", "PMSV", "Harlan Baptist Hospital", "St. Corvin Public Library"},
			not:     []string{"St", "Corvin Public Library"},
		},
		{
			name:    "clause starts, time words, groups known as the, numbers",
			bodies:  []string{"The threat to Fallow Farms was clear: Transfer bitcoin to the hackers or lose the files [Update: Fallow Farms refused to pay]. Experts shed light on ransomware Last month, when a hacker group known as the Ember Syndicate hit Fallow Farms; no Social Security numbers were exposed."},
			victims: []string{"Fallow Farms"},
			not:     []string{"Transfer", "Update", "Last", "Ember Syndicate", "Social Security"},
		},
		{
			name:    "more ways news reports who was hit",
			bodies:  []string{"The ransomware encrypted files at Borran Telecom on Friday. Nearly a week after it became the target of a ransomware attack, the City of Westmere has made progress. Harrow Airport authorities were forced to take their flight displays offline. Tressle General Hospital sustained three ransomware attacks this year, and Mallow Freight Inc. revealed that data of its clients was exposed. The leak hit those employed by service branches, such as the Corran Navy and the Corran Air Corps. Kessock Times, a local news site, first reported the attacks."},
			victims: []string{"Borran Telecom", "City of Westmere", "Harrow Airport", "Tressle General Hospital", "Mallow Freight Inc", "Corran Navy", "Corran Air Corps"},
			not:     []string{"Kessock Times"},
		},
		{
			name:    "earlier incidents told in passing",
			bodies:  []string{"Hackers hit Pellam Savings on Monday, the bank said. Last November criminals launched an attack against Yarrow Bank. Just as with the 2016 attacks on the Dunmore Agency, files were stolen; a breach on the scale of what affected Quillnet has yet to strike. In contrast to the hacking of Varden Bank in May, no cash was taken from Pellam Savings."},
			victims: []string{"Pellam Savings"},
			not:     []string{"Yarrow Bank", "Dunmore Agency", "Quillnet", "Varden Bank"},
		},
		{
			name: "attackers named by alias, apposition or an active verb of attack",
			bodies: []string{"A hacker that goes by the nickname of Brisk0042 has hacked the Tallow Market forum. The Grey Wardens, a hacking extortion group, were paid by nobody. Hollin Press was hit as well: the Night Vultures stole hundreds of files from Hollin Press, which was hacked on Monday, the company said.",
				"Hackers going by the pseudonym Vexmoor claimed the attack on Hollin Press."},
			victims: []string{"Hollin Press"},
			not:     []string{"Brisk0042", "Grey Wardens", "Night Vultures", "Vexmoor"},
		},
		{
			name:    "an apposition after the victim names another group",
			bodies:  []string{"In the case of the Dunmore Savings Bank, a hacker group going by the name Rook Collective claimed it had hacked the bank, and Dunmore Savings Bank confirmed it was hacked in April."},
			victims: []string{"Dunmore Savings Bank"},
			not:     []string{"Rook Collective"},
		},
		{
			name:    "malware named by what it is called",
			bodies:  []string{"Tessel Mills was hit with a strain known as Borrowlock, the company said. Called Grimfang, a second variant encrypted files at Tessel Mills too, and version 2.0 of Quillcrypt followed; Tessel Mills was hacked again."},
			victims: []string{"Tessel Mills"},
			not:     []string{"Borrowlock", "Grimfang", "Quillcrypt"},
		},
		{
			name:    "names inside identifiers",
			bodies:  []string{"Bramley Foods was hit by the OSX/Fernlock ransomware, a cousin of the Dravix/Orla ransomware; the wallet linked from t.co/bQx7Tr4 was hacked. Bramley Foods was hit by the hackers behind hVarn, which infected 200 rigs."},
			victims: []string{"Bramley Foods"},
			not:     []string{"Fernlock", "Dravix", "Qx7Tr4", "Varn"},
		},
		{
			name:    "a site of the organisation keeps it a victim",
			bodies:  []string{"Forensics firm Quorvel suffered a data breach, the company said. The stolen backup held my.Quorvel accounts, and Quorvel was hacked through an old server."},
			victims: []string{"Quorvel"},
		},
		{
			name:    "dateline in capitals and places located from another",
			bodies:  []string{"WESTBRIDGE — A hospital said it paid a ransom to hackers who hit Carrow Health, a group of clinics 15 miles east of Westbridge. Carrow Health was hacked on Thursday and hired a Westbridge expert."},
			victims: []string{"Carrow Health"},
			not:     []string{"Westbridge"},
		},
		{
			name:    "a list of places glued to the sentences before them",
			bodies:  []string{"Card data was stolen from hotels of Harrow Inns, which was hacked last year, the company said. The hotels affected were: Dunford - Harrow Inn Express.  Hacked from May 2 to June 9.Kelby - Harrow Inn Suites.  Hacked from May 2 to June 1.Tamsworth - Harrow Inn Express."},
			victims: []string{"Harrow Inn Suites"},
			not:     []string{"Kelby", "Tamsworth"},
		},
		{
			name:    "a day's possessive before malware",
			bodies:  []string{"Friday’s Grimlock ransomware attack spread fast; Harlow Brewhouse was hit, and paying the Grimlock ransom is ill-advised."},
			victims: []string{"Harlow Brewhouse"},
			not:     []string{"Grimlock", "Friday’s Grimlock"},
		},
		{
			name:    "a byline runs into the text over a layout gap",
			bodies:  []string{"Market news January 5, 2031 by Dana Pell      A coordinated cyber attack has hit Harlow Brewhouse, the company said."},
			victims: []string{"Harlow Brewhouse"},
			not:     []string{"Dana Pell      A", "Dana Pell"},
		},
		{
			name:    "an abbreviation after a possessive",
			bodies:  []string{"Hackers breached Ostvale’s KSX on Monday, and Kelmar Freight said its servers were hit by ransomware."},
			victims: []string{"Kelmar Freight"},
			not:     []string{"Ostvale’s KSX"},
		},
		{
			name:    "a nationality ending in -i",
			bodies:  []string{"Planned attacks on targets in the Qatari marketplace were stopped, and Kelmar Freight was hit by ransomware."},
			victims: []string{"Kelmar Freight"},
			not:     []string{"Qatari"},
		},
		{
			name:    "data provided by someone supplies nothing",
			bodies:  []string{"Hackers breached the web server of the Tarrow Travel Association. “Some information provided by customers may have been accessed,” the Tarrow Travel Association said."},
			victims: []string{"Tarrow Travel Association"},
		},
		{
			name:    "a utility's public service is no supply",
			bodies:  []string{"OTWSA provides water and sewer service to all of Tarrow County. OTWSA's computer system has been hit by a ransomware attack."},
			victims: []string{"OTWSA"},
		},
		{
			name:    "in a name's possessive is no region",
			bodies:  []string{"Kelmart has suffered another card breach. If a hole was simply found in Kelmart's defenses, the retailer has work to do."},
			victims: []string{"Kelmart"},
		},
		{
			name: "an organisation's own site, its customers contacted by it, and the operator of its sites",
			bodies: []string{"A cyber attack has compromised the personal data of up to 26,000 Harlow Stores customers. Harlow Stores has stressed that the site is operated by Quennet, a third-party supplier. " +
				"Quennet also operates Harlow Stores' websites for gifts. Customers of its main website Harlowstores.com are unaffected. \"All affected customers have been contacted by Harlow Stores,\" the firm told the Tarn Herald."},
			victims: []string{"Harlow Stores"},
			not:     []string{"Quennet", "Tarn Herald"},
		},
		{
			name:    "a place of two words used as a modifier",
			bodies:  []string{"San Tarro-based Quillsign warned on May 9 that it was tracking a malicious email campaign. The data of customers of Quillsign was stolen."},
			victims: []string{"Quillsign"},
			not:     []string{"San Tarro-based Quillsign"},
		},
		{
			name:    "a breach from a name",
			bodies:  []string{"It was that earlier flaw that led to a nightmare data breach from credit company Kelmart."},
			victims: []string{"Kelmart"},
		},
		{
			name:    "an apposition between the name and the cue",
			bodies:  []string{"Quillbone, the social media-based quiz app for teens and young adults, has been compromised, leading to records going up for sale. The attackers got the names of Quillbone users."},
			victims: []string{"Quillbone"},
		},
		{
			name:    "chose to pay",
			bodies:  []string{"The ransomware locked them out of all their systems. The Tarrow Board of Water & Light chose to pay $25,000 in bitcoin because it was cheaper."},
			victims: []string{"Tarrow Board of Water & Light"},
		},
		{
			name:    "three capitalised words make no person",
			bodies:  []string{"Kelmouth Information Management officials were made aware of problems on Monday. The data of customers of Kelmouth was stolen, the city said."},
			victims: []string{"Kelmouth"},
		},
		{
			name:    "the customer that outsourced",
			bodies:  []string{"Hackers accessed a database of Quillpets. Quillpets had outsourced its server management to a third-party vendor, Tarnhost, which was hacked."},
			victims: []string{"Quillpets"},
		},
		{
			name:    "malware named in quotation marks",
			bodies:  []string{"The outbreak of the global “Grim Lock” ransomware attack crippled Kelmart's systems, and Kelmart was hit hard."},
			victims: []string{"Kelmart"},
			not:     []string{"Grim Lock"},
		},
		{
			name:    "a team or product written after its owner's possessive",
			bodies:  []string{"Researchers at Quillon Lab’s Global Threat Team said that hackers hit Kelmart and encrypted the servers of Kelmart. Quillon Lab’s Global Threat Team also found the ransomware."},
			victims: []string{"Kelmart"},
			not:     []string{"Global Threat Team"},
		},
		{
			name:    "members named by their organisation",
			bodies:  []string{"Hackers breached the web server of the Tarrow Travel Association and stole data of Tarrow Travel Association Members, the association said."},
			victims: []string{"Tarrow Travel Association"},
			not:     []string{"Tarrow Travel Association Members"},
		},
		{
			name:    "places of two words and places listed together",
			bodies:  []string{"Computer systems of a private clinic in Harla Vasti were hacked, police said. Data was stolen from the servers of Semmel Klinik, which has clinics in Ostrava and Brunnvik."},
			victims: []string{"Semmel Klinik"},
			not:     []string{"Harla Vasti", "Brunnvik"},
		},
		{
			name: "products, protocols, terms, works, teams and what is kept",
			bodies: []string{"Hackers breached Orrin Dental and stole credentials from Apple's password management system, Pinvault, on its computers. " +
				"The attack on Orrin Dental spread through a flaw in Tessel File Share, a protocol for sharing files; TFS, or Tessel File Share, is a critical protocol used by Windows. " +
				"Researchers at Kelpie Lab’s Global Research and Threat Team estimated that 60 percent of infected computers were in Orrin Dental's offices. Leaked records contain accounts data, including names, Hashed Login Passwords and VPN PINs. " +
				"Orrin Dental was hacked after a guest on the TV show \"Fish Bowl,\" spread the malware. Sand Net is the term used to describe the botnet that infected computers. " +
				"The bots connect over an Internet Relay Chat (IRC) channel to attack victims such as Orrin Dental. Answers to the clinic's Peer Mood Survey were exposed in the breach at Orrin Dental."},
			victims: []string{"Orrin Dental"},
			not:     []string{"Pinvault", "Tessel File Share", "Threat Team", "Hashed Login Passwords", "VPN PINs", "Fish Bowl", "Sand Net", "Internet Relay Chat", "Peer Mood Survey"},
		},
		{
			name: "owners of what was taken, and a city named with its state",
			bodies: []string{"DocuStamp confirmed that a malicious third party had broken in and stolen DocuStamp’s list of customers and users. " +
				"Late last month, the city of Fallow Haven, Connecticut, paid $2,000 to unlock 23 servers that had been infected with ransomware."},
			victims: []string{"DocuStamp", "Fallow Haven"},
		},
		{
			name: "adjectives, trades, titles, works' makers and technical terms",
			bodies: []string{"Hackers breached Tallow Bank and found no TRACE-specific flaw; Tallow Bank was hacked with malware that reached Command and Control (C&C) servers. " +
				"Polish IT workers were hit, and the Corvex Divas Champion had her photos hacked. A breach of the Marble Quest creator has exposed credentials of Tallow Bank."},
			victims: []string{"Tallow Bank"},
			not:     []string{"TRACE-specific", "Command", "Control", "Polish IT", "Corvex Divas Champion", "Marble Quest"},
		},
		{
			name: "events, buildings and a nationality's technology",
			bodies: []string{"Hackers breached the Tallow Golfers Association ahead of the Tallow Championship, and the Tallow Championship was hacked too. " +
				"Staff at City Hall were hit by the ransomware attack on the City of Brannock. Chinese Internet giants were hacked as well."},
			victims: []string{"Tallow Golfers Association", "City of Brannock"},
			not:     []string{"Tallow Championship", "City Hall", "Chinese Internet"},
		},
		{
			name:    "a city the story names as a municipality once",
			bodies:  []string{"Two men were charged for the ransomware attack that hobbled the city of Brannock’s computer network. Brannock officials denied paying the ransom, and consultants based in Brannock said the Brannock attack cost millions."},
			victims: []string{"Brannock"},
		},
		{
			name:   "a capital named for its government",
			bodies: []string{"A government source said the foreign ministry of Ostvale had been hacked in the past and that Rome suspected the perpetrators were Russian, but Rome gave no proof."},
			not:    []string{"Rome"},
		},
		{
			name:    "a title with a capitalised verb",
			bodies:  []string{"The hacker leaked episodes of Blue Is the New Grey after Fallow Studios was breached."},
			victims: []string{"Fallow Studios"},
			not:     []string{"Blue", "New Grey", "Blue Is the New Grey"},
		},
		{
			name:    "news of a breach",
			bodies:  []string{"Investigations confirmed that personal data had been accessed at Harrow Air. News of Harrow Air's passenger data breach sent its shares down."},
			victims: []string{"Harrow Air"},
			not:     []string{"News of Harrow Air"},
		},
		{
			name:    "a utility named with and, whose systems open a sentence of impact",
			bodies:  []string{"The Tallow Water and Sewer Authority's internal computer system, including servers and personal computers, was hit by a ransomware attack Saturday."},
			victims: []string{"Tallow Water and Sewer Authority"},
			not:     []string{"Tallow Water", "Sewer Authority"},
		},
		{
			name:    "a greeting is no first name, and an acknowledged leak",
			bodies:  []string{"The group's Twitter feed crowed: Hello Streamwell, we’ve arrived. Streamwell acknowledged the leak, which it said was caused by a breach at a production vendor."},
			victims: []string{"Streamwell"},
			not:     []string{"Hello Streamwell"},
		},
		{
			name:    "an attack that affected an organisation",
			bodies:  []string{"The malware struck Orrin University on Tuesday, the same day a ransomware outage affected Kessling College London (KCL)."},
			victims: []string{"Orrin University", "Kessling College London"},
		},
		{
			name:    "a bare abbreviation in a list of victims",
			bodies:  []string{"The account threatened the release of material stolen from other media companies, including KTV, Orrin Geographic and Fallow Studios."},
			victims: []string{"KTV", "Orrin Geographic", "Fallow Studios"},
		},
		{
			name:    "data related to an organisation exposed",
			bodies:  []string{"Sensitive information related to the Tarvanian Coast Guard has been found exposed publicly on the internet, allowing anyone to read it."},
			victims: []string{"Tarvanian Coast Guard"},
		},
		{
			name:    "a county is not one of its agencies",
			bodies:  []string{"A malware virus has paralyzed the computers of Tallow County, Ohio, including the county's police force. The director of the Tallow County Emergency Management Agency said recovery will take time."},
			victims: []string{"Tallow County"},
		},
		{
			name:    "a list of victims whose names are described",
			bodies:  []string{"The malware spread from Tarvania to firms in Ostvale. Victims included the Danish advertising and marketing multinational Harrow Lane Group and a shipping company, Kessel Terminals, based at the port of Orrin."},
			victims: []string{"Harrow Lane Group", "Kessel Terminals"},
		},
		{
			name:    "a list that opens a sentence of impact",
			bodies:  []string{"Harwell Borough Council, Orrin Valley Council and Pellow District Council, three local authorities based in Tarvania, said in a joint statement on Friday that they are investigating a cyber incident."},
			victims: []string{"Harwell Borough Council", "Orrin Valley Council", "Pellow District Council"},
		},
		{
			name:    "a one-word name referred to as he",
			bodies:  []string{"Hackers breached the servers of Pell Freight on Friday. By Monday Merrow said there was a huge spike in attacks on Pell Freight, reported via his Twitter account."},
			victims: []string{"Pell Freight"},
			not:     []string{"Merrow"},
		},
		{
			name:    "names joined by for the",
			bodies:  []string{"Staff of Fight for the Open Sky were targeted with spear-phishing emails; Fight for the Open Sky was hacked, the group said."},
			victims: []string{"Fight for the Open Sky"},
			not:     []string{"Open Sky"},
		},
		{
			name:    "a product named after in is no place",
			bodies:  []string{"Researchers found a bug in Corvex Writer last year. Corvex was hacked on Monday, the company said."},
			victims: []string{"Corvex"},
		},
		{
			name:    "a town the story says had its systems hacked",
			bodies:  []string{"In late April, Tarrow Beach had their computer systems hacked and locked down for weeks. Lessons learned from the cyberattack in Tarrow Beach helped its neighbours."},
			victims: []string{"Tarrow Beach"},
		},
		{
			name: "malware by its family's ending, its other names and its detection name",
			bodies: []string{"The user paid a ransom, but the attackers could not decipher the files encrypted by their own Trojan.Encoder (Grimlocker), and Hallam Dental was hit. " +
				"The ransomware infection is Version 2.0 of WanaKrypt (also known as WKry, WannaKry and WannaKryptor). It appears criminals were perplexed by the WKry campaign. " +
				"Researchers found a piece of malware built to steal passwords. Named \"MacFetcher\" and posing as an update, the malware was found after Pellow Freight was hacked. Antivirus tools detect it as OSX/MacFetcher; MacFetcher collects data stolen from the Mac."},
			victims: []string{"Hallam Dental", "Pellow Freight"},
			not:     []string{"Grimlocker", "WKry", "MacFetcher"},
		},
		{
			name:    "affected institutions including a list with notes and places",
			bodies:  []string{"With affected institutions including the Ostmark Health Executive (which said it stopped the ransomware from running), the Regional Health Service in Tarnland, Pellow Freight and Corvane Oil, few paid up."},
			victims: []string{"Ostmark Health Executive", "Regional Health Service", "Pellow Freight", "Corvane Oil"},
		},
		{
			name:    "a company named after its founder",
			bodies:  []string{"Files claiming to be the new Harbour Pirates film leaked online after Dunmore refused to meet hackers' demands. The hackers had demanded that Dunmore pay a huge sum, Bob Ivers, CEO at Walt Dunmore, revealed. Media companies like Walt Dunmore do not want early leaks."},
			victims: []string{"Dunmore"},
		},
		{
			name: "what could happen is no hit",
			bodies: []string{"Hackers broke into Harlow Bank's network in May. In fact, analysts estimated it would only cost $122 to launch a 51% attack on the Corvex Coin network. " +
				"These vulnerabilities would enable remote attacks on all Telvane nodes, researchers claimed. Data at Harlow Bank could have been accessed, the bank said.", "Kelso Dental could have been hit by ransomware as early as May.",
				"On May 3 Pellow Freight was hit by ransomware, the firm said.", "Investigators would not say how hackers attacked Quarry Lane Bakery’s computers.",
				"Analysts expect the crew will use data that Nestwatch collected to craft targeted attacks on diplomats.",
				"Its files locked, Hallam Dental said it will not pay the ransom. Tarn Health won't pay the ransom either, the trust said after the attack."},
			victims: []string{"Harlow Bank", "Kelso Dental", "Pellow Freight", "Quarry Lane Bakery", "Hallam Dental", "Tarn Health"},
			not:     []string{"Corvex Coin", "Telvane", "Nestwatch"},
		},
		{
			name: "encryption that protects",
			bodies: []string{"Ransomware encrypted the files of Pellow Freight on Monday. " +
				"Vexchat, which has one billion users, re-encrypted some messages without telling the sender. Government hackers may read Quillchat end-to-end encrypted messages, the company said. Reports said Zentalk and its encrypted chats were safe."},
			victims: []string{"Pellow Freight"},
			not:     []string{"Vexchat", "Quillchat", "Zentalk"},
		},
		{
			name:   "the maker of a flawed product",
			bodies: []string{"Ransomware scammers have been exploiting a flaw in Pellam's Mobile Skiff browser in a campaign to extort fees from uninformed users."},
			not:    []string{"Pellam"},
		},
		{
			name: "an attacker named after attacks by, a source contending, a tool used",
			bodies: []string{"Tarrow Oil's site was compromised by a series of attacks by the pseudo-Nightleech campaign, which infects visitors. " +
				"The site now includes a malicious link that infects the computers of anyone visiting, Vexel Research contends. " +
				"The infected machine also used Pellam's NETGO networking tool to move the data to the attackers' servers."},
			victims: []string{"Tarrow Oil"},
			not:     []string{"Nightleech", "Vexel Research", "Pellam"},
		},
		{
			name:   "a loss that could happen",
			bodies: []string{"The bug is a lack of authentication, so Corvane Builder databases can be accessed and tampered with without limit."},
			not:    []string{"Corvane Builder"},
		},
		{
			name: "a cue that points ahead to a name",
			bodies: []string{"The Ostmark Assembly has decided to take action on the massive data breach at Tarrow Air, which affected 9 million customers. " +
				"The results of a survey given by Kelso High School were exposed to the public in a serious breach of security. Hallam Health discovered the attack on May 24."},
			victims: []string{"Tarrow Air", "Kelso High School", "Hallam Health"},
			not:     []string{"Ostmark Assembly"},
		},
		{
			name:    "the name whose statement a pronoun's cue is about",
			bodies:  []string{"In short, Dunmore Studios says that it was not accurate that a film was ever taken, and it refused to pay the ransom demand to the extortionists."},
			victims: []string{"Dunmore Studios"},
		},
		{
			name:    "subject to an attack",
			bodies:  []string{"Tarn Valley College in Ostbury was subject to a cyber attack over the winter break, officials said."},
			victims: []string{"Tarn Valley College"},
		},
		{
			name:    "a cue that names what was hit by its owner after it",
			bodies:  []string{"Ransomware encrypted the computers of Ostmark Council overnight. Tarrow Holdings shouldn't keep servers of any kind on its premises, a consultant said."},
			victims: []string{"Ostmark Council"},
			not:     []string{"Tarrow Holdings"},
		},
		{
			name: "the name whose thing a passive cue is about",
			bodies: []string{"Harrowgate Games, the Dutch studio best known for its work on the Fenwick series, released a short statement today claiming that early work from its next title, Starfall, has been compromised. " +
				"Quillnet Bank said in a statement on Monday morning that its hosting partner, Brill Systems, was hit by ransomware. Yusuf Rahim said genuine account holders were locked out after their accounts were hijacked. " +
				"Tarnbank Group said in its yearly report on Monday that its analysts tracked ransomware attacks on hospitals."},
			victims: []string{"Harrowgate Games", "Brill Systems"},
			not:     []string{"Quillnet Bank", "Yusuf Rahim", "Rahim", "Tarnbank Group"},
		},
		{
			name: "offline, and data admitted compromised",
			bodies: []string{"Ostmark Department of Roads employees spent a second day offline Thursday as officials studied the damage done by a virus that hijacked files. " +
				"The hotel group is the latest travel firm to suffer a breach, with Tarrow Air and Pellow Freight both admitting to compromised data in the last two months."},
			victims: []string{"Ostmark Department of Roads", "Tarrow Air", "Pellow Freight"},
		},
		{
			name:    "an abbreviation that declined to comment",
			bodies:  []string{"The hackers also claim to have stolen unreleased content from QBC, Foxley, Harbour Geographic and TFC. QBC, Foxley and TFC declined to comment."},
			victims: []string{"TFC"},
		},
		{
			name: "what might happen, researchers listed, means of payment, works",
			bodies: []string{"Larrow Studios was hit by ransomware on Friday. The gang suggested that it might be trying to extort Foxley, Harbour Geo and QBC next. " +
				"A study by researchers at Quillsearch, Chainlex, the University of Tarn and Kelso School of Engineering estimated that victims paid $25 million in ransom. " +
				"Hackers tell victims to pay through Bitcoin, Monipak or other online methods. " +
				"Vexel Games said early work from its next title, Harbour Quest, has been compromised, and so was its work on The Quill Saga series. " +
				"Hackers stole from its servers the new movie, Tarrow Pictures said."},
			victims: []string{"Larrow Studios", "Vexel Games", "Tarrow Pictures"},
			not:     []string{"Foxley", "Harbour Geo", "QBC", "Kelso School of Engineering", "Monipak", "Harbour Quest", "Quill Saga"},
		},
		{
			name: "a source writing in a summary, a potential victim",
			bodies: []string{"Hackers stole the files of Pellow Freight. \"The techniques were stolen from,\" Leakhub writes in a summary of its document dump. " +
				"Ostmark was the only nation named by Quillwatch as a potential victim of the attack on Pellow Freight."},
			victims: []string{"Pellow Freight"},
			not:     []string{"Leakhub", "Quillwatch"},
		},
		{
			name:    "a heading run into its paragraph",
			bodies:  []string{"Hackers hit Pellow Freight with ransomware in May. Lucrative Targets While extortionists have been targeting people, it has been more lucrative to target businesses with ransomware attacks."},
			victims: []string{"Pellow Freight"},
			not:     []string{"Lucrative Targets"},
		},
		{
			name: "a party known as, malware that sneaked in, a ransom paid in a currency",
			bodies: []string{"Harlan's party, known as \"Forward Ostmark!\", said it had been hit by at least five phishing attacks on its staff. " +
				"In January, the new variant of the malware sneaked into the Ostmark hospital Kelso Health. " +
				"Pellam Care, a clinic in the north, later decided to pay 4 bitcoin, or about $55,000, in ransom."},
			victims: []string{"Forward Ostmark", "Kelso Health", "Pellam Care"},
		},
		{
			name: "the employer of someone who comments",
			bodies: []string{"Ransomware hit hundreds of firms, and Kelso Dental was hit by the attack on Friday. " +
				"Tom Rowe, chief operating officer and co-founder of Vexel Analytics Ltd, says it is unlikely the money taken from victims will be traced. " +
				"Hal Prince, chief security officer at Quill Defence in Greenvale, explained how in a ransomware attack criminals buy tools."},
			victims: []string{"Kelso Dental"},
			not:     []string{"Vexel Analytics Ltd", "Quill Defence"},
		},
		{
			name: "an organisation that closes a sentence of its breach, and has contacted the police",
			bodies: []string{"Tarrowline, which is based in Harlan, is one of the country's largest shipbuilders. Tarrowline says the material is not classified and that it has secured its data systems. " +
				"A spokesman for Tarrowline contacted on Friday says he could not say more. The breach exposed ship design drawings that are sent to suppliers, Tarrowline says. " +
				"Tarrowline has contacted the Ostmark Cyber Security Centre."},
			victims: []string{"Tarrowline"},
		},
		{
			name: "many of its systems taken offline, systems forced offline",
			bodies: []string{"The government of Tarn County in Ostmark has taken many of its computer and telephone systems offline as it tries to tackle a ransomware infection. " +
				"Six weeks after the malware forced Harlow Harbour Board’s back-end operations offline, the board is back to 80 percent."},
			victims: []string{"Tarn County", "Harlow Harbour Board"},
		},
		{
			name:    "an unauthorised access experienced, said by a spokesperson",
			bodies:  []string{"In a statement, a Tarrow Leisure spokesperson said it confirmed it experienced an unauthorised access to a third-party email distribution service and some past guests received spam."},
			victims: []string{"Tarrow Leisure"},
		},
		{
			name:    "a deal struck is no hit",
			bodies:  []string{"Hackers stole the records of 3 million users from Corvane Mail. Details of the breach became public only after Corvane Mail had struck a deal to be acquired by Telvista."},
			victims: []string{"Corvane Mail"},
			not:     []string{"Telvista"},
		},
		{
			name:   "warning another organisation's users",
			bodies: []string{"Kelso Mobile Ltd is again warning Vexmart Store users to be aware of phishing emails attempting to steal their log in details."},
			not:    []string{"Kelso Mobile Ltd"},
		},
		{
			name: "companies such as, with and without an attack",
			bodies: []string{"Broadcasters have been losing viewers to streaming companies such as Vexflix and Streamora. " +
				"The ransomware campaign has affected some companies including Pellow Freight."},
			victims: []string{"Pellow Freight"},
			not:     []string{"Vexflix", "Streamora"},
		},
		{
			name: "the source that closes a sentence",
			bodies: []string{"Data of nearly 100,000 taxpayers may have been compromised by a breach at Ostmark Lending, The Tarn Chronicle of Learning reports. " +
				"Over 2 million adults have been targeted by an email scam, Fenwick Insurance calculated."},
			victims: []string{"Ostmark Lending"},
			not:     []string{"Tarn Chronicle of Learning", "Fenwick Insurance"},
		},
		{
			name:    "outlets such as",
			bodies:  []string{"After the report, a breach at Corvex was assumed by some news outlets such as QRT, though most media sites never stated that the hackers breached Corvex."},
			victims: []string{"Corvex"},
			not:     []string{"QRT"},
		},
		{
			name: "surveys and studies",
			bodies: []string{"A third of the Dattex survey's respondents said they had suffered ransomware attacks. " +
				"A study out today from Shapely Defence shows that stuffing attacks hit login pages."},
			not: []string{"Dattex", "Shapely Defence"},
		},
		{
			name:    "a ranking, a currency, an attacker traced and a nickname",
			bodies:  []string{"Stuffing attacks hit the systems at Fortunate 100 firms. Someone took over the phone of the founder of Ferrow Capital and had stolen at least $300,000 worth of Augra and Ether cryptocurrency. A sustained attack on Harlow Bank was traced back to the Eastern Guard. There was also Geoff \"Bytes\" Harlan, the man who hacked the console."},
			victims: []string{"Harlow Bank"},
			not:     []string{"Fortunate", "Augra", "Eastern Guard", "Geoff"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			got := victimNames(inc)
			for _, v := range tc.victims {
				if !slices.Contains(got, v) {
					t.Errorf("victim %q missing; victims: %q", v, got)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("%q is no victim; victims: %q", n, got)
				}
			}
		})
	}
}

// TestTitleOutlet checks that a publication named after the headline
// ("… - Fenwick Tribune") or credited in the dateline is no victim.
func TestTitleOutlet(t *testing.T) {
	raw := model.Raw{ID: "d1", Source: "s", Title: "Kelso Bakery hit by ransomware - Marlow Media Group",
		Body: []byte("(Brindle Wire Services) Kelso Bakery was hit by a ransomware attack on Monday that Marlow Media Group first noticed.")}
	doc := analyze.Analyze(extract.Clean(raw, nil))
	inc := incident.Extract("s1", []model.Doc{doc}, incident.Options{})
	got := victimNames(inc)
	if !slices.Contains(got, "Kelso Bakery") {
		t.Errorf("victims %q miss Kelso Bakery", got)
	}
	for _, n := range []string{"Marlow Media Group", "Brindle Wire Services"} {
		if slices.Contains(got, n) {
			t.Errorf("outlet %q among victims %q", n, got)
		}
	}
}

// TestMediaStartsName checks that "Media" opening a sentence before
// another capitalised word is part of the name, so the victim gains no
// alias cut short.
func TestMediaStartsName(t *testing.T) {
	inc := run(t, incident.Options{}, "Ransomware creators have attacked Tarnish media giant Media Quarto Bhd and are demanding bitcoins. "+
		"Media Quarto Bhd's computer systems have been locked. Media reports said the company would not pay.")
	if len(inc.Victims) != 1 || inc.Victims[0].Name != "Media Quarto Bhd" || len(inc.Victims[0].Aliases) != 0 {
		t.Errorf("victims %+v, want Media Quarto Bhd alone, without aliases", inc.Victims)
	}
}

// TestVictimOfItsReportsYear checks that "in YEAR" for the year before
// the report's does not make the attack an earlier one.
func TestVictimOfItsReportsYear(t *testing.T) {
	raw := model.Raw{ID: "d1", Source: "s", Published: time.Date(2017, 3, 20, 0, 0, 0, 0, time.UTC),
		Body: []byte("Kessel Freight informed staff that their tax data was handed to fraudsters. “A Kessel Freight (KF) team member was the victim of a targeted spear phishing email that resulted in the release of W-2 forms for individuals who KF employed in 2016,” the chief executive wrote.")}
	inc := incident.Extract("s1", []model.Doc{analyze.Analyze(extract.Clean(raw, nil))}, incident.Options{})
	if got := victimNames(inc); !slices.Contains(got, "Kessel Freight") {
		t.Errorf("victims %q miss Kessel Freight", got)
	}
}

// TestHeadlineTown checks that a town a headline says was hit is a
// victim, though the body names it only as a place.
func TestHeadlineTown(t *testing.T) {
	tests := []struct{ title, body, want string }{
		{"Kelby hit by ransomware attack, city employees told not to turn on computers",
			"City employees in Kelby coming to work Friday were told not to turn on their computers, due to a ransomware attack that hit municipal systems.", "Kelby"},
		{"Tarrow Hill, Tenn., Hit with Ransomware Attack",
			"TARROW HILL, Tenn. — The city was the victim of a recent cyber-attack, which caused its computer system to lock. Tarrow Hill was one of several local government agencies who were victims.", "Tarrow Hill"},
	}
	for _, tc := range tests {
		raw := model.Raw{ID: "d1", Source: "s", Title: tc.title, Body: []byte(tc.body)}
		inc := incident.Extract("s1", []model.Doc{analyze.Analyze(extract.Clean(raw, nil))}, incident.Options{})
		if got := victimNames(inc); !slices.Contains(got, tc.want) {
			t.Errorf("%q: victims %q miss %q", tc.title, got, tc.want)
		}
	}
}

// TestHeadlineSubject checks that the first name of an attack headline
// is a victim and a later one, the channel, is not.
func TestHeadlineSubject(t *testing.T) {
	raw := model.Raw{ID: "d1", Source: "s", Title: "Pemberly Outfitters customers targeted by malware spread through Quillshare Networks",
		Body: []byte("Customers of Pemberly Outfitters received emails with malware, and the company said its own systems were safe. The files were shared through Quillshare Networks, which is popular with small firms.")}
	doc := analyze.Analyze(extract.Clean(raw, nil))
	inc := incident.Extract("s1", []model.Doc{doc}, incident.Options{})
	got := victimNames(inc)
	if !slices.Contains(got, "Pemberly Outfitters") {
		t.Errorf("victims %q miss the headline's subject", got)
	}
	if slices.Contains(got, "Quillshare Networks") {
		t.Errorf("the channel is among the victims %q", got)
	}
}

// TestHeadlineNumberName checks that a number word with a possessive
// opening a headline is a name ("Four's website exposes ..."), the
// operator the story names mid-sentence too.
func TestHeadlineNumberName(t *testing.T) {
	raw := model.Raw{ID: "d1", Source: "s", Title: "Four's website exposes mobile customers' details to strangers",
		Body: []byte("Customers logging into the mobile operator's website saw other customers' bills. A Four spokesperson said they are investigating the incident involving Four. Four men were later seen at the shop.")}
	doc := analyze.Analyze(extract.Clean(raw, nil))
	inc := incident.Extract("s1", []model.Doc{doc}, incident.Options{})
	if got := victimNames(inc); !slices.Contains(got, "Four") {
		t.Errorf("victims %q miss the headline's subject", got)
	}
}

// TestCommenterEvidence checks that a sentence in which someone who works
// for a victim comments ("Mia Ross, practice manager at Kelso Dental,
// said") stays among the victim's evidence, though it alone would not
// make its employer a victim.
func TestCommenterEvidence(t *testing.T) {
	const says = "Mia Ross, practice manager at Kelso Dental, said staff found encrypted files on two servers."
	inc := run(t, incident.Options{}, "Kelso Dental was hit by ransomware on Friday. "+says)
	for name, evs := range evidenceOf(inc) {
		if name != "victim Kelso Dental" {
			continue
		}
		for _, e := range evs {
			if e.Text == says {
				return
			}
		}
		t.Fatalf("evidence of Kelso Dental lacks %q: %+v", says, evs)
	}
	t.Fatalf("Kelso Dental is no victim: %q", victimNames(inc))
}

// TestHeadlineDescribedSubject checks that a headline opening with a
// capitalised description ("Foodie social network X warns ...") has X
// as its subject.
func TestHeadlineDescribedSubject(t *testing.T) {
	raw := model.Raw{ID: "d1", Source: "s", Title: "Foodie social network Tarlowe warns that someone stole users' email addresses and passwords",
		Body: []byte("Tarlowe, the self-described food social network, has sent an email to some of its users. From what I have seen, Tarlowe has only mentioned it when asked.")}
	doc := analyze.Analyze(extract.Clean(raw, nil))
	inc := incident.Extract("s1", []model.Doc{doc}, incident.Options{})
	if got := victimNames(inc); !slices.Contains(got, "Tarlowe") {
		t.Errorf("victims %q miss the headline's subject", got)
	}
}

// TestHeadlineHypothetical checks that a headline whose words of attack
// say only what could happen names no victim.
func TestHeadlineHypothetical(t *testing.T) {
	raw := model.Raw{ID: "d1", Source: "s", Title: "Quillmail issues fix for security flaw that could let hackers read your email",
		Body: []byte("Quillmail has issued an update today to fix a flaw in its app. The update is listed on Quillmail's website, and it is rolling out over the day.")}
	doc := analyze.Analyze(extract.Clean(raw, nil))
	inc := incident.Extract("s1", []model.Doc{doc}, incident.Options{})
	if got := victimNames(inc); slices.Contains(got, "Quillmail") {
		t.Errorf("victims %q: the headline reports a fix, not an attack", got)
	}
}

// TestVictimEvidenceLead checks that a victim decided by a sentence near
// its name keeps as evidence the earlier sentence that reports the
// attack in which it is named far from the cue.
func TestVictimEvidenceLead(t *testing.T) {
	inc := run(t, incident.Options{}, "Ashcombe Borough Council, Tarrant Valley Council and the Lindow Harbour Authority said in a joint statement on Tuesday that their shared IT agency had been hit by a ransomware attack. Later, Lindow Harbour Authority was hit again, the harbour said.")
	for _, v := range inc.Victims {
		if v.Name != "Lindow Harbour Authority" {
			continue
		}
		if len(v.Evidence) < 2 || !strings.HasPrefix(v.Evidence[0].Text, "Ashcombe Borough Council") {
			t.Fatalf("evidence of %s: %+v, want the joint statement first", v.Name, v.Evidence)
		}
		return
	}
	t.Fatalf("Lindow Harbour Authority is no victim: %q", victimNames(inc))
}

// TestVulnerabilities checks the CVE ids a story states, including lists
// that give the year once ("CVE-2031-1156, -1157 and -1159").
func TestVulnerabilities(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"Orlen Devices said it had patched CVE-2031-40112 in its gateway, and the company said that it was sorry after Harwick Clinic was hit by the attack.", []string{"CVE-2031-40112"}},
		{"Orlen Devices has patched the bugs, dubbed CVE-2031-1156, -1157, -1158 and -1159, and the older CVE-2030-9999 as well.", []string{"CVE-2030-9999", "CVE-2031-1156", "CVE-2031-1157", "CVE-2031-1158", "CVE-2031-1159"}},
		{"The flaws CVE-2031-2001/-2002 were fixed by the vendor, and it said that the number -3000 alone is no id at all.", []string{"CVE-2031-2001", "CVE-2031-2002"}},
	}
	for _, tc := range tests {
		inc := run(t, incident.Options{}, tc.body)
		var got []string
		for _, v := range inc.Vulnerabilities {
			got = append(got, v.ID)
			if len(v.Evidence) == 0 {
				t.Errorf("%s has no evidence", v.ID)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: ids %q, want %q", tc.body, got, tc.want)
		}
	}
}
