package story

import (
	"maps"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/dedup"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/model"
)

// Every text below is invented. The Saltmarsh texts tell one incident: an
// attack on an IT provider two councils share, reported by the Harbour
// Gazette (with a German translation and a follow-up a week later), by the
// Coastline Courier and in French without an outlet. Brackenridge is an
// unrelated incident in the same week; the October text is a later attack
// on the same council.

const smGazette = `Saltmarsh District Council services offline after cyberattack

Saltmarsh District Council has taken its online services offline after a cyberattack on Fenwick Digital Partnership, the IT provider it shares with Dunmore Borough Council.

A council spokesperson told the Harbour Gazette that online payments, planning applications and the Saltmarsh Library catalogue were unavailable. The National Incident Desk has been informed.

Fenwick Digital Partnership said it had called in Quillon Security and was restoring systems from backups. About 46,000 residents use the affected services.
`

const smGazetteDE = `Saltmarsh District Council nach Cyberangriff offline

Der Saltmarsh District Council hat seine Online-Dienste nach einem Cyberangriff auf Fenwick Digital Partnership abgeschaltet, den IT-Dienstleister, den er mit dem Dunmore Borough Council teilt.

Ein Sprecher des Councils sagte der Harbour Gazette, Online-Zahlungen, Bauanträge und der Katalog der Saltmarsh Library seien nicht verfügbar. Der National Incident Desk wurde informiert.

Fenwick Digital Partnership erklärte, man habe Quillon Security hinzugezogen und stelle die Systeme aus Sicherungen wieder her. Rund 46.000 Einwohner nutzen die betroffenen Dienste.
`

const smFollowUp = `Saltmarsh payments still down a week after attack on shared IT provider

A week after the cyberattack on Fenwick Digital Partnership, online payments at Saltmarsh District Council remain unavailable, a spokesperson told the Harbour Gazette.

Dunmore Borough Council said its planning portal has now been restored. The Gazette understands that the attackers entered through a contractor's remote access account.

The National Incident Desk continues to investigate, and Quillon Security is still restoring the council's servers. Residents have been asked to pay council tax by telephone until further notice.
`

// smFollowUpShort is a follow-up that names its outlet only by a short
// form.
const smFollowUpShort = `Saltmarsh council tax payments move to telephone

Online payments at Saltmarsh District Council remain unavailable ten days after the attack on Fenwick Digital Partnership, the Gazette understands.

Dunmore Borough Council has reopened its planning portal, while Quillon Security and the National Incident Desk continue to investigate how the attackers got in.
`

const smCourier = `Dunmore and Saltmarsh residents cut off as shared IT supplier is breached

Residents of Dunmore and Saltmarsh cannot pay bills online after hackers broke into Fenwick Digital Partnership, which runs IT for both Saltmarsh District Council and Dunmore Borough Council.

Fenwick Digital Partnership told the Coastline Courier it had contained the intrusion and that Quillon Security was helping. The National Incident Desk confirmed it was aware of the incident.
`

const smFR = `Royaume-Uni : deux collectivités sans services en ligne

Le Saltmarsh District Council et le Dunmore Borough Council sont privés de services en ligne après une intrusion chez Fenwick Digital Partnership. Quillon Security enquête et le National Incident Desk est prévenu.
`

const brackenridge = `Brackenridge University warns students after data breach

Brackenridge University has warned 12,400 students that their names and exam results may have been copied from Vantor Cloud, the hosting company that runs its student records system.

Registrar Helena Marchbank told the Harbour Gazette that the university learned of the breach on Monday and had reported it to the National Incident Desk. Lectures continue as normal.
`

const smOctober = `Saltmarsh District Council hit by second cyberattack

Councillor Imogen Thwaite said on Tuesday that Saltmarsh District Council had suffered a second cyberattack, seven months after the breach at Fenwick Digital Partnership. The booking system of the Eastgate Leisure Centre and the website of the Saltmarsh Library were taken offline.

A spokesperson told the Coastline Courier that Quillon Security had again been called in and that the National Incident Desk had been informed. Dunmore Borough Council said it was not affected this time.
`

