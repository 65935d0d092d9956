package incident

import (
	"slices"
	"strings"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/textre"
)

// Event types, as CASIE names them.
const (
	EventDatabreach = "Databreach"
	EventPhishing   = "Phishing"
	EventRansom     = "Ransom"
	EventDiscover   = "DiscoverVulnerability"
	EventPatch      = "PatchVulnerability"
)

// eventCues are the phrases that report each kind of event. A story
// reports a kind when its sentences hold at least min cues of it.
var eventCues = []struct {
	typ string
	re  *textre.Regexp
	min int
}{
	{EventDatabreach, textre.MustCompile(`(?i)\b(?:data breach(?:es)?|breach(?:ed)?\b|(?:data|records|information|details|credentials|passwords)(?: \w+){0,3} (?:were|was|had been|have been|has been) (?:exposed|stolen|leaked|accessed|compromised)|(?:exposed|stolen|leaked|compromised) (?:\w+ ){0,2}(?:data|records|information|details|credentials|passwords|accounts)|unauthori[sz]ed access|leak(?:ed)?\b|compromis\w+|hacked|hack(?:ed|ers?)? into|stole|steal\w*|stolen|exfiltrat\w+|gain(?:ed|ing|s)? (?:unauthori[sz]ed )?access|(?:have|has|had|were|was) been accessed|infiltrat\w+|intrusions?)`), 1},
	{EventPhishing, textre.MustCompile(`(?i)\b(?:phishing|phish(?:ers|ed)?|spear-?phishing|smishing|fake (?:e-?mails?|login|websites?|pages?)|impersonat\w+|malicious (?:e-?mails?|links?|attachments?)|scam\w*|pos(?:ed|es|ing) as|masquerad\w+|lures?|luring|tricked|tricks? (?:users|victims|people)|spoof\w*|fraudulent (?:e-?mails?|messages?|sites?)|bogus)\b`), 1},
	{EventRansom, textre.MustCompile(`(?i)\b(?:ransom\w*|extort\w*|encrypted (?:\w+ ){0,2}(?:files|systems|data|servers)|decrypt\w*)\b`), 1},
	{EventDiscover, textre.MustCompile(`(?i)\b(?:(?:discovered|found|uncovered|identified|disclosed|spotted|reported|detailed) (?:\w+ ){0,4}(?:vulnerabilit\w+|flaws?|bugs?|zero-days?|weakness\w*)|(?:vulnerabilit\w+|flaws?|bugs?|zero-days?) (?:\w+ ){0,3}(?:discovered|found|uncovered|identified|disclosed|reported)|researchers? (?:\w+ ){0,3}(?:discovered|found|uncovered)|CVE-\d{4}-\d+|proof[- ]of[- ]concept|exploit(?:s|ed|ing|ation)?\b|(?:vulnerabilit\w+|flaws?|bugs?|zero-days?) (?:in|affecting|that (?:could|can|would|allows?)))`), 1},
	{EventPatch, textre.MustCompile(`(?i)\b(?:patch\w*|security (?:update|fix|advisory|bulletin)s?|(?:fix|fixes|fixed|addresses|addressed|resolves|resolved) (?:\w+ ){0,3}(?:vulnerabilit\w+|flaws?|bugs?|issues?)|firmware update|software update|update to version|upgrade to)\b`), 1},
}

// events finds the kinds of event the story reports.
func (x *extraction) events() []model.Event {
	var out []model.Event
	lc := cueLangs[x.factLang]
	for _, c := range eventCues {
		re := c.re
		if lc != nil {
			re = lc.events[c.typ]
		}
		var evs []model.Evidence
		n := 0
		// Headlines count too, though evidence points into the body.
		for _, d := range x.docs {
			if d.Lang == x.factLang {
				n += len(re.FindAllStringIndex(d.Title, -1))
			}
		}
		for _, s := range x.facts {
			locs := re.FindAllStringIndex(s.s.Text, -1)
			n += len(locs)
			for _, l := range locs {
				evs = append(evs, s.evAt(l[0], l[1]))
			}
		}
		if n >= c.min && len(evs) > 0 || n >= c.min+1 {
			out = append(out, model.Event{Type: c.typ, Evidence: dedupEv(evs, 3)})
		}
	}
	return out
}

// vulnerabilities lists the CVE ids the story names, with the sentences.
// reCVEMore is a further id of a list that gives only the number after
// the first full id: ", -1157", " and -1159".
var reCVEMore = textre.MustCompile(`^(?:,\s*|\s+and\s+|,\s+and\s+|\s*/\s*)-(\d{4,7})\b`)

func (x *extraction) vulnerabilities() []model.Vulnerability {
	byID := map[string][]model.Evidence{}
	for _, s := range x.sents {
		t := s.s.Text
		for _, l := range reCVE.FindAllStringIndex(t, -1) {
			id := strings.ToUpper(t[l[0]:l[1]])
			byID[id] = append(byID[id], s.evAt(l[0], l[1]))
			// "CVE-2018-1156, -1157, -1158 and -1159": the ids that
			// follow share the first one's year.
			year := id[:len("CVE-2018-")]
			end := l[1]
			for {
				m := reCVEMore.FindStringSubmatchIndex(t[end:])
				if m == nil {
					break
				}
				more := year + t[end+m[2]:end+m[3]]
				byID[more] = append(byID[more], s.evAt(end+m[2]-1, end+m[3]))
				end += m[1]
			}
		}
	}
	var out []model.Vulnerability
	for id, evs := range byID {
		out = append(out, model.Vulnerability{ID: id, Source: "stated", Evidence: dedupEv(evs, 3)})
	}
	slices.SortFunc(out, func(a, b model.Vulnerability) int { return strings.Compare(a.ID, b.ID) })
	return out
}
