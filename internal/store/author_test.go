package store

import (
	"testing"

	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store/storetest"
)

// TestAuthorSite: the byline and site name of web pages are kept with
// the raw document and with its article.
func testAuthorSite(t *testing.T, b storetest.Backend) {
	ctx := t.Context()
	s := openNew(t, b)
	raw := model.Raw{ID: "p", Body: []byte("Text.\n"), ContentType: "text/html", Author: "Mira Okonkwo", Site: "The Harbour Ledger"}
	if _, err := s.PutRaw(ctx, []model.Raw{raw}); err != nil {
		t.Fatal(err)
	}
	raws, err := s.Raws(ctx)
	if err != nil || len(raws) != 1 || raws[0].Author != raw.Author || raws[0].Site != raw.Site {
		t.Fatalf("raws %+v, %v", raws, err)
	}
	snap := Snapshot{Documents: []Document{{Doc: model.Doc{Article: model.Article{ID: "p", Text: "Text.", Author: raw.Author, Site: raw.Site}}}}}
	if err := s.Save(ctx, snap); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx)
	if err != nil || len(got.Documents) != 1 || got.Documents[0].Article.Author != raw.Author || got.Documents[0].Article.Site != raw.Site {
		t.Fatalf("documents %+v, %v", got.Documents, err)
	}
}