// olderMention is a different incident in the same week that recalls
// the Saltmarsh attack as an earlier event.
const olderMention = `Pemberton Water Board restores billing after ransomware attack

Pemberton Water Board said on Thursday that customer billing was back after a ransomware attack encrypted its payment servers. The board called in Larkspur Forensics and informed regulators.

The attack is similar to the cyberattack on Fenwick Digital Partnership that took Saltmarsh District Council and Dunmore Borough Council offline. Last year Quillon Security and the National Incident Desk also investigated an attack on Saltmarsh District Council.
`

// withJunk wraps an article (title on its first line) in aggregator lines.
func withJunk(text string) string {
	title, body, _ := strings.Cut(text, "\n")
	return title + "\n\n2 hours ago · 93 reads\n\nADVERTISEMENT\n\n" + strings.TrimSpace(body) + "\n\nRead more\n\nwire-feed-3\n"
}

// day is the day of the first report.
var day = time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)

// at returns day plus d days.
func at(d float64) time.Time { return day.Add(time.Duration(d * 24 * float64(time.Hour))) }

// in is one input document; a zero pub means undated.
type in struct {
	id, text string
	pub      time.Time
}

// docs runs the inputs through the real stages.
func docs(ins ...in) []model.Doc {
	out := make([]model.Doc, len(ins))
	for i, x := range ins {
		out[i] = analyze.Analyze(extract.Clean(model.Raw{ID: x.id, Source: x.id, Body: []byte(x.text), Published: x.pub}, nil))
	}
	return out
}

// cluster links ds with dedup and clusters them.
func cluster(ds []model.Doc, opt Options) Result {
	groups, _ := dedup.Link(ds, dedup.Options{})
	return Cluster(ds, groups, opt)
}

// storySets lists each story's documents, sorted.
func storySets(res Result) [][]string {
	var out [][]string
	for _, s := range res.Stories {
		out = append(out, slices.Sorted(slices.Values(s.Docs)))
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// relations summarises each document's relation as "type" or "type of X".
func relations(res Result) map[string]string {
	out := map[string]string{}
	for id, r := range res.Relations {
		out[id] = r.Type
		if r.Of != "" {
			out[id] += " of " + r.Of
		}
	}
	return out
}

// checkResult asserts what every Cluster result must satisfy.
func checkResult(t *testing.T, ds []model.Doc, res Result) {
	t.Helper()
	idRe := regexp.MustCompile(`^s-[0-9a-f]{12}$`)
	count := map[string]int{}
	for i, s := range res.Stories {
		if !idRe.MatchString(s.ID) {
			t.Errorf("story id %q is not s- and 12 hex digits", s.ID)
		}
		if i > 0 && res.Stories[i-1].ID >= s.ID {
			t.Errorf("stories not sorted by id: %s before %s", res.Stories[i-1].ID, s.ID)
		}
		if !slices.IsSorted(s.Docs) {
			t.Errorf("story %s: documents not sorted: %v", s.ID, s.Docs)
		}
		leads := 0
		for _, id := range s.Docs {
			count[id]++
			if res.StoryOf[id] != s.ID {
				t.Errorf("StoryOf[%s] = %q, want %q", id, res.StoryOf[id], s.ID)
			}
			if s.Why[id] == "" {
				t.Errorf("story %s: no explanation for %s", s.ID, id)
			}
			r, ok := res.Relations[id]
			if !ok {
				t.Errorf("%s: no relation", id)
				continue
			}
			if r.Type == model.RelOriginal {
				leads++
				if storyID(id) != s.ID {
					t.Errorf("story %s is not named after its lead %s", s.ID, id)
				}
			}
			if r.Of != "" && res.StoryOf[r.Of] != s.ID {
				t.Errorf("%s: %s of %s, which is in another story", id, r.Type, r.Of)
			}
		}
		if leads != 1 {
			t.Errorf("story %s has %d leads, want 1", s.ID, leads)
		}
	}
	for _, d := range ds {
		if count[d.ID] != 1 {
			t.Errorf("document %s is in %d stories, want 1", d.ID, count[d.ID])
		}
	}
	if len(res.StoryOf) != len(ds) || len(res.Relations) != len(ds) {
		t.Errorf("StoryOf has %d and Relations %d entries for %d documents", len(res.StoryOf), len(res.Relations), len(ds))
	}
}

type clusterCase struct {
	name    string
	docs    []in
	opt     Options
	stories [][]string        // sorted as storySets sorts them
	rel     map[string]string // as relations gives them; nil to skip
}

func runClusterCases(t *testing.T, tests []clusterCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds := docs(tc.docs...)
			res := cluster(ds, tc.opt)
			checkResult(t, ds, res)
			if got := storySets(res); !reflect.DeepEqual(got, tc.stories) {
				t.Errorf("stories\n got %v\nwant %v", got, tc.stories)
				for _, s := range res.Stories {
					t.Logf("%s: %v", s.ID, s.Why)
				}
			}
			if tc.rel == nil {
				return
			}
			if got := relations(res); !reflect.DeepEqual(got, tc.rel) {
				t.Errorf("relations\n got %v\nwant %v", got, tc.rel)
			}
		})
	}
}

