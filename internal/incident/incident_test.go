package incident_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
)

func TestNameResolution(t *testing.T) {
	tests := []struct {
		name   string
		bodies []string
		opt    incident.Options
		list   string   // victims, providers or agencies
		want   string   // the canonical name
		alias  []string // spellings that must resolve to it
	}{
		{
			name: "acronym and expansion",
			bodies: []string{`The Northgate Regional Authority said on Tuesday it had been hit by a ransomware attack.

An NRA spokesperson said the NRA had shut its planning portal as a precaution.`},
			list: "victims", want: "Northgate Regional Authority", alias: []string{"NRA"},
		},
		{
			name:   "a name's possessive starts a longer one",
			bodies: []string{"Customers of Tarlow’s Brewhouse were told their cards were stolen in a breach of its payment system. Tarlow said it had removed the malware."},
			list:   "victims", want: "Tarlow’s Brewhouse", alias: []string{"Tarlow"},
		},
		{
			name: "an acronym with the initial of 'of', a head before 'of', forced offline",
			bodies: []string{"Six weeks after ransomware forced Tarn Department of Transportation’s back-end operations offline, the agency is back to 80 percent functionality. " +
				"The ransomware hijacked TDOT computer files. A consultant helped to contain the TDOT attack, and TDOT shut down more than 2,000 computers."},
			list: "victims", want: "Tarn Department of Transportation", alias: []string{"TDOT"},
		},
		{
			name: "acronym across documents",
			bodies: []string{
				"The Northgate Regional Authority said on Tuesday it had been hit by a ransomware attack.",
				"The NRA said the ransomware attack on the NRA had closed its offices.",
			},
			list: "victims", want: "Northgate Regional Authority", alias: []string{"NRA"},
		},
		{
			name: "partial acronym",
			bodies: []string{`WV Services, the shared IT company set up by Ashcombe Town Council and Pryor District Council, said a cyber attack had disrupted its systems.

Westmere Valley Services said engineers would work through the weekend.`},
			list: "providers", want: "Westmere Valley Services", alias: []string{"WV Services"},
		},
		{
			name:   "X, or Y",
			bodies: []string{"Tallis Regional Transit, or TRX, said it was the victim of a ransomware attack on Saturday. TRX said ticket machines still worked."},
			list:   "victims", want: "Tallis Regional Transit", alias: []string{"TRX"},
		},
		{
			name:   "Y (X)",
			bodies: []string{"Mereford University Hospitals (MUHT) said it was hit by a cyber attack on Thursday. MUHT said appointments would go ahead."},
			list:   "victims", want: "Mereford University Hospitals", alias: []string{"MUHT"},
		},
		{
			name:   "short form",
			bodies: []string{"Pellham Logistics said on Monday it had been hit by a ransomware attack. Pellham said deliveries were running late, and Pellham drivers were told to wait."},
			list:   "victims", want: "Pellham Logistics", alias: []string{"Pellham"},
		},
		{
			name: "councils of one place under different type words",
			bodies: []string{`Ravensmoor County Council has confirmed a cyber attack on its network.

A spokesperson for Ravensmoor City Council said staff were working from paper records.`},
			list: "victims", want: "", alias: []string{"Ravensmoor County Council", "Ravensmoor City Council"},
		},
		{
			name:   "user alias",
			bodies: []string{"Fenmarch Energy said it had been hit by a cyber attack on Sunday. Customers of Voltaro, the company's budget brand, were told about the attack on Voltaro."},
			opt:    incident.Options{Aliases: map[string]string{"Voltaro": "Fenmarch Energy"}},
			list:   "victims", want: "Fenmarch Energy", alias: []string{"Voltaro"},
		},
		{
			name:   "user alias to a name the story never writes",
			bodies: []string{"Voltaro said it had been hit by a cyber attack on Sunday. Voltaro said payments were delayed."},
			opt:    incident.Options{Aliases: map[string]string{"voltaro": "Fenmarch Energy Group"}},
			list:   "victims", want: "Fenmarch Energy Group", alias: []string{"Voltaro"},
		},
		{
			name:   "acronym inside a name",
			bodies: []string{"The Tarvania Department of Roads was hit by ransomware on Tuesday. Tarvania DOR staff were told to shut down their computers."},
			list:   "victims", want: "Tarvania Department of Roads", alias: []string{"Tarvania DOR"},
		},
		{
			name:   "clipped form",
			bodies: []string{"The Tarrow-Kessling Borough was hit by a ransomware attack on Monday. Tar-Kess staff said the computers of Tar-Kess were infected."},
			list:   "victims", want: "Tarrow-Kessling Borough", alias: []string{"Tar-Kess"},
		},
		{
			name:   "municipality and its place",
			bodies: []string{"The Town of Kessling said its servers were hacked on Friday, and attackers demanded a ransom. Kessling was hit by ransomware, the town said; a firm based in Kessling helps it."},
			list:   "victims", want: "Town of Kessling", alias: []string{"Kessling"},
		},
		{
			name:   "tail of a longer name",
			bodies: []string{"The Mount Orrin Public Library was hit by ransomware on Monday. Orrin Public Library staff said the catalogue was down."},
			list:   "victims", want: "Mount Orrin Public Library", alias: []string{"Orrin Public Library"},
		},
		{
			name:   "a sentence whose full stop the page lost",
			bodies: []string{"The group had links to Tarvania The Ostvale Ministry of Ports was hacked by a group of determined attackers."},
			list:   "victims", want: "Ostvale Ministry of Ports",
		},
		{
			name:   "agency acronym and name",
			bodies: []string{"The National Crime Agency (NCA) is investigating the attack on Brackley Foods. The NCA said it had made arrests."},
			list:   "agencies", want: "National Crime Agency", alias: []string{"NCA"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, tc.opt, tc.bodies...)
			var hit []named
			for _, n := range organisations(inc) {
				for _, a := range append([]string{tc.want}, tc.alias...) {
					if a != "" && n.spelledBy(a) {
						hit = append(hit, n)
						break
					}
				}
			}
			if len(hit) != 1 {
				t.Fatalf("want one entry for %q %q, got %+v", tc.want, tc.alias, hit)
			}
			if hit[0].list != tc.list {
				t.Errorf("%q listed under %s, want %s", hit[0].name, hit[0].list, tc.list)
			}
			if tc.want != "" && hit[0].name != tc.want {
				t.Errorf("name %q, want %q (aliases %q)", hit[0].name, tc.want, hit[0].aliases)
			}
			for _, a := range tc.alias {
				if !hit[0].spelledBy(a) {
					t.Errorf("%q does not resolve to %q (aliases %q)", a, hit[0].name, hit[0].aliases)
				}
			}
		})
	}
}

// Without the user's alias the brand stays a name of its own.
func TestNameResolutionNeedsAlias(t *testing.T) {
	inc := run(t, incident.Options{}, "Fenmarch Energy said it had been hit by a cyber attack on Sunday. Customers of Voltaro, the company's budget brand, were told about the attack on Voltaro.")
	if got := victimNames(inc); !sameSet(got, []string{"Fenmarch Energy", "Voltaro"}) {
		t.Errorf("victims %q, want Fenmarch Energy and Voltaro apart", got)
	}
}

