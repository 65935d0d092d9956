package source_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/casefile/casefile/internal/source"
)

func ExampleReadJSONL() {
	in := strings.NewReader(`{"id":"a1","text":"Councils hit by cyber attack.","url":"https://www.example.com/a1","published":"2023-12-08"}
{"id":"a2","title":"no text"}
`)
	for raw, err := range source.ReadJSONL(context.Background(), in, "upload.jsonl", source.Options{}) {
		if err != nil {
			fmt.Println("rejected:", err)
			continue
		}
		fmt.Println(raw.ID, raw.Source, raw.URI, raw.Published.Format("2006-01-02"), string(raw.Body))
	}
	// Output:
	// a1 upload.jsonl#example.com upload.jsonl:1 2023-12-08 Councils hit by cyber attack.
	// rejected: upload.jsonl:2: missing "text"
}