func TestCluster(t *testing.T) {
	var u time.Time
	runClusterCases(t, []clusterCase{
		{
			name: "one incident: translation, follow-up and independent reports",
			docs: []in{
				{"gazette", smGazette, at(0)}, {"gazette-de", smGazetteDE, at(0.3)},
				{"followup", smFollowUp, at(7)}, {"courier", smCourier, at(1)}, {"fr", smFR, at(2)},
			},
			stories: [][]string{{"courier", "followup", "fr", "gazette", "gazette-de"}},
			rel: map[string]string{
				"gazette":    "original",
				"gazette-de": "translation of gazette",
				"followup":   "follow_up of gazette",
				"courier":    "independent_report",
				"fr":         "independent_report",
			},
		},
		{
			name:    "two groups sharing the incident's rare names, undated",
			docs:    []in{{"gazette", smGazette, u}, {"fr", smFR, u}},
			stories: [][]string{{"fr", "gazette"}},
			rel:     map[string]string{"gazette": "original", "fr": "independent_report"},
		},
		{
			name:    "two unrelated incidents in the same week, one outlet and one agency in common",
			docs:    []in{{"gazette", smGazette, at(0)}, {"brackenridge", brackenridge, at(1)}, {"courier", smCourier, at(1)}},
			stories: [][]string{{"brackenridge"}, {"courier", "gazette"}},
			rel:     map[string]string{"gazette": "original", "courier": "independent_report", "brackenridge": "original"},
		},
		{
			name: "an older incident recalled in a new report does not merge the two",
			docs: []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}, {"pemberton", olderMention, at(2)},
				{"brackenridge", brackenridge, at(1)}, {"october", smOctober, at(224)}},
			stories: [][]string{{"brackenridge"}, {"courier", "gazette"}, {"october"}, {"pemberton"}},
		},
		{
			name:    "the same names seven months apart: two stories",
			docs:    []in{{"gazette", smGazette, at(0)}, {"october", smOctober, at(224)}},
			stories: [][]string{{"gazette"}, {"october"}},
			rel:     map[string]string{"gazette": "original", "october": "original"},
		},
		{
			name:    "the same names, one undated: no time window",
			docs:    []in{{"gazette", smGazette, at(0)}, {"october", smOctober, u}},
			stories: [][]string{{"gazette", "october"}},
		},
		{
			name:    "a wider window does not join a later attack: the similarity decays with time",
			docs:    []in{{"gazette", smGazette, at(0)}, {"october", smOctober, at(224)}},
			opt:     Options{MaxDays: 365},
			stories: [][]string{{"gazette"}, {"october"}},
			rel:     map[string]string{"gazette": "original", "october": "original"},
		},
		{
			name:    "within the window, three weeks later",
			docs:    []in{{"gazette", smGazette, at(0)}, {"followup", smFollowUp, at(21)}},
			stories: [][]string{{"followup", "gazette"}},
		},
		{
			name:    "within the window but decayed below the threshold",
			docs:    []in{{"gazette", smGazette, at(0)}, {"followup", smFollowUp, at(59)}},
			stories: [][]string{{"followup"}, {"gazette"}},
		},
		{
			name:    "just outside the window",
			docs:    []in{{"gazette", smGazette, at(0)}, {"followup", smFollowUp, at(61)}},
			stories: [][]string{{"followup"}, {"gazette"}},
		},
		{
			name:    "a stricter threshold keeps a short report apart",
			docs:    []in{{"gazette", smGazette, u}, {"fr", smFR, u}},
			opt:     Options{Threshold: 0.9},
			stories: [][]string{{"fr"}, {"gazette"}},
		},
	})
}

