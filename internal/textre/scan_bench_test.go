package textre

import (
	"strings"
	"testing"
)

// BenchmarkScan: one automaton pass (the prefilter and the leads) of a
// large cue pattern over news sentences.
func BenchmarkScan(b *testing.B) {
	r := MustCompile(`(?i)\b(?:(?:was|were|has been|have been|had been|got|been) (?:hacked|breached|attacked|compromised|infected|hit|targeted|struck|held to ransom|locked out)|(?:paid|paying|pays) (?:\w+ ){0,4}(?:ransom|\$[\d.,]+)|(?:infected|encrypted|hijacked|paralys\w+|paralyz\w+|crippled)|(?:impacted|affected|hit) by|victims? (?:to|of)|(?:institutions|organi[sz]ations|companies|firms|victims) (?:including|included|such as)|hack(?:ed|ers? (?:breached|hit|targeted|stole|compromised|attacked|accessed|infiltrated))|breach(?:es)? (?:at|of|affecting|involving)|(?:suffered|suffers|experienced|confirmed|confirms|disclosed|discloses|reported|reports|announced|announces|notified|notifies|detected|detects|sustained|repelled|faced|fended off|thwarted) (?:a |an |the )?(?:\w+ ){0,2}(?:breach(?:es)?|attacks?|intrusions?|incidents?|compromise|hacks?)|(?:stole|stolen|leaked|exposed|accessed) (?:from|at)|fell victim|data (?:of|belonging to)|(?:databases?|servers?|systems?|networks?|computers?|files) (?:of|at|belonging to)|customers of)\b`)
	r.prepare()
	texts := strings.Split(`The port authority said on Monday that its booking systems had been taken offline after what it called a cyber incident.
Harbour officials confirmed that data of 9,000 passengers was accessed and that the attackers demanded a ransom.
A spokesperson for the Northern Reach Shared Services partnership said the councils of Kessling, Tarrow and Orrin were affected by the outage.
Engineers were working through the weekend to restore the ferry timetable, according to a statement posted on the company's website.`, "\n")
	for i, t := range texts {
		texts[i] = canon(t)
	}
	for b.Loop() {
		for _, t := range texts {
			r.ac.scan(t, true)
		}
	}
}