func TestVictims(t *testing.T) {
	tests := []struct {
		name    string
		bodies  []string
		victims []string
		not     []string // named in the story, never victims
		related []string
	}{
		{
			name:    "named in an impact sentence",
			bodies:  []string{"Brackenfield Water said on Monday that it had been hit by a ransomware attack. The company said drinking water was safe."},
			victims: []string{"Brackenfield Water"},
		},
		{
			name: "outlet",
			bodies: []string{`Lowmoor Borough Council was hit by a cyber attack on Tuesday, a spokesperson told the Daily Beacon.

The Daily Beacon understands that the attack on Lowmoor Borough Council began overnight.`},
			victims: []string{"Lowmoor Borough Council"},
			not:     []string{"Daily Beacon"},
		},
		{
			name: "outlets reported from",
			bodies: []string{`Coastal News reported on Monday that Lowmoor Borough Council was hit by a cyber attack. Speaking to the Westbridge Times, a council spokesperson said the attack on Lowmoor Borough Council was contained.

According to the Tarn Herald, the attack on the council began on Friday.`},
			victims: []string{"Lowmoor Borough Council"},
			not:     []string{"Coastal News", "Westbridge Times", "Tarn Herald", "Speaking"},
		},
		{
			name:    "agency",
			bodies:  []string{"The National Cyber Security Centre said it was supporting Greyfriars Housing, which was hit by a ransomware attack on Friday."},
			victims: []string{"Greyfriars Housing"},
			not:     []string{"National Cyber Security Centre"},
		},
		{
			name: "security firm and its analyst",
			bodies: []string{`Ashdown Railway was hit by a cyber attack on Friday, according to Tobias Renn, a senior analyst at Quillon Security.

Quillon Security said the attack on Ashdown Railway used stolen passwords.`},
			victims: []string{"Ashdown Railway"},
			not:     []string{"Quillon Security", "Tobias Renn"},
		},
		{
			name: "employer of a quoted researcher",
			bodies: []string{`Kestle Bay Hospital was hit by a ransomware attack on Sunday.

Nadia Brook, a researcher at Varden Research, said the attack on Kestle Bay Hospital had been planned for weeks.`},
			victims: []string{"Kestle Bay Hospital"},
			not:     []string{"Varden Research", "Nadia Brook"},
		},
		{
			name:    "supplier",
			bodies:  []string{"Elmstead Borough Council, whose IT is run by Corvane Technologies, was hit by a cyber attack on Monday."},
			victims: []string{"Elmstead Borough Council"},
			not:     []string{"Corvane Technologies"},
		},
		{
			name:    "shared service provider",
			bodies:  []string{"Northern Reach Shared Services said a ransomware attack had hit systems used by Ashby Borough Council."},
			victims: []string{"Ashby Borough Council"},
			not:     []string{"Northern Reach Shared Services"},
		},
		{
			name:    "vendor and product",
			bodies:  []string{"Harwick Clinic was hit by a ransomware attack after hackers exploited a flaw in the Fabrikon Secure Connect VPN made by Orlen Devices."},
			victims: []string{"Harwick Clinic"},
			not:     []string{"Orlen Devices", "Fabrikon Secure Connect VPN"},
		},
		{
			name:    "people and places",
			bodies:  []string{"Jonah Whitcombe, the mayor of Ellery, said the attack on Ellery Town Council in Norway had been contained."},
			victims: []string{"Ellery Town Council"},
			not:     []string{"Jonah Whitcombe", "Norway"},
		},
		{
			name: "earlier attacks are related incidents",
			bodies: []string{`Moorcroft District Council said it had been hit by a ransomware attack on Monday.

Fallow Vale Council was targeted by a ransomware attack last year, and Kingsreach Housing was hit by a cyber attack two years ago.`},
			victims: []string{"Moorcroft District Council"},
			related: []string{"Fallow Vale Council", "Kingsreach Housing"},
		},
		{
			name: "a victim attacked before and now stays a victim",
			bodies: []string{`Halden Water said it was the victim of a ransomware attack on Friday.

Halden Water was also targeted by a ransomware attack last year.`},
			victims: []string{"Halden Water"},
		},
		{
			name:    "councils listed by place",
			bodies:  []string{"The councils for Ashby, Calder and Dunmere were hit by a cyber attack on Wednesday. Ashby Borough Council, Calder District Council and Dunmere Town Council share one payroll system."},
			victims: []string{"Ashby Borough Council", "Calder District Council", "Dunmere Town Council"},
		},
		{
			name:    "organisation with a person-shaped name and an acronym",
			bodies:  []string{"Orrin Marsh, or OMX, said it was the victim of a ransomware attack on Friday."},
			victims: []string{"Orrin Marsh"},
		},
		{
			name: "common words that start sentences",
			bodies: []string{`Hackers hit Dunmere Town Council on Monday, and officials said the council was hit by a ransomware attack. Officials said the attack on the council was serious.

Attackers also targeted the ordering system in a cyber attack on Brackley Foods.`},
			victims: []string{"Dunmere Town Council", "Brackley Foods"},
			not:     []string{"Hackers", "Officials", "Attackers"},
		},
		{
			name:    "a place as a modifier",
			bodies:  []string{"The Tarvik-based IT company Corvane Technologies was hit by a ransomware attack on Monday. The company said its staff were working from home."},
			victims: []string{"Corvane Technologies"},
		},
		{
			name: "responding to, dealing with",
			bodies: []string{`Brackley Foods said on Monday that it was responding to a cyber incident. Online ordering is unavailable.

Carrow Freight is dealing with a ransomware attack that began at the weekend, the company said.`},
			victims: []string{"Brackley Foods", "Carrow Freight"},
		},
		{
			name: "organisation with a person-shaped name, hit",
			bodies: []string{`Harbourne Dental was hit by a ransomware attack on Friday, the practice said.

The attack on Morwen Opticians began a day later, and Jasper Quint, a practice manager, said both shared a booking system.`},
			victims: []string{"Harbourne Dental", "Morwen Opticians"},
			not:     []string{"Jasper Quint"},
		},
		{
			name: "the attackers",
			bodies: []string{`A ransomware gang calling itself BlackTallow has claimed responsibility for a cyber attack on Larkshire Education Trust, which runs 14 schools.

The trust said the attack on its network had been reported to police. The LockWren gang was blamed for the attack on Brackley Foods.`},
			victims: []string{"Larkshire Education Trust", "Brackley Foods"},
			not:     []string{"BlackTallow", "LockWren"},
		},
		{
			name:    "names joined by of",
			bodies:  []string{"The Bank of Tarn said it was hit by a cyber attack on Monday, according to Wilma Stroud of Fenwick Labs. The bank said cash machines still worked."},
			victims: []string{"Bank of Tarn"},
			not:     []string{"Wilma Stroud", "Fenwick Labs", "Wilma Stroud of Fenwick Labs"},
		},
		{
			name:    "a place whose name starts with another language's article",
			bodies:  []string{"Kelso Dental was hit by ransomware on Monday, the practice said. In 2016, ransomware was used to coerce Harlow Valley Medical Center, a hospital in Los Angeles, to pay 40 bitcoin to hackers."},
			victims: []string{"Kelso Dental"},
			related: []string{"Harlow Valley Medical Center"},
		},
		{
			name: "earlier incidents: people hit and an attacker by its handle are not related",
			bodies: []string{"Kelso Dental was hit by ransomware on Monday, the practice said. " +
				"Those affected by last year's attacks on the Ostmark Anti-Doping Agency hit huge names, including tennis giants Rafe Nolan and Dara Quill. " +
				"Last year, the hacker operating under the name DarkLordling conducted a number of attacks on clinics. " +
				"Tarrow Oil, the world's largest oil company, was hit by an early version of the virus in 2012."},
			victims: []string{"Kelso Dental"},
			related: []string{"Ostmark Anti-Doping Agency", "Tarrow Oil"},
		},
		{
			name:    "no impact sentence, no victim",
			bodies:  []string{"Lowmoor Borough Council published its annual report on Tuesday. The report covers parks and libraries."},
			victims: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			if got := victimNames(inc); !sameSet(got, tc.victims) {
				t.Errorf("victims %q, want %q", got, tc.victims)
			}
			for _, n := range tc.not {
				for _, v := range inc.Victims {
					if (named{name: v.Name, aliases: v.Aliases}).spelledBy(n) {
						t.Errorf("%q is a victim", n)
					}
				}
			}
			if got := relatedNames(inc); !sameSet(got, tc.related) {
				t.Errorf("related %q, want %q", got, tc.related)
			}
		})
	}
}