func TestClusterPremises(t *testing.T) {
	// The unrelated incident shares names with the Saltmarsh texts, and
	// the October text shares the Saltmarsh texts' rare names: otherwise
	// the cases above would test little.
	names := func(d model.Doc) map[string]bool {
		out := map[string]bool{}
		for _, a := range d.Anchors {
			if a.Kind == model.AnchorName || a.Kind == model.AnchorAcronym {
				out[a.Key] = true
			}
		}
		return out
	}
	shared := func(a, b model.Doc) int {
		n := 0
		for k := range names(a) {
			if names(b)[k] {
				n++
			}
		}
		return n
	}
	ds := docs(in{"gazette", smGazette, day}, in{"brackenridge", brackenridge, day}, in{"october", smOctober, day})
	if n := shared(ds[0], ds[1]); n < 2 {
		t.Errorf("Brackenridge shares %d names with the Gazette's report, want at least 2", n)
	}
	if n := shared(ds[0], ds[2]); n < 5 {
		t.Errorf("the October report shares %d names with the Gazette's report, want at least 5", n)
	}
}

func TestClusterLead(t *testing.T) {
	var u time.Time
	runClusterCases(t, []clusterCase{
		{
			name: "dated: the earliest, whatever its cues and copies",
			docs: []in{
				{"gazette", smGazette, at(1)}, {"gazette-de", smGazetteDE, at(1.2)},
				{"followup", smFollowUp, at(0.5)}, {"courier", smCourier, at(3)},
			},
			stories: [][]string{{"courier", "followup", "gazette", "gazette-de"}},
			rel: map[string]string{
				"followup":   "original",
				"gazette":    "follow_up of followup",
				"gazette-de": "translation of gazette",
				"courier":    "independent_report",
			},
		},
		{
			name: "undated: fewest follow-up cues before most copies",
			docs: []in{
				{"gazette", smGazette, u},
				{"followup", smFollowUp, u}, {"followup-copy1", withJunk(smFollowUp), u}, {"followup-copy2", withJunk(smFollowUp), u},
			},
			stories: [][]string{{"followup", "followup-copy1", "followup-copy2", "gazette"}},
			rel: map[string]string{
				"gazette":        "original",
				"followup":       "follow_up of gazette",
				"followup-copy1": "copy of followup",
				"followup-copy2": "copy of followup",
			},
		},
		{
			name: "undated, no cues: most copies",
			docs: []in{
				{"courier", smCourier, u}, {"courier-copy", withJunk(smCourier), u},
				{"gazette", smGazette, u}, {"gazette-copy1", withJunk(smGazette), u}, {"gazette-copy2", withJunk(smGazette), u},
			},
			stories: [][]string{{"courier", "courier-copy", "gazette", "gazette-copy1", "gazette-copy2"}},
			rel: map[string]string{
				"gazette":       "original",
				"gazette-copy1": "copy of gazette",
				"gazette-copy2": "copy of gazette",
				"courier":       "independent_report",
				"courier-copy":  "copy of courier",
			},
		},
		{
			name: "undated, no cues: most copies, whatever the length",
			docs: []in{
				{"gazette", smGazette, u},
				{"courier", smCourier, u}, {"courier-copy1", withJunk(smCourier), u}, {"courier-copy2", withJunk(smCourier), u},
			},
			stories: [][]string{{"courier", "courier-copy1", "courier-copy2", "gazette"}},
			rel: map[string]string{
				"courier":       "original",
				"courier-copy1": "copy of courier",
				"courier-copy2": "copy of courier",
				"gazette":       "independent_report",
			},
		},
		{
			name:    "undated, no cues, single articles: the longest",
			docs:    []in{{"a-courier", smCourier, u}, {"b-gazette", smGazette, u}},
			stories: [][]string{{"a-courier", "b-gazette"}},
			rel:     map[string]string{"b-gazette": "original", "a-courier": "independent_report"},
		},
		{
			name:    "partly dated: the undated rules",
			docs:    []in{{"gazette", smGazette, u}, {"followup", smFollowUp, at(-3)}},
			stories: [][]string{{"followup", "gazette"}},
			rel:     map[string]string{"gazette": "original", "followup": "follow_up of gazette"},
		},
	})
}

