package source

import (
	"errors"
	"strings"
	"testing"

	"github.com/casefile/casefile/internal/model"
)

func TestHTML(t *testing.T) {
	page := `<html><head><title>Port of Ardmere restores cargo systems | Coastal Wire</title>
<meta name="author" content="Elin Moss"><meta property="og:site_name" content="Coastal Wire"></head>` +
		strings.TrimPrefix(invitedPage, `<html><head><title>Port of Ardmere restores cargo systems | Coastal Wire</title></head>`)
	raw, err := HTML(model.Raw{ID: "p", URL: "https://wire.example/p"}, []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if raw.Author != "Elin Moss" || raw.Site != "Coastal Wire" || raw.Title != "Port of Ardmere restores cargo systems" ||
		raw.ContentType != "text/html" || !strings.HasPrefix(string(raw.Body), "The Port of Ardmere said") {
		t.Errorf("raw %+v body %q", raw, raw.Body)
	}
	// What the source gives wins over the page.
	raw, err = HTML(model.Raw{ID: "p", Title: "Given", Author: "Given A"}, []byte(page))
	if err != nil || raw.Title != "Given" || raw.Author != "Given A" {
		t.Errorf("given metadata replaced: %+v, %v", raw, err)
	}
	for _, bad := range []struct {
		in  string
		err error
	}{{"", ErrEmpty}, {"  \n", ErrEmpty}, {"<p>a\x00b</p>", ErrBinary}, {"<script>x()</script>", ErrNoText}} {
		if _, err := HTML(model.Raw{ID: "b"}, []byte(bad.in)); !errors.Is(err, bad.err) {
			t.Errorf("HTML(%q) error %v, want %v", bad.in, err, bad.err)
		}
	}
}