func TestProviders(t *testing.T) {
	tests := []struct {
		name   string
		bodies []string
		want   map[string]string
	}{
		{
			name:   "set up by",
			bodies: []string{"Brenmoor Digital, a company set up by Calder Borough Council and Ashby District Council to run their IT, said a cyber attack had disrupted council systems."},
			want:   map[string]string{"Brenmoor Digital": model.RoleSharedService},
		},
		{
			name:   "an owner that operates is no supplier",
			bodies: []string{"Guests of two hotels were told their data may have been accessed. Tarrow Leisure, which also owns and operates Kelso Casino, said it experienced an unauthorised access to an email service."},
			want:   map[string]string{},
		},
		{
			name:   "a brand's owner that operates it is no supplier",
			bodies: []string{"Voice messages of 80,000 users were exposed. Ohio-based Brimley Toys, which operates the Purrpals brand, said it was investigating."},
			want:   map[string]string{},
		},
		{
			name:   "partnership",
			bodies: []string{"Kinloch Digital, a partnership between Ashby Borough Council and Calder District Council, said it was investigating a cyber attack. It said that the attack was found on Sunday and that the police had been told."},
			want:   map[string]string{"Kinloch Digital": model.RoleSharedService},
		},
		{
			name:   "shared services in the name",
			bodies: []string{"Northern Reach Shared Services said a ransomware attack had hit systems used by its partner councils."},
			want:   map[string]string{"Northern Reach Shared Services": model.RoleSharedService},
		},
		{
			name: "shared in the name, supplied by",
			bodies: []string{`A cyber attack on Tarnside Shared IT, which provides computer services to Ashby Borough Council and Calder District Council, has disrupted benefit payments.

Its backup service is supplied by Quarrel Cloud Ltd, which said its systems were not involved.`},
			want: map[string]string{"Tarnside Shared IT": model.RoleSharedService, "Quarrel Cloud Ltd": model.RoleSupplier},
		},
		{
			name: "outsourced to",
			bodies: []string{`Calder Borough Council outsourced its revenue service to Tamsin Business Services in 2021.

The council said a cyber attack at Tamsin Business Services had disrupted council tax collection.`},
			want: map[string]string{"Tamsin Business Services": model.RoleSupplier},
		},
		{
			name:   "run by",
			bodies: []string{"Parking permits for Dunmere Town Council are run by Hexmoor Services, which was hit by a ransomware attack on Sunday."},
			want:   map[string]string{"Hexmoor Services": model.RoleSupplier},
		},
		{
			name:   "contractor",
			bodies: []string{"Orwell Facilities, a contractor for Dunmere Town Council, said the ransomware attack had not reached its systems."},
			want:   map[string]string{"Orwell Facilities": model.RoleSupplier},
		},
		{
			name: "shared service and supplier in one story",
			bodies: []string{`Westmere Valley Services, which was set up by three councils to share their IT, said a cyber attack had disrupted its systems.

Its payroll is run by Stellwood Payroll Ltd, which said its own systems were unaffected.`},
			want: map[string]string{"Westmere Valley Services": model.RoleSharedService, "Stellwood Payroll Ltd": model.RoleSupplier},
		},
		{
			name:   "no provider cue",
			bodies: []string{"Lowmoor Borough Council was hit by a cyber attack on Tuesday. Staff at Lowmoor Borough Council were sent home."},
			want:   map[string]string{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			got := providerRoles(inc)
			if len(got) != len(tc.want) {
				t.Errorf("providers %v, want %v", got, tc.want)
			}
			for n, r := range tc.want {
				if got[n] != r {
					t.Errorf("provider %q role %q, want %q (all: %v)", n, got[n], r, got)
				}
			}
		})
	}
}