func TestClusterFollowUp(t *testing.T) {
	var u time.Time
	tests := []struct {
		name    string
		lead    in
		other   in
		rel     string // relation of other
		whyHas  string // in the relation's explanation
		outlets [2]string
	}{
		{
			name: "same outlet, later: follow-up", lead: in{"gazette", smGazette, at(0)}, other: in{"followup", smFollowUp, at(7)},
			rel: "follow_up of gazette", whyHas: "same outlet (Harbour Gazette)", outlets: [2]string{"Harbour Gazette", "Harbour Gazette"},
		},
		{
			name: "same outlet by its short form: follow-up", lead: in{"gazette", smGazette, at(0)}, other: in{"followup", smFollowUpShort, at(10)},
			rel: "follow_up of gazette", whyHas: "same outlet (Gazette)", outlets: [2]string{"Harbour Gazette", "Gazette"},
		},
		{
			name: "another outlet: independent report", lead: in{"gazette", smGazette, at(0)}, other: in{"courier", smCourier, at(1)},
			rel: "independent_report", whyHas: "another outlet (Coastline Courier)", outlets: [2]string{"Harbour Gazette", "Coastline Courier"},
		},
		{
			name: "no outlet named: independent report", lead: in{"gazette", smGazette, at(0)}, other: in{"fr", smFR, at(1)},
			rel: "independent_report", outlets: [2]string{"Harbour Gazette", ""},
		},
		{
			name: "lead without an outlet: independent report", lead: in{"fr", smFR, at(0)}, other: in{"gazette", smGazette, at(1)},
			rel: "independent_report", whyHas: "another outlet (Harbour Gazette)", outlets: [2]string{"", "Harbour Gazette"},
		},
		{
			name: "undated: the one with follow-up cues follows", lead: in{"gazette", smGazette, u}, other: in{"followup", smFollowUp, u},
			rel: "follow_up of gazette", whyHas: "later report", outlets: [2]string{"Harbour Gazette", "Harbour Gazette"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds := docs(tc.lead, tc.other)
			if got := [2]string{Outlet(ds[0].Text), Outlet(ds[1].Text)}; got != tc.outlets {
				t.Fatalf("premise: outlets %q, want %q", got, tc.outlets)
			}
			res := cluster(ds, Options{})
			checkResult(t, ds, res)
			if len(res.Stories) != 1 {
				t.Fatalf("got %d stories, want 1", len(res.Stories))
			}
			got := relations(res)
			if got[tc.lead.id] != model.RelOriginal || got[tc.other.id] != tc.rel {
				t.Errorf("relations %v, want %s original and %s %s", got, tc.lead.id, tc.other.id, tc.rel)
			}
			if why := res.Relations[tc.other.id].Why; !strings.Contains(why, tc.whyHas) {
				t.Errorf("why %q does not say %q", why, tc.whyHas)
			}
			if why := res.Stories[0].Why[tc.other.id]; !strings.HasPrefix(why, res.Relations[tc.other.id].Type+"; ") {
				t.Errorf("story why %q does not start with the relation", why)
			}
		})
	}
}

