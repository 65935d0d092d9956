package source

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestReadStream(t *testing.T) {
	tests := []struct {
		name  string
		in    []byte
		ids   string
		ctype string
		err   error
	}{
		{"text", []byte(messageText), "stdin", "text/plain", nil},
		{"html", []byte("  \n" + invitedPage), "stdin", "text/html", nil},
		{"jsonl", []byte(`{"id":"a","text":"one"}` + "\n" + `{"id":"b","text":"two"}` + "\n"), "a b", "text/plain", nil},
		{"warc", warcRecordBytes("resource", "https://a.example/t", "text/plain", []byte(messageText)), "https://a.example/t", "text/plain", nil},
		{"warc.gz", gzipBytes(t, warcRecordBytes("resource", "https://a.example/t", "text/plain", []byte(messageText))), "https://a.example/t", "text/plain", nil},
		{"text.gz", gzipBytes(t, []byte(messageText)), "stdin", "text/plain", nil},
		{"empty", nil, "", "", ErrEmpty},
		{"binary", []byte("ab\x00cd"), "", "", ErrBinary},
		{"too large", bytes.Repeat([]byte("word "), 1000), "", "", ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raws, errs := collect(t, ReadStream(t.Context(), bytes.NewReader(tt.in), "stdin", Options{MaxDocBytes: 4000}))
			var ids []string
			for _, r := range raws {
				ids = append(ids, r.ID)
				if r.ContentType != tt.ctype {
					t.Errorf("%s: content type %q, want %q", r.ID, r.ContentType, tt.ctype)
				}
			}
			if strings.Join(ids, " ") != tt.ids {
				t.Errorf("ids %q, want %q", ids, tt.ids)
			}
			if tt.err != nil && (len(errs) != 1 || !errors.Is(errs[0], tt.err)) {
				t.Errorf("errors %v, want %v", errs, tt.err)
			}
			if tt.err == nil && len(errs) > 0 {
				t.Errorf("errors %v", errs)
			}
		})
	}
}