func TestAgencies(t *testing.T) {
	tests := []struct {
		name   string
		bodies []string
		want   map[string]string
	}{
		{
			name:   "notified",
			bodies: []string{"Harbourne Dental said a ransomware attack had hit its booking system. The Information Commissioner's Office said it had received a breach report from the practice."},
			want:   map[string]string{"Information Commissioner's Office": "notified"},
		},
		{
			name:   "known agency with its country before it and and inside it",
			bodies: []string{"Harbourne Dental said a ransomware attack had hit its booking system. The U.S. Department of Health and Human Services said it had received a breach report from the practice."},
			want:   map[string]string{"U.S. Department of Health and Human Services": "notified"},
		},
		{
			name:   "investigating",
			bodies: []string{"The National Crime Agency is investigating the attack on Harbourne Dental."},
			want:   map[string]string{"National Crime Agency": "investigating"},
		},
		{
			name:   "confirming",
			bodies: []string{"The National Cyber Security Centre said it was aware of an incident at Harbourne Dental."},
			want:   map[string]string{"National Cyber Security Centre": "confirming"},
		},
		{
			name:   "supporting",
			bodies: []string{"The Australian Cyber Security Centre said it was working with Coralbay Freight after the ransomware attack."},
			want:   map[string]string{"Australian Cyber Security Centre": "supporting"},
		},
		{
			name:   "has been notified",
			bodies: []string{"Harbourne Dental was hit by a ransomware attack on Friday. The practice said the Information Commissioner's Office had been notified."},
			want:   map[string]string{"Information Commissioner's Office": "notified"},
		},
		{
			name:   "providing guidance",
			bodies: []string{"Harbourne Dental was hit by a ransomware attack on Friday. The National Cyber Security Centre is providing guidance to the practice."},
			want:   map[string]string{"National Cyber Security Centre": "supporting"},
		},
		{
			name:   "known acronym alone",
			bodies: []string{"CISA said it was assisting the Port of Calloway after the attack."},
			want:   map[string]string{"Cybersecurity and Infrastructure Security Agency": "supporting"},
		},
		{
			name:   "a department by what it is of",
			bodies: []string{"Coralbay Freight was hit by ransomware on Friday. Homeland Security said it was assisting the company after the attack."},
			want:   map[string]string{"Homeland Security": "supporting"},
		},
		{
			name:   "a department and what it is of are one",
			bodies: []string{"Coralbay Freight was hit by ransomware on Friday. Homeland Security said it was assisting the company, and Homeland Security staff were on site. The Department of Homeland Security had been notified of the attack."},
			want:   map[string]string{"Department of Homeland Security": "notified"},
		},
		{
			name:   "full name with and",
			bodies: []string{"The Cybersecurity and Infrastructure Security Agency said it was aware of the attack on the Port of Calloway."},
			want:   map[string]string{"Cybersecurity and Infrastructure Security Agency": "confirming"},
		},
		{
			name:   "after a possessive country",
			bodies: []string{"Harbourne Dental said it was hit by a ransomware attack on Friday. The U.K.’s Information Commissioner’s Office said it had received a breach report from the practice."},
			want:   map[string]string{"Information Commissioner’s Office": "notified"},
		},
		{
			name:   "no role stated",
			bodies: []string{"Coralbay Freight said it had told the Office of the Australian Information Commissioner."},
			want:   map[string]string{"Office of the Australian Information Commissioner": ""},
		},
		{
			name: "two agencies",
			bodies: []string{`Harbourne Dental said a ransomware attack had hit its booking system.

The Information Commissioner's Office said it had received a breach report. The National Crime Agency is investigating.`},
			want: map[string]string{"Information Commissioner's Office": "notified", "National Crime Agency": "investigating"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			got := agencyRoles(inc)
			if len(got) != len(tc.want) {
				t.Errorf("agencies %q, want %q", got, tc.want)
			}
			for n, r := range tc.want {
				if role, ok := got[n]; !ok || role != r {
					t.Errorf("agency %q role %q (listed %v), want %q", n, role, ok, r)
				}
			}
			for _, a := range inc.Agencies {
				if slices.Contains(victimNames(inc), a.Name) {
					t.Errorf("agency %q is also a victim", a.Name)
				}
			}
		})
	}
}

func TestCountryRegion(t *testing.T) {
	tests := []struct {
		name            string
		bodies          []string
		country, region string
	}{
		{
			name:    "country name",
			bodies:  []string{"The attack on Ellery Town Council in Norway began on Monday."},
			country: "NO",
		},
		{
			name:    "adjective",
			bodies:  []string{"The Danish shipping firm Holt Marine said it had been hit by a ransomware attack on Monday."},
			country: "DK",
		},
		{
			name:    "in country outweighs an adjective",
			bodies:  []string{"A German supplier said the ransomware attack on Brackley Foods in Austria had stopped its deliveries."},
			country: "AT",
		},
		{
			name:    "short form",
			bodies:  []string{"Kingsreach Housing, one of the largest landlords in the UK, was hit by a cyber attack."},
			country: "GB",
		},
		{
			name:    "a country's name inside a person's is not the country",
			bodies:  []string{"Harbourne Dental was hit by ransomware. Kim Jordan, its manager, and Lee Jordan, its director, confirmed the attack to Canadian police. Jordan Pell, a consultant, said Jordan Pell had seen worse."},
			country: "CA",
		},
		{
			name:    "a body named after its country is in it",
			bodies:  []string{"A member of staff at Crosswell Hospital accessed patient records without need. Police Scotland is investigating."},
			country: "GB",
		},
		{
			name:    "a part of a country is in it",
			bodies:  []string{"Tarrow Marine, based in Henderson, Western Australia, was hacked last week. Its Western Australia yard builds ships for the U.S. Navy."},
			country: "AU",
		},
		{
			name:    "attackers' nationality is no place",
			bodies:  []string{"A pro-Russian group claimed the attack on Lowmoor Borough Council in Scotland. Russian hackers have targeted councils before."},
			country: "GB",
		},
		{
			name:    "only the attackers' nationality",
			bodies:  []string{"A pro-Russian hacking group claimed the attack on Lowmoor Borough Council. Russian-speaking criminals run the group."},
			country: "",
		},
		{
			name:    "county of",
			bodies:  []string{"Ashgrove Hospital in the county of Larkshire in Ireland was hit by a ransomware attack."},
			country: "IE", region: "Larkshire",
		},
		{
			name:   "state of",
			bodies: []string{"The Port of Calloway in the state of Veranda said a cyber attack had knocked out its cargo booking system."},
			region: "Veranda",
		},
		{
			name:   "in north-west X",
			bodies: []string{"Offices of Tessmoor Water in north-west Tarvania were closed after the cyber attack."},
			region: "Tarvania",
		},
		{
			name:    "a region named by an organisation is not the region",
			bodies:  []string{"Larkshire County Council said a cyber attack had disrupted its payments system. The council serves towns in the county of Dunholm in England."},
			country: "GB", region: "Dunholm",
		},
		{
			name:   "agencies, products, figures and American counties are no regions",
			bodies: []string{"Ransomware hit Tarrow Water on Monday, the Department of Rural Affairs said; the Department of Rural Affairs is investigating. The attackers used a flaw in Vexa Player, and another flaw in Vexa Player, as Figure 2 shows and as we see in Figure 3 and in Figure 4. Staff at the Erlow County Emergency Management Agency and the Erlow County Emergency Management Agency's lab were warned. The built-in Quillchat manager and the built-in Quillchat browser were abused."},
			region: "",
		},
		{
			name:    "none",
			bodies:  []string{"The attack on Ellery Town Council began on Monday."},
			country: "", region: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			if inc.Country != tc.country {
				t.Errorf("country %q, want %q (evidence %+v)", inc.Country, tc.country, inc.CountryEvidence)
			}
			if inc.Region != tc.region {
				t.Errorf("region %q, want %q (evidence %+v)", inc.Region, tc.region, inc.RegionEvidence)
			}
		})
	}
}