func TestClusterWhy(t *testing.T) {
	ds := docs(
		in{"gazette", smGazette, at(0)}, in{"gazette-de", smGazetteDE, at(0.3)},
		in{"followup", smFollowUp, at(7)}, in{"courier", smCourier, at(1)}, in{"fr", smFR, at(2)},
	)
	res := cluster(ds, Options{})
	checkResult(t, ds, res)
	if len(res.Stories) != 1 {
		t.Fatalf("got %d stories, want 1", len(res.Stories))
	}
	why := res.Stories[0].Why
	want := map[string][]string{
		"gazette":    {"lead article of the story"},
		"gazette-de": {"translation of gazette: cross-language keys:", "saltmarsh"},
		"followup":   {"follow_up; joined at similarity ", "closest: gazette", "days apart", "shared names: ", "Fenwick Digital Partnership", "shared words: "},
		"courier":    {"independent_report; joined at similarity ", "Quillon Security"},
		"fr":         {"independent_report; joined at similarity ", "shared names: "},
	}
	for id, parts := range want {
		for _, p := range parts {
			if !strings.Contains(why[id], p) {
				t.Errorf("why[%s] = %q, want it to contain %q", id, why[id], p)
			}
		}
	}
	if len(why) != len(ds) {
		t.Errorf("why has %d entries for %d documents: %v", len(why), len(ds), why)
	}
}

func TestClusterOrderIndependent(t *testing.T) {
	ds := docs(
		in{"gazette", smGazette, at(0)}, in{"gazette-de", smGazetteDE, at(0.3)},
		in{"gazette-copy", withJunk(smGazette), at(0.5)},
		in{"followup", smFollowUp, at(7)}, in{"courier", smCourier, at(1)}, in{"fr", smFR, at(2)},
		in{"brackenridge", brackenridge, at(1)}, in{"october", smOctober, at(224)},
		in{"short", smFollowUpShort, at(10)}, in{"empty", "", time.Time{}},
	)
	groups, _ := dedup.Link(ds, dedup.Options{})
	want := Cluster(ds, groups, Options{})
	checkResult(t, ds, want)
	if len(want.Stories) != 4 {
		t.Fatalf("premise: %d stories, want 4 (Saltmarsh, Brackenridge, October, empty): %v", len(want.Stories), storySets(want))
	}
	rng := rand.New(rand.NewPCG(3, 5))
	for i := range 20 {
		sd, sg := slices.Clone(ds), slices.Clone(groups)
		rng.Shuffle(len(sd), func(a, b int) { sd[a], sd[b] = sd[b], sd[a] })
		rng.Shuffle(len(sg), func(a, b int) { sg[a], sg[b] = sg[b], sg[a] })
		if got := Cluster(sd, sg, Options{}); !reflect.DeepEqual(got, want) {
			t.Errorf("shuffle %d: result differs\n got %v %v\nwant %v %v", i, storySets(got), relations(got), storySets(want), relations(want))
		}
		// The whole chain from shuffled documents.
		if got := cluster(sd, Options{}); !reflect.DeepEqual(got, want) {
			t.Errorf("shuffle %d through dedup: result differs\n got %v\nwant %v", i, storySets(got), storySets(want))
		}
	}
}

func TestStoryID(t *testing.T) {
	// Story ids are stored and exported: for a given lead they must never
	// change. They are the first 6 bytes of the SHA-256 of the lead's id.
	golden := map[string]string{
		"":                        "s-e3b0c44298fc",
		"a":                       "s-ca978112ca1b",
		"gazette":                 "s-62f0bcd925fb",
		"harbour-en-original.txt": "s-bdb5798bddf8",
	}
	for lead, want := range golden {
		if got := storyID(lead); got != want {
			t.Errorf("storyID(%q) = %q, want %q", lead, got, want)
		}
	}

	tests := []struct {
		name string
		docs []in
		want string // the lead whose id names the single story
	}{
		{"named after its lead", []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}}, "gazette"},
		{"a later report keeps the id", []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}, {"fr", smFR, at(2)}}, "gazette"},
		{"a copy keeps the id", []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}, {"z", withJunk(smGazette), at(3)}}, "gazette"},
		{"an earlier report takes the lead", []in{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(-1)}}, "courier"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := cluster(docs(tc.docs...), Options{})
			if len(res.Stories) != 1 || res.Stories[0].ID != storyID(tc.want) {
				t.Errorf("stories %v, want one story named after %s (%s)", res.Stories, tc.want, storyID(tc.want))
			}
		})
	}
}

