package source

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestURLList: blank lines and comments are skipped, other lines are
// yielded trimmed; a line over the limit ends the list with an error
// naming the list and the line.
func TestURLList(t *testing.T) {
	long := "https://example.com/" + strings.Repeat("a", maxURLLine)
	for _, tc := range []struct {
		name    string
		in      string
		want    []string
		errLine int // 0: no error
	}{
		{"plain", "https://a.example/1\nhttps://b.example/2\n", []string{"https://a.example/1", "https://b.example/2"}, 0},
		{"comments and blanks", "# feeds\n\n  https://a.example/1  \n#https://x\n", []string{"https://a.example/1"}, 0},
		{"not URLs are passed on", "ftp://x\nnews\n", []string{"ftp://x", "news"}, 0},
		{"no final newline", "https://a.example/1", []string{"https://a.example/1"}, 0},
		{"long line", "https://a.example/1\n" + long + "\nhttps://b.example/2\n", []string{"https://a.example/1"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var gotErr error
			for u, err := range URLList(strings.NewReader(tc.in), "list.txt") {
				if err != nil {
					gotErr = err
					continue
				}
				got = append(got, u)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("URLs %q, want %q", got, tc.want)
			}
			var se *Error
			switch {
			case tc.errLine == 0 && gotErr != nil:
				t.Errorf("unexpected error %v", gotErr)
			case tc.errLine > 0 && (!errors.As(gotErr, &se) || se.Input != "list.txt" || se.Line != tc.errLine):
				t.Errorf("error %v, want one naming list.txt line %d", gotErr, tc.errLine)
			}
		})
	}
}

// FuzzURLList: whatever the list, the URLs yielded are trimmed,
// non-empty lines that are not comments, and an error comes last.
func FuzzURLList(f *testing.F) {
	f.Add("https://a.example/1\n# c\n\n b \n")
	f.Add("x\r\ny\rz")
	f.Fuzz(func(t *testing.T, in string) {
		ended := false
		for u, err := range URLList(strings.NewReader(in), "fuzz") {
			if ended {
				t.Fatal("a URL after the error")
			}
			if err != nil {
				ended = true
				continue
			}
			if u == "" || u != strings.TrimSpace(u) || strings.HasPrefix(u, "#") || strings.Contains(u, "\n") {
				t.Fatalf("yielded %q", u)
			}
		}
	})
}
