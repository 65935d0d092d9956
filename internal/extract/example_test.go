package extract_test

import (
	"fmt"

	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/model"
)

func ExampleClean() {
	raw := model.Raw{ID: "a.txt", Source: "feeds", Body: []byte(`NewsSecurityPort systems hit by cyberattack

Port systems hit by cyberattack

2 hours ago 14

The port said its booking systems were offline after an attack.

Read more
`)}
	a := extract.Clean(raw, nil)
	fmt.Printf("title (line %d): %s\n", a.TitleLine, a.Title)
	fmt.Printf("text: %s\n", a.Text)
	for _, r := range a.Removed {
		fmt.Printf("removed line %d (%s)\n", r.Line, r.Rule)
	}
	// Output:
	// title (line 3): Port systems hit by cyberattack
	// text: The port said its booking systems were offline after an attack.
	// removed line 1 (breadcrumb)
	// removed line 5 (age-counter)
	// removed line 9 (aggregator-footer)
}

func ExampleRepeated() {
	rep := extract.NewRepeated()
	for i, body := range []string{
		"Ferry bookings restored\n\nThe operator said bookings work again.\n\nFollow our live desk",
		"Airport check-in disrupted\n\nCheck-in desks switched to paper on Monday.\n\nFollow our live desk",
	} {
		rep.Add(model.Raw{ID: fmt.Sprint(i), Source: "example.org", Body: []byte(body)})
	}
	fmt.Println(rep.Is("example.org", "Follow our live desk"))
	fmt.Println(rep.Is("example.org", "Ferry bookings restored"))
	// Output:
	// true
	// false
}
