package story

import (
	"reflect"
	"slices"
	"testing"

	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/model"
)

// smCharges is invented, like the other Saltmarsh texts: charges eight
// months after the attack on the council's shared IT provider.
const smCharges = `Two men charged over Saltmarsh District Council cyberattack

Two men have been charged over the cyberattack on Fenwick Digital Partnership that took the online services of Saltmarsh District Council and Dunmore Borough Council offline, the National Incident Desk said on Monday.

Prosecutors said the men entered the network through a contractor's remote access account and demanded a ransom from Saltmarsh District Council. Quillon Security, which restored the council's servers, helped investigators trace the payments.
`

// withBackground clusters docs with term statistics that also count n
// units about other things, as a real corpus would: in five documents
// every name looks common.
func withBackground(ds []model.Doc, opt Options, n int) Result {
	groups, _ := dedup.Link(ds, dedup.Options{})
	stats := NewStats()
	for range n {
		stats.Observe(Bag{})
	}
	byID := map[string]*model.Doc{}
	for i := range ds {
		byID[ds[i].ID] = &ds[i]
	}
	for _, g := range groups {
		var members []*model.Doc
		for _, id := range g.Members {
			members = append(members, byID[id])
		}
		stats.Observe(BagOf(members))
	}
	opt.Stats = stats
	return Cluster(ds, groups, opt)
}

func TestClusterVictimAcrossMonths(t *testing.T) {
	cases := []struct {
		name       string
		docs       []in
		opt        Options
		background int
		stories    [][]string
	}{
		{
			name:       "charges eight months after the attack on the same victim join its story",
			docs:       []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}, {"charges", smCharges, at(240)}},
			background: 200,
			stories:    [][]string{{"charges", "courier", "gazette"}},
		},
		{
			name:       "without the victim rule they are too far apart",
			docs:       []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}, {"charges", smCharges, at(240)}},
			opt:        Options{Assign: AssignOptions{VictimDays: -1}},
			background: 200,
			stories:    [][]string{{"charges"}, {"courier", "gazette"}},
		},
		{
			name:       "beyond VictimDays",
			docs:       []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}, {"charges", smCharges, at(240)}},
			opt:        Options{Assign: AssignOptions{VictimDays: 200}},
			background: 200,
			stories:    [][]string{{"charges"}, {"courier", "gazette"}},
		},
		{
			name:       "a victim named in many reports (a small corpus) does not link them",
			docs:       []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}, {"charges", smCharges, at(240)}},
			background: 0,
			stories:    [][]string{{"charges"}, {"courier", "gazette"}},
		},
		{
			// The charges come two weeks after the second attack and
			// share its names, but name the first attack's victim:
			// they join the first story, and the second attack, which
			// they would bridge, is not folded into it.
			name: "a second attack on the same victim is not linked to the first",
			docs: []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)},
				{"october", smOctober, at(224)}, {"charges", smCharges, at(240)}},
			background: 200,
			stories:    [][]string{{"charges", "courier", "gazette"}, {"october"}},
		},
		{
			name:       "an older attack recalled by a report on another incident does not link them",
			docs:       []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}, {"pemberton", olderMention, at(240)}},
			background: 200,
			stories:    [][]string{{"courier", "gazette"}, {"pemberton"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := docs(tc.docs...)
			res := withBackground(ds, tc.opt, tc.background)
			checkResult(t, ds, res)
			if got := storySets(res); !reflect.DeepEqual(got, tc.stories) {
				t.Errorf("stories\n got %v\nwant %v", got, tc.stories)
				for _, s := range res.Stories {
					t.Logf("%s: %v", s.ID, s.Why)
				}
			}
		})
	}
}