func TestClusterDegenerate(t *testing.T) {
	t.Run("nothing", func(t *testing.T) {
		res := Cluster(nil, nil, Options{})
		if len(res.Stories) != 0 || len(res.StoryOf) != 0 || len(res.Relations) != 0 {
			t.Errorf("got %+v, want an empty result", res)
		}
	})
	t.Run("groups naming unknown documents are skipped", func(t *testing.T) {
		ds := docs(in{"gazette", smGazette, at(0)})
		groups := []dedup.Group{
			{Original: "gazette", Members: []string{"gazette"}, Rel: map[string]model.Relation{}},
			{Original: "ghost", Members: []string{"ghost"}, Rel: map[string]model.Relation{}},
		}
		res := Cluster(ds, groups, Options{})
		checkResult(t, ds, res)
	})
	t.Run("documents without names", func(t *testing.T) {
		ds := docs(
			in{"empty", "", time.Time{}}, in{"blank", "\n\n \n", time.Time{}},
			in{"plain", "water was cut for a day and then came back.", time.Time{}},
			in{"plain2", "the buses ran late all week because of the snow.", time.Time{}},
			in{"gazette", smGazette, time.Time{}},
		)
		res := cluster(ds, Options{})
		checkResult(t, ds, res)
		if len(res.Stories) != len(ds) {
			t.Errorf("got stories %v, want each document alone", storySets(res))
		}
	})
}

func TestOutlet(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		outlet  string
		outlets map[string]int
	}{
		{
			name:    "told the X",
			text:    "A council spokesperson told the Harbour Gazette that payments were offline.",
			outlet:  "Harbour Gazette",
			outlets: map[string]int{"Harbour Gazette": 1},
		},
		{
			name:    "told X, then punctuation",
			text:    "The operator told Harbour Gazette: “We have restored the portal.”",
			outlet:  "Harbour Gazette",
			outlets: map[string]int{"Harbour Gazette": 1},
		},
		{
			name:    "X understands, mid-sentence",
			text:    "The attackers used a stolen password, the Gazette understands.",
			outlet:  "Gazette",
			outlets: map[string]int{"Gazette": 1},
		},
		{
			name:    "The X understands, opening a sentence",
			text:    "Payments are still offline. The Gazette understands that the council paid no ransom.",
			outlet:  "Gazette",
			outlets: map[string]int{"Gazette": 1},
		},
		{
			name:    "X has learned, opening a paragraph",
			text:    "Payments are still offline in Saltmarsh.\n\nThe Coastline Courier has learned that backups were intact.",
			outlet:  "Coastline Courier",
			outlets: map[string]int{"Coastline Courier": 1},
		},
		{
			name:    "the short form counts for the full name",
			text:    "A spokesperson told the Harbour Gazette that the portal was down. The Gazette understands the attackers demanded money.",
			outlet:  "Harbour Gazette",
			outlets: map[string]int{"Harbour Gazette": 1, "Gazette": 1},
		},
		{
			name:    "the name used most often",
			text:    "A source told the Coastline Courier the portal was down. The mayor told the Harbour Gazette: it will be back. Staff also told the Harbour Gazette, on Friday, that payments had resumed.",
			outlet:  "Harbour Gazette",
			outlets: map[string]int{"Coastline Courier": 1, "Harbour Gazette": 2},
		},
		{
			name:    "a tie goes to the first name in order",
			text:    "He told the Saltmarsh Post that it was down; she told the Harbour Gazette that it was not.",
			outlet:  "Harbour Gazette",
			outlets: map[string]int{"Saltmarsh Post": 1, "Harbour Gazette": 1},
		},
		{
			name:    "possessive",
			text:    "The council told the Gazette's reporter that no data was taken.",
			outlet:  "Gazette",
			outlets: map[string]int{"Gazette": 1},
		},
		{
			name:    "statement to",
			text:    "In a statement to the Coastline Courier, the provider said systems were isolated.",
			outlet:  "Coastline Courier",
			outlets: map[string]int{"Coastline Courier": 1},
		},
		{
			name:    "a name does not run across sentences",
			text:    "The council is based in Saltmarsh. Harbour Gazette understands the outage will last a week.",
			outlet:  "Harbour Gazette",
			outlets: map[string]int{"Harbour Gazette": 1},
		},
		{
			name:    "a name does not run across paragraphs",
			text:    "Residents were told to call Saltmarsh\n\nHarbour Gazette understands the outage will last a week.",
			outlet:  "Harbour Gazette",
			outlets: map[string]int{"Harbour Gazette": 1},
		},
		{
			name:    "pronouns and police are not outlets",
			text:    "He told reporters nothing. Police asked residents to stay calm. They understand the risk.",
			outlet:  "",
			outlets: map[string]int{},
		},
		{
			name:    "The Council has asked is no outlet",
			text:    "The Council has asked residents to pay by telephone.",
			outlet:  "",
			outlets: map[string]int{},
		},
		{
			name:    "no outlet named",
			text:    "Saltmarsh District Council said online payments were unavailable after a cyberattack on its IT provider.",
			outlet:  "",
			outlets: map[string]int{},
		},
		{
			name:    "no outlet named, German",
			text:    "Der Saltmarsh District Council teilte mit, dass Online-Zahlungen nach einem Cyberangriff nicht möglich sind.",
			outlet:  "",
			outlets: map[string]int{},
		},
		{
			name:    "no outlet named, French",
			text:    "Le Saltmarsh District Council a confirmé que les paiements en ligne restent impossibles après la cyberattaque.",
			outlet:  "",
			outlets: map[string]int{},
		},
		{
			name:    "no outlet named, Spanish",
			text:    "El Saltmarsh District Council informó de que los pagos en línea siguen sin funcionar tras el ciberataque.",
			outlet:  "",
			outlets: map[string]int{},
		},
		{name: "empty", text: "", outlet: "", outlets: map[string]int{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Outlets(tc.text); !maps.Equal(got, tc.outlets) {
				t.Errorf("Outlets = %v, want %v", got, tc.outlets)
			}
			if got := Outlet(tc.text); got != tc.outlet {
				t.Errorf("Outlet = %q, want %q", got, tc.outlet)
			}
		})
	}
}