func TestServices(t *testing.T) {
	tests := []struct {
		name   string
		bodies []string
		want   []string
		not    []string
	}{
		{
			name:   "issues with A and B",
			bodies: []string{"Dunmere Town Council said a cyber attack had caused issues with bin collection bookings and garden waste permits."},
			want:   []string{"bin collection bookings", "garden waste permits"},
		},
		{
			name:   "difficulties with its systems, including A, B and C",
			bodies: []string{"Dunmere Town Council was hit by a cyber attack. The council said it was having difficulties with its systems, including planning applications, library renewals and school admissions."},
			want:   []string{"library renewals", "planning applications", "school admissions"},
		},
		{
			name:   "A and B remain offline",
			bodies: []string{"Dunmere Town Council was hit by a cyber attack. Council tax payments and the housing repairs line remain offline."},
			want:   []string{"council tax payments", "housing repairs line"},
		},
		{
			name:   "a list after said that",
			bodies: []string{"Larkshire Education Trust was hit by a cyber attack. The trust said that its email, the pupil records system and online lesson booking were disrupted."},
			want:   []string{"email", "online lesson booking", "pupil records"},
		},
		{
			name: "has affected, affected include, all offline, taken offline",
			bodies: []string{`Dunmere Town Council was hit by a cyber attack on Monday. The attack has affected the council's phone lines, website and email.

Services affected include parking permits, school admissions and housing benefit. Rent payments, repair bookings and the contact centre were all offline on Tuesday.

The library catalogue has been taken offline as a precaution.`},
			want: []string{"contact centre", "email", "housing benefit", "library catalogue", "parking permits", "phone lines", "rent payments", "repair bookings", "school admissions"},
			not:  []string{"website"},
		},
		{
			name:   "possessive dropped",
			bodies: []string{"Marlow Fen Hospital was hit by a ransomware attack. The hospital's patient records system and pharmacy ordering remain unavailable."},
			want:   []string{"patient records", "pharmacy ordering"},
		},
		{
			name:   "generic phrases dropped",
			bodies: []string{"A cyber attack disrupted its online services on Monday. Online services remain unavailable and the website is down."},
			want:   nil,
			not:    []string{"online services", "website"},
		},
		{
			name: "services the supplier provides that are not disrupted",
			bodies: []string{`Residents of Tessford reported problems with council tax payments after the cyber attack.

Ardent Civic Systems also provides the council's electoral register and payroll, which were not disrupted.`},
			want: []string{"council tax payments"},
			not:  []string{"electoral register", "payroll"},
		},
		{
			name:   "council tax payments merge into council tax",
			bodies: []string{"Council tax payments are down after the cyber attack. Residents also reported problems with council tax and parking fines."},
			want:   []string{"council tax", "parking fines"},
		},
		{
			name: "products, names, quantities, those hit and what was taken are no services",
			bodies: []string{"Tarn Library was hit by ransomware. By the next day, the library had to shut down all book returns and checkout operations. " +
				"A flaw affecting Vexa Player was patched. A design flaw affecting smart ovens was found. The update has affected older versions. " +
				"The worm has affected hundreds of thousands of computers, disrupting car factories and hospitals. " +
				"Breaches affecting several leading tech firms including Quillnet and Harrowbox were told in passing. " +
				"The attack has affected the personal information of 9,000 customers. The attack shut down over 2,000 computers. " +
				"Staff shut down the attacker's efforts within an hour. All four sites have been suspended. Registrars took down the domains associated with the attack. " +
				"The breach disrupted city operations, impacting all Vexa operating systems."},
			want: []string{"book returns", "checkout"},
		},
		{
			name:   "comma list needs and",
			bodies: []string{"The attack disrupted bin collections, the council said on Monday."},
			want:   []string{"bin collections"},
		},
		{
			name:   "German: lists before a state",
			bodies: []string{"Die Kfz-Zulassung und das Meldeamt sind nach dem Cyberangriff nicht erreichbar. Die Bürgerdienste bleiben offline."},
			want:   []string{"Kfz-Zulassung", "Meldeamt", "Bürgerdienste"},
		},
		{
			name:   "French: lists after a cue and before a state",
			bodies: []string{"La cyberattaque a perturbé les paiements en ligne et les demandes de permis de construire, selon la mairie. Le portail des familles reste indisponible."},
			want:   []string{"paiements en ligne", "demandes de permis de construire", "portail des familles"},
		},
		{
			name:   "Spanish: a list after a cue",
			bodies: []string{"El ciberataque dejó sin servicio la sede electrónica y el registro municipal, según el ayuntamiento, que investiga lo ocurrido."},
			want:   []string{"sede electrónica", "registro municipal"},
		},
		{
			name:   "documents in a language without cues add nothing",
			bodies: []string{"De gemeente zegt dat de parkeervergunningen en het digitale loket na de cyberaanval niet bereikbaar zijn."},
			want:   nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			got := serviceNames(inc)
			if !sameSet(got, tc.want) {
				t.Errorf("services %q, want %q", got, tc.want)
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("%q listed as a disrupted service", n)
				}
			}
		})
	}
}

func TestVector(t *testing.T) {
	tests := []struct {
		name   string
		bodies []string
		want   *model.Vector // Evidence ignored
	}{
		{
			name: "suspected, with vendor and claimant",
			bodies: []string{`Ashdown Railway was hit by a ransomware attack on Friday.

Tobias Renn, a researcher at Quillon Security, said the attackers probably got in through the Fabrikon Secure Connect VPN sold by Orlen Devices.`},
			want: &model.Vector{Product: "Fabrikon Secure Connect VPN", Vendor: "Orlen Devices", ClaimedBy: "Tobias Renn", Confidence: "suspected"},
		},
		{
			name:   "a vendor named inside the product's name",
			bodies: []string{"The flaw was patched by Orlen on Friday. Harwick Clinic confirmed that attackers exploited CVE-2031-40112 in its Orlen Meridian Gateway Software."},
			want:   &model.Vector{Product: "Orlen Meridian Gateway Software", Vendor: "Orlen", Confidence: "confirmed", CVEs: []string{"CVE-2031-40112"}},
		},
		{
			name:   "a product inside the product's name is no vendor",
			bodies: []string{"Harwick Clinic confirmed that attackers exploited CVE-2031-40112 in its Windows Server, and that Windows was patched."},
			want:   &model.Vector{Product: "Windows Server", Confidence: "confirmed", CVEs: []string{"CVE-2031-40112"}},
		},
		{
			name:   "confirmed, with CVE",
			bodies: []string{"Harwick Clinic confirmed that attackers exploited CVE-2031-40112 in its Meridian Gateway appliance, made by Orlen Devices."},
			want:   &model.Vector{Product: "Meridian Gateway", Vendor: "Orlen Devices", Confidence: "confirmed", CVEs: []string{"CVE-2031-40112"}},
		},
		{
			name:   "claimed by a firm",
			bodies: []string{"Researchers at Tenbury Security said the attackers exploited a flaw in the Quorra Edge Firewall used by Harwick Clinic."},
			want:   &model.Vector{Product: "Quorra Edge Firewall", ClaimedBy: "Tenbury Security", Confidence: "confirmed"},
		},
		{
			name:   "said by the person quoted earlier in the paragraph",
			bodies: []string{"Nadia Brook, a researcher at Varden Research, said the gang moved fast. She said it may have exploited the Kelvar Transfer server used by the hospital."},
			want:   &model.Vector{Product: "Kelvar Transfer", ClaimedBy: "Nadia Brook", Confidence: "suspected"},
		},
		{
			name:   "according to names the claimant",
			bodies: []string{"Tobias Renn, a spokesman for Harwick Clinic, said the clinic was closed. The gang exploited a flaw in the Kelvar Transfer server, according to Nadia Brook, a researcher at Varden Research."},
			want:   &model.Vector{Product: "Kelvar Transfer", ClaimedBy: "Nadia Brook", Confidence: "confirmed"},
		},
		{
			name:   "vendor's possessive before the product",
			bodies: []string{"Harwick Clinic was hit by a ransomware attack on Friday. The hackers are believed to have gained access through a vulnerability in Orlen Devices' Meridian Gateway appliances, according to Tobias Renn of Quillon Security."},
			want:   &model.Vector{Product: "Meridian Gateway", Vendor: "Orlen Devices", ClaimedBy: "Tobias Renn", Confidence: "suspected"},
		},
		{
			name:   "the victim's possessive is no vendor",
			bodies: []string{"Harwick Clinic was hit by a ransomware attack on Friday. The gang exploited a flaw in Harwick Clinic's Meridian Gateway appliance, the clinic said."},
			want:   &model.Vector{Product: "Meridian Gateway", Confidence: "confirmed"},
		},
		{
			name:   "no vector",
			bodies: []string{"Lowmoor Borough Council was hit by a cyber attack. The cause is not yet known."},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			if tc.want == nil {
				if inc.Vector != nil {
					t.Fatalf("vector %+v, want none", *inc.Vector)
				}
				return
			}
			if inc.Vector == nil {
				t.Fatalf("no vector, want %+v", *tc.want)
			}
			got := *inc.Vector
			got.Evidence = nil
			if g, w := mustJSON(t, got), mustJSON(t, *tc.want); g != w {
				t.Errorf("vector\n got %s\nwant %s", g, w)
			}
		})
	}
}

