package analyze

import (
	"slices"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"titles", "Dr. Jane Roe met Mr. Smith. They talked.", []string{"Dr. Jane Roe met Mr. Smith.", "They talked."}},
		{"dotted", "The U.K. agency said so. The U.S. regulator did not.", []string{"The U.K. agency said so.", "The U.S. regulator did not."}},
		{"dotted before capital", "It moved to the U.S. Then it left.", []string{"It moved to the U.S. Then it left."}},
		{"decimal", "Prices rose 3.5 percent. Costs fell.", []string{"Prices rose 3.5 percent.", "Costs fell."}},
		{"year", "The group was founded in 2009. All four boroughs use it.", []string{"The group was founded in 2009.", "All four boroughs use it."}},
		{"closing quote", "They said it “was never planned.” Next, the board met.", []string{"They said it “was never planned.”", "Next, the board met."}},
		{"german quote", "Er sagte: „Das ist falsch.“ Danach ging er.", []string{"Er sagte: „Das ist falsch.“", "Danach ging er."}},
		{"french quote", "Il a dit : « C’est faux. » Ensuite il est parti.", []string{"Il a dit : « C’est faux. »", "Ensuite il est parti."}},
		{"french titles", "Il a rencontré M. Dupont. Puis Mme Durand est arrivée.", []string{"Il a rencontré M. Dupont.", "Puis Mme Durand est arrivée."}},
		{"german abbreviations", "Das gilt z.B. für Kiel. Nr. 5 ist neu.", []string{"Das gilt z.B. für Kiel.", "Nr. 5 ist neu."}},
		{"german date", "Am 5. März griffen sie an. Dann kam mehr.", []string{"Am 5. März griffen sie an.", "Dann kam mehr."}},
		{"initials", "J. R. Smith spoke. Acme Inc. said nothing.", []string{"J. R. Smith spoke.", "Acme Inc. said nothing."}},
		{"company", "It sued Acme Ltd. Others followed.", []string{"It sued Acme Ltd. Others followed."}},
		{"paragraphs", "A heading without stop\n\nSecond paragraph.", []string{"A heading without stop", "Second paragraph."}},
		{"hard wrap", "line one\nline two.", []string{"line one\nline two."}},
		{"marks", "What? No! Really… Yes.", []string{"What?", "No!", "Really…", "Yes."}},
		{"ellipsis", "Wait... Then it broke.", []string{"Wait...", "Then it broke."}},
		{"cjk", "攻撃があった。市は調査している。", []string{"攻撃があった。", "市は調査している。"}},
		{"spanish", "¿Qué pasó? Nadie lo sabe.", []string{"¿Qué pasó?", "Nadie lo sabe."}},
		{"lower case after stop", "It was version 2.0. then it broke.", []string{"It was version 2.0. then it broke."}},
		{"digit start", "Services are down. 500,000 residents are affected.", []string{"Services are down.", "500,000 residents are affected."}},
		{"white space", "  \n\n  One.  Two.  \n\n", []string{"One.", "Two."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss := Sentences(tt.in)
			var got []string
			rs := []rune(tt.in)
			for _, s := range ss {
				got = append(got, s.Text)
				if string(rs[s.Start:s.End]) != s.Text {
					t.Errorf("span %v is %q, text %q", s.Span, string(rs[s.Start:s.End]), s.Text)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentenceSpansAreCodePoints(t *testing.T) {
	in := "Störung in Köln. Überall Ärger."
	ss := Sentences(in)
	if len(ss) != 2 || ss[1].Start != 17 || ss[1].End != 31 {
		t.Fatalf("spans %+v, want the second at [17,31)", ss)
	}
}