func TestSameOutlet(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Harbour Gazette", "Harbour Gazette", true},
		{"Harbour Gazette", "harbour gazette", true},
		{"Harbour Gazette", "Gazette", true},
		{"Gazette", "Harbour Gazette", true},
		{"Harbour Gazette", "Coastline Courier", false},
		{"Harbour Gazette", "Valley Gazette", false},
		{"Gazette", "Gazetteer", false},
		{"Harbour Gazette", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		if got := sameOutlet(tc.a, tc.b); got != tc.want {
			t.Errorf("sameOutlet(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestLaterCues(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{smGazette, 0},
		{smCourier, 0},
		{smFollowUp, 5}, // title and text
		{"As previously reported, the portal remains offline.", 2},
		{"The council reiterated its advice last week.", 2},
		{"The council issued an updated statement on Friday.", 1},
		{"Weeks later, systems have now been restored.", 2},
		{"The week started with an attack.", 0},
	}
	for _, tc := range tests {
		if got := laterCues(tc.text); got != tc.want {
			t.Errorf("laterCues(%.50q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

// TestCacheSameResult: clustering a growing, changing corpus with a
// Cache gives what clustering without one gives, and keeps one entry
// per unit.
func TestCacheSameResult(t *testing.T) {
	steps := [][]in{
		{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}},
		{{"gazette", smGazette, at(0)}, {"courier", smCourier, at(1)}, {"brackenridge", brackenridge, at(1)}, {"pemberton", olderMention, at(2)}},
		{{"gazette", smGazette + "\n\nThe council thanked residents for their patience.", at(0)}, {"brackenridge", brackenridge, at(1)}, {"october", smOctober, at(224)}},
	}
	c := &Cache{}
	for i, st := range steps {
		ds := docs(st...)
		want := cluster(ds, Options{})
		got := cluster(ds, Options{Cache: c})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d: clustering with a Cache differs: %v, want %v", i, storySets(got), storySets(want))
		}
		groups, _ := dedup.Link(ds, dedup.Options{})
		if len(c.units) != len(groups) {
			t.Errorf("step %d: cache holds %d units, want %d", i, len(c.units), len(groups))
		}
	}
}
