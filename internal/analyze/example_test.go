package analyze_test

import (
	"fmt"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/model"
)

// Keys are fold.Key forms: "Roe" and "Rö" both give "ro".
func ExampleAnalyze() {
	d := analyze.Analyze(model.Article{
		Title: "Port systems hit by cyberattack",
		Text:  "The Port of Exampleton said on Monday that 12,500 bookings were lost. “We are restoring systems,” said Jane Roe of the NCSC.",
	})
	fmt.Println(d.Lang)
	for _, s := range d.Sentences {
		fmt.Printf("sentence [%d,%d)\n", s.Start, s.End)
	}
	for _, a := range d.Anchors {
		fmt.Printf("%s %q key %q\n", a.Kind, a.Surface, a.Key)
	}
	// Output:
	// en
	// sentence [0,69)
	// sentence [70,124)
	// name "Port of Exampleton" key "port of exampleton"
	// number "12,500" key "12500"
	// quote "We are restoring systems" key "we are restoring systems"
	// name "Jane Roe" key "jane ro"
	// acronym "NCSC" key "ncsc"
}
