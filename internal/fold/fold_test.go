package fold

import "testing"

func TestKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Stromausfall führt zu Störungen im Müllheizkraftwerk", "Stromausfall fuehrt zu Stoerungen im Muellheizkraftwerk"},
		{"Straße", "STRASSE"},
		{"Douvres Été", "douvres ete"},
		{"Ærø", "aero"},
		{"Online-Dienste", "online dienste"},
	}
	for _, tt := range tests {
		if ka, kb := Key(tt.a), Key(tt.b); ka != kb {
			t.Errorf("Key(%q)=%q, Key(%q)=%q: want equal", tt.a, ka, tt.b, kb)
		}
	}
}

func TestString(t *testing.T) {
	tests := map[string]string{
		"Conseil du district de Douvres":    "conseil du district de douvres",
		"Information Commissioner’s Office": "information commissioner's office",
		"Ñandú":                             "nandu",
	}
	for in, want := range tests {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzString checks that folding is idempotent (the dictionary reader's
// fuzz target found "Þ" folding to "þ", and "þ" to "th").
func FuzzString(f *testing.F) {
	for _, s := range []string{"Douvres Été", "Þór", "STRASSE Straße ẞ", "İstanbul", "Œuvre Ø", "“quoted” — dash"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := String(s)
		if twice := String(once); twice != once {
			t.Fatalf("String(%q) = %q, but String of that = %q", s, once, twice)
		}
	})
}