func TestVictims(t *testing.T) {
	victims := func(text string) []string {
		ds := docs(in{"d", text, at(0)})
		d := &ds[0]
		past := make([]bool, len(d.Sentences))
		for i, s := range d.Sentences {
			past[i] = isPast(s.Text, d.Published.Year())
		}
		out, _ := victimsOf(d, past, map[string]bool{})
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"attack on", smGazette, []string{"fenwick digital partnership"}},
		{"charged over the attack on", smCharges, []string{"fenwick digital partnership", "saltmarsh district council"}},
		{"hit by, in the title", "Harwick Port Authority hit by ransomware\n\nThe Harwick Port Authority said its cargo systems were down.\n", []string{"harwick port authority"}},
		{"'s network", "Intruders in the network\n\nHackers seized Calloway Mills's network on Friday and demanded payment.\n", []string{"calloway mills"}},
		{"a second attack is a new incident", smOctober, nil},
		{"the reader's own account is not attacked", "How to tell if your Pinwheel has been hacked\n\nMillions of people share photos on Pinwheel every day. If your Pinwheel has been hacked, change the password and check the linked phone number.\n", nil},
		{"'again' about something else is no new attack", "Pay up or never see your files again: inside the ransomware trade\n\nIn the wake of an attack on Harwick Port Authority, experts explain how ransomware gangs work.\n", []string{"harwick port authority"}},
		{"hit again is a new incident", "Harwick Port Authority again targeted by ransomware\n\nHarwick Port Authority said its cargo systems were down for the second time this year.\n", nil},
		{"an earlier attack recalled", "Pemberton Water Board upgrades billing\n\nPemberton Water Board said billing moved to a new supplier.\n\nLast year hackers hit Quarry Lane Dairies with ransomware.\n", nil},
	} {
		if got := victims(tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: victims %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Invented reports on one flaw: its disclosure, and its exploitation a
// month later in other words.
const (
	lfAdvisory = `Critical flaw in Lanternfish web framework lets attackers run code

The Lanternfish Project disclosed CVE-2031-40417, a flaw in the upload parser of its Lanternfish web framework that lets an attacker run commands on the server with a crafted request. Versions 4.2 to 4.9 are affected and version 4.9.1 fixes it.

Researchers at Brackwater Labs said a proof-of-concept exploit was already circulating and urged administrators of Lanternfish servers to patch at once.
`
	lfWarning = `Patch now: Lanternfish upload parser flaw exploited in the wild

Administrators of servers built on the Lanternfish web framework should install version 4.9.1, the Lanternfish Project said, after Brackwater Labs saw attacks on CVE-2031-40417 a day after the disclosure. The crafted requests abuse the upload parser to run commands on the server.
`
	lfCampaign = `Crypto-mining gangs cash in on Lanternfish flaw

At least six criminal groups are now exploiting CVE-2031-40417 to plant crypto miners and backdoors on unpatched Lanternfish servers, according to honeypot operators at Ostrava Sentinel. One gang earned more than forty thousand dollars in Monero within a fortnight, its wallet shows. Most victims run shops and booking sites on shared hosting and have not updated since spring.
`
)

func TestClusterCVEAcrossWeeks(t *testing.T) {
	ds := []in{{"advisory", lfAdvisory, at(0)}, {"warning", lfWarning, at(1)}, {"campaign", lfCampaign, at(36)}}
	for _, tc := range []struct {
		name    string
		opt     Options
		stories [][]string
	}{
		{"a report on a flaw's exploitation weeks later joins its disclosure", Options{}, [][]string{{"advisory", "campaign", "warning"}}},
		{"without the rule, time decay keeps it apart", Options{Assign: AssignOptions{VictimDays: -1}}, [][]string{{"advisory", "warning"}, {"campaign"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := docs(ds...)
			res := withBackground(d, tc.opt, 200)
			checkResult(t, d, res)
			if got := storySets(res); !reflect.DeepEqual(got, tc.stories) {
				t.Errorf("stories\n got %v\nwant %v", got, tc.stories)
				for _, s := range res.Stories {
					t.Logf("%s: %v", s.ID, s.Why)
				}
			}
		})
	}
}