func TestDisputes(t *testing.T) {
	type want struct{ claim, by, againstBy string }
	tests := []struct {
		name   string
		bodies []string
		want   []want
	}{
		{
			name: "no data accessed against a breach report",
			bodies: []string{`Halden Water said on Monday that no customer data had been accessed in the ransomware attack.

The Information Commissioner's Office said it had received a breach report from Halden Water.`},
			want: []want{{"no customer data had been accessed", "Halden Water", "Information Commissioner's Office"}},
		},
		{
			name: "no data accessed against stolen data published",
			bodies: []string{`Halden Water said it was the victim of a ransomware attack. Halden Water said no customer data was accessed.

The gang published the stolen data on Sunday, according to Oskar Lindqvist, a threat intelligence analyst at Fenwick Labs.`},
			want: []want{{"no customer data was accessed", "Halden Water", "Fenwick Labs"}},
		},
		{
			name: "not our systems against the point of entry",
			bodies: []string{`Tessford Borough Council was hit by a ransomware attack last week.

Ardent Civic Systems, which has provided the council's revenue system since 2019, said the incident was not caused by its systems.

Maya Orlov, a senior analyst at Greyline Intelligence, said it was very likely that this is where the incident occurred.`},
			want: []want{{"the incident was not caused by Ardent Civic Systems's systems", "Ardent Civic Systems", "Greyline Intelligence"}},
		},
		{
			name: "no data accessed against leaked files",
			bodies: []string{`Halden Water said it was the victim of a ransomware attack on Friday. Halden Water said that no personal data had been compromised.

The gang posted files stolen from Halden Water on its leak site, said Oskar Lindqvist, an analyst at Fenwick Labs.`},
			want: []want{{"no personal data had been compromised", "Halden Water", "Fenwick Labs"}},
		},
		{
			name: "a leak told in a document that never names the claimant contradicts nothing",
			bodies: []string{"Halden Water said it was the victim of a ransomware attack. Halden Water said no customer data was accessed.",
				"Quarry Lane Games was hacked. The gang published the stolen data on Sunday, according to Oskar Lindqvist, a threat intelligence analyst at Fenwick Labs."},
			want: nil,
		},
		{
			name: "two denials do not contradict each other",
			bodies: []string{`Halden Water said it was the victim of a ransomware attack on Friday. Halden Water said no customer data was accessed.

Pellham Logistics, which runs billing for the utility under contract, said no data was stolen from its systems and denied that any files were leaked.`},
		},
		{
			name: "nothing contradicts the denial",
			bodies: []string{`Halden Water said no customer data had been accessed in the ransomware attack.

The company said it was working with the National Cyber Security Centre.`},
		},
		{
			name:   "nothing contradicts the systems claim",
			bodies: []string{"Ardent Civic Systems, which has provided the council's revenue system since 2019, said the incident was not caused by its systems."},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			var got []want
			for _, d := range inc.Disputes {
				got = append(got, want{d.Claim, d.By, d.AgainstBy})
				if d.Against == "" {
					t.Errorf("dispute %q without the contradicting sentence", d.Claim)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("disputes %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		name   string
		bodies []string
		want   string
		evDoc  string // the document the first status evidence must come from
	}{
		{
			name:   "ongoing",
			bodies: []string{"Dunmere Town Council was hit by a cyber attack. Council tax payments remain offline."},
			want:   "ongoing", evDoc: "doc1",
		},
		{
			name: "resolved in a later report",
			bodies: []string{
				"Dunmere Town Council was hit by a cyber attack. Council tax payments remain offline.",
				"All services have been restored, Dunmere Town Council said on Friday.",
			},
			want: "resolved", evDoc: "doc2",
		},
		{
			name: "a later report says it is still down",
			bodies: []string{
				"Dunmere Town Council said all services have been restored after the cyber attack.",
				"Dunmere Town Council is still experiencing problems with council tax payments.",
			},
			want: "ongoing", evDoc: "doc2",
		},
		{
			name:   "present tense outage",
			bodies: []string{"Dunmere Town Council was hit by a cyber attack on Monday. Its website and phone lines are currently unavailable, the council said."},
			want:   "ongoing", evDoc: "doc1",
		},
		{
			name:   "contained",
			bodies: []string{"Dunmere Town Council said the cyber attack had been contained."},
			want:   "contained", evDoc: "doc1",
		},
		{
			name:   "unknown",
			bodies: []string{"Dunmere Town Council was hit by a cyber attack on Tuesday."},
			want:   "unknown",
		},
		{
			name:   "German text states its status",
			bodies: []string{"Die Stadtverwaltung Kellbrunn ist weiterhin offline. Die Störung dauert an."},
			want:   "ongoing",
		},
		{
			name:   "French text states its status",
			bodies: []string{"Tous les services de la mairie de Vessac ont été rétablis, a indiqué la ville. L'attaque avait paralysé le site."},
			want:   "resolved",
		},
		{
			name:   "text in a language without cues states no status",
			bodies: []string{"De gemeente Kellbrunn is nog steeds offline. De storing duurt voort, meldt de gemeente."},
			want:   "unknown",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			if inc.Status != tc.want {
				t.Fatalf("status %q, want %q (evidence %+v)", inc.Status, tc.want, inc.StatusEvidence)
			}
			if tc.evDoc != "" && inc.StatusEvidence[0].Doc != tc.evDoc {
				t.Errorf("status evidence from %s, want %s", inc.StatusEvidence[0].Doc, tc.evDoc)
			}
		})
	}
}

func TestPeople(t *testing.T) {
	tests := []struct {
		name   string
		bodies []string
		want   []model.Person // Evidence ignored
	}{
		{
			name: "people listed with the councils they speak for, respectively",
			bodies: []string{"Kessling Bay City Council, Orrin District Council and Wexmoor District Council were hit by a cyber attack on Sunday. " +
				"When reached by email, Mara Lind, Tobias Renn and Ilse Varga, spokespeople for Kessling Bay, Orrin and Wexmoor councils respectively, said parts of the councils' websites may not work."},
			want: []model.Person{
				{Name: "Ilse Varga", Role: "spokesperson", Org: "Wexmoor District Council"},
				{Name: "Mara Lind", Role: "spokesperson", Org: "Kessling Bay City Council"},
				{Name: "Tobias Renn", Role: "spokesperson", Org: "Orrin District Council"},
			},
		},
		{
			name:   "a known publication with no publication word is no person",
			bodies: []string{"Ransomware hit Harbourne Dental. \"The attack began on Friday,\" a spokesman for the practice said, according to Ars Technica. Mara Lind, a researcher at Quillon Labs, said the gang was new."},
			want:   []model.Person{{Name: "Mara Lind", Role: "researcher", Org: "Quillon Labs"}},
		},
		{
			name: "a clause's organisation ends at its verb of saying; a nationality or a place is none; roles start after 'that' or a possessive",
			bodies: []string{"Ransomware hit Harbourne Dental. Oren Lasky, director of Product Management at Quillnet said the cost to Tarn Water was staggering. " +
				"Norway security researcher Ruth Elm said the flaw was old. " +
				"Argentinean security researcher Tomas Ferro said the flaw was serious. Equifax says it acted at once, says Lena Varga, the company's spokeswoman for Latin America. " +
				"Pim Aalders, security director of Tarn Solutions in Ostbury – one of the first firms the Tarn Cyber Board certified – said: \"You should never pay.\" " +
				"The attack, notes that security researcher Kai Brand, was swift. Vexel's security researcher Ana Ruiz agreed."},
			want: []model.Person{
				{Name: "Ana Ruiz", Role: "security researcher", Org: "Vexel"},
				{Name: "Kai Brand", Role: "security researcher"},
				{Name: "Lena Varga", Role: "spokeswoman"},
				{Name: "Oren Lasky", Role: "director", Org: "Quillnet"},
				{Name: "Pim Aalders", Role: "security director", Org: "Tarn Solutions"},
				{Name: "Ruth Elm", Role: "security researcher"},
				{Name: "Tomas Ferro", Role: "security researcher"},
			},
		},
		{
			name: "a capitalised title between an organisation and a person parts them; abbreviations keep their capitals",
			bodies: []string{"Ransomware hit Harbourne Dental. Harbourne Dental CEO Mira Olsen said the clinic would reopen. " +
				"Tarnwick Central Bank President Oskar Lund said the bank was not affected. " +
				"Prime Minister Edda Holm said the government would help. " +
				"On Tuesday Orland Attorney General Pia Strand said her office was investigating. " +
				"Halvard Nyby, the CTO of Quillnet, said the flaw was old. " +
				"Jonas Berge, Chief Information Security Officer of Brightwater Security, said the gang was new. " +
				"Lina Dahl, Head of Research, Vexel Labs, said the attack was fast. " +
				"Ivo Rask, Deputy Commissioner of Police, said arrests were likely. " +
				"Senator Ola G. Fenn said the law must change. " +
				"As per a report from R.J. Lindqvist, Harbourne School District Technology Director, the virus encrypted the servers. " +
				// "D.C." is no initial: no person "D.C. Anja Rolf".
				"In D.C. Anja Rolf, a law professor, said the rules were weak. " +
				"The clinic's Chief Executive Ada Morn said systems were back. " +
				"The mayor of Orland, Sven Dahl, said services were down. " +
				"Ilka Berg, CEO of security firm Quillbridge praised Tarnsoft’s response. " +
				"Mona Vik, Tarnsoft Corporate Vice President, said a fix was coming. " +
				"\"We shared this,\" the group's Deputy Executive Director, Bo Lund, says."},
			want: []model.Person{
				{Name: "Ada Morn", Role: "chief executive"},
				{Name: "Bo Lund", Role: "deputy executive director"},
				{Name: "Edda Holm", Role: "prime minister"},
				{Name: "Halvard Nyby", Role: "CTO", Org: "Quillnet"},
				{Name: "Ilka Berg", Role: "CEO", Org: "Quillbridge"},
				{Name: "Ivo Rask", Role: "deputy commissioner"},
				{Name: "Jonas Berge", Role: "chief information security officer", Org: "Brightwater Security"},
				{Name: "Lina Dahl", Role: "head of research", Org: "Vexel Labs"},
				{Name: "Mira Olsen", Role: "CEO", Org: "Harbourne Dental"},
				{Name: "Mona Vik", Role: "corporate vice president", Org: "Tarnsoft"},
				{Name: "Oskar Lund", Role: "president", Org: "Tarnwick Central Bank"},
				{Name: "Pia Strand", Role: "attorney general", Org: "Orland"},
				{Name: "R.J. Lindqvist", Role: "technology director", Org: "Harbourne School District"},
				{Name: "Sven Dahl", Role: "mayor", Org: "Orland"},
			},
		},
		{
			name: "a company shaped like a person's name is no person",
			bodies: []string{"Ransomware hit Harbourne Dental, according to Quillon Point, a threat prevention software company. " +
				"Late last month, the security firm Tarn Micro noted in a report that the gang was new. " +
				"Rina Joven, a malware researcher with security firm Fortlane, warned that it spread by email."},
			want: []model.Person{{Name: "Rina Joven", Role: "malware researcher", Org: "Fortlane"}},
		},
		{
			name:   "role and organisation after the name",
			bodies: []string{"Marta Quell, communications manager at Tessford Borough Council, said staff were working from paper."},
			want:   []model.Person{{Name: "Marta Quell", Role: "communications manager", Org: "Tessford Borough Council"}},
		},
		{
			name:   "role before the name, surname alone later",
			bodies: []string{"Quillon Security researcher Idris Fane said the attackers moved quickly. Fane said the gang was new."},
			want:   []model.Person{{Name: "Idris Fane", Role: "researcher", Org: "Quillon Security"}},
		},
		{
			name:   "honorific and a role of two words",
			bodies: []string{"Dr Priya Nandakumar, chief executive of Marlow Fen Hospital, said staff had returned to paper records."},
			want:   []model.Person{{Name: "Priya Nandakumar", Role: "chief executive", Org: "Marlow Fen Hospital"}},
		},
		{
			name:   "role of several words before the organisation",
			bodies: []string{"Fergal Doyle, chief operating officer at Larkshire Education Trust, said exams would go ahead. He said that the trust was working with the police."},
			want:   []model.Person{{Name: "Fergal Doyle", Role: "chief operating officer", Org: "Larkshire Education Trust"}},
		},
		{
			name:   "a function word ends the role",
			bodies: []string{"Fergal Doyle, a manager at the head office, said exams would go ahead. He said that the trust was working with the police and that pupils should attend."},
			want:   []model.Person{{Name: "Fergal Doyle", Role: "manager"}},
		},
		{
			name:   "name of organisation",
			bodies: []string{"The gang used a known flaw, according to Tobias Renn of Quillon Security. He said that the clinic had been warned about the flaw in March."},
			want:   []model.Person{{Name: "Tobias Renn", Org: "Quillon Security"}},
		},
		{
			name:   "role with of before the organisation",
			bodies: []string{"Harlow Vance, head of threat research at Brightwater Security, said the attackers were fast. He said that the gang had been active for a year."},
			want:   []model.Person{{Name: "Harlow Vance", Role: "head of threat research", Org: "Brightwater Security"}},
		},
		{
			name:   "organisation inside the role",
			bodies: []string{"Simeon Walk, a Pellham Logistics spokesperson, said that deliveries were late. He said the company was working with the police and that drivers had been told to wait."},
			want:   []model.Person{{Name: "Simeon Walk", Role: "spokesperson", Org: "Pellham Logistics"}},
		},
		{
			name:   "possessive organisation and role before the name",
			bodies: []string{"Brackley Foods’ chief executive, Imogen Tallis, said the company was working with the police. She said that deliveries would resume on Friday."},
			want:   []model.Person{{Name: "Imogen Tallis", Role: "chief executive", Org: "Brackley Foods"}},
		},
		{
			name:   "an employer followed by said is no person",
			bodies: []string{"Maya Orlov, an analyst at Greyline Research, said the gang was known to police."},
			want:   []model.Person{{Name: "Maya Orlov", Role: "analyst", Org: "Greyline Research"}},
		},
		{
			name: "spelling conflict across documents",
			bodies: []string{
				"Adaeze Okafor, a spokeswoman for Corran Shire Council, said staff would be paid. Adaeze Okafor said the council was working with police.",
				"Adaeze Okafur, a Corran Shire Council spokeswoman, said that the payroll was safe and that staff would be paid on time this month.",
			},
			want: []model.Person{{Name: "Adaeze Okafor", Role: "spokeswoman", Org: "Corran Shire Council", Variants: []string{"Adaeze Okafur"}}},
		},
		{
			name: "different people of one organisation are not variants",
			bodies: []string{
				"Adaeze Okafor, a spokeswoman for Corran Shire Council, said staff would be paid.",
				"Bernard Lisle, a spokesman for Corran Shire Council, said payroll was safe.",
			},
			want: []model.Person{
				{Name: "Adaeze Okafor", Role: "spokeswoman", Org: "Corran Shire Council"},
				{Name: "Bernard Lisle", Role: "spokesman", Org: "Corran Shire Council"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inc := run(t, incident.Options{}, tc.bodies...)
			got := slices.Clone(inc.People)
			for i := range got {
				got[i].Evidence = nil
			}
			if g, w := mustJSON(t, got), mustJSON(t, tc.want); g != w {
				t.Errorf("people\n got %s\nwant %s", g, w)
			}
		})
	}
}

func TestAffected(t *testing.T) {
	inc := run(t, incident.Options{}, "Larkshire County Council, serving about 310,000 residents, was hit by a cyber attack on Monday.")
	if inc.Affected != "about 310,000 residents" {
		t.Errorf("affected %q, want %q", inc.Affected, "about 310,000 residents")
	}
}

func TestAttackType(t *testing.T) {
	tests := []struct{ body, want string }{
		{"Harwick Clinic was hit by a ransomware attack on Friday. The clinic said that it had closed and that the police had been told.", "ransomware"},
		{"A distributed denial of service attack knocked the Port of Calloway website offline. The port said that it was working with the police and that ships were not affected.", "ddos"},
		{"Staff at Harwick Clinic fell for a phishing email. The clinic said that the email had been sent to all of its staff on Monday.", "phishing"},
		{"Harwick Clinic said it was investigating a cyber attack. It said that the clinic was open and that patients should attend as usual.", "unknown"},
		{"Harwick Clinic opened a new ward on Friday. The clinic said that it had been built in a year and that it was the largest in the area.", ""},
	}
	for _, tc := range tests {
		if got := run(t, incident.Options{}, tc.body).AttackType; got != tc.want {
			t.Errorf("%q: attack type %q, want %q", tc.body, got, tc.want)
		}
	}
}

func TestTitle(t *testing.T) {
	inc := run(t, incident.Options{}, "Payroll supplier hit by ransomware\n\nStellwood Payroll Ltd said on Monday it had been hit by a ransomware attack. The company said that the staff had been sent home and that the office was closed.")
	if inc.Title != "Payroll supplier hit by ransomware" {
		t.Errorf("title %q", inc.Title)
	}
	inc = run(t, incident.Options{}, "Stellwood Payroll Ltd said on Monday it had been hit by a ransomware attack. Staff were sent home and the office was closed for the rest of the week.")
	if inc.Title != "Stellwood Payroll Ltd said on Monday it had been hit by a ransomware attack." {
		t.Errorf("title from the first sentence %q", inc.Title)
	}
}

// The record depends only on the documents and their order: the same
// input always gives the same JSON, and empty lists encode as [].
func TestDeterministic(t *testing.T) {
	bodies := storyBodies(t, "testdata/harbour")
	docs := docsOf(bodies...)
	first := mustJSON(t, incident.Extract("s", docs, incident.Options{}))
	for range 5 {
		if got := mustJSON(t, incident.Extract("s", docsOf(bodies...), incident.Options{})); got != first {
			t.Fatalf("extraction is not deterministic:\n%s\n%s", first, got)
		}
	}
	empty := mustJSON(t, incident.Extract("s", nil, incident.Options{}))
	for _, f := range []string{`"victims":[]`, `"providers":[]`, `"agencies":[]`, `"services":[]`, `"disputes":[]`, `"people":[]`, `"status":"unknown"`} {
		if !strings.Contains(empty, f) {
			t.Errorf("empty story record lacks %s: %s", f, empty)
		}
	}
	if incident.ID("s") != incident.ID("s") || incident.ID("s") == incident.ID("t") || !strings.HasPrefix(incident.ID("s"), "i-") {
		t.Errorf("incident ids %q %q", incident.ID("s"), incident.ID("t"))
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
