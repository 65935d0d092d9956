package fold

import (
	"strings"
	"testing"
)

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
	for _, s := range []string{"Plain ASCII Text, 42!", "Douvres Été", "Þór", "STRASSE Straße ẞ", "İstanbul", "Œuvre Ø", "“quoted” — dash"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := String(s)
		if twice := String(once); twice != once {
			t.Fatalf("String(%q) = %q, but String of that = %q", s, once, twice)
		}
		if g := general(s); g != once {
			t.Fatalf("String(%q) = %q, but the general path gives %q", s, once, g)
		}
	})
}

// BenchmarkString folds an English line through String (the ASCII
// path) and through the general path, and a French line.
func BenchmarkString(b *testing.B) {
	english := "The council said its systems were taken offline on Tuesday after the attack."
	for _, tc := range []struct {
		name string
		f    func(string) string
		s    string
	}{
		{"ascii", String, english},
		{"ascii-general", general, english},
		{"accented", String, "Le conseil a déclaré que ses systèmes étaient hors ligne après l'attaque."},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				tc.f(tc.s)
			}
		})
	}
}

// FuzzWords checks Words and Key against their plain definitions: Words
// is words of String, Key is Words with strings.NewReplacer's digraphs.
func FuzzWords(f *testing.F) {
	for _, s := range []string{"Plain ASCII Text, 42!", "already clean words", " lead", "trail ", "two  spaces", "Douvres Été",
		"Stoerungen Muellheizkraftwerk aee oae uee", "ae", "e", "", "AE-OE\tue", "x\x00y", "Kölner Ärzte"} {
		f.Add(s)
	}
	replacer := strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")
	f.Fuzz(func(t *testing.T, s string) {
		want := words(String(s))
		if got := Words(s); got != want {
			t.Fatalf("Words(%q) = %q, want %q", s, got, want)
		}
		if got, want := Key(s), replacer.Replace(want); got != want {
			t.Fatalf("Key(%q) = %q, want %q", s, got, want)
		}
		if got, want := digraphs(s), replacer.Replace(s); got != want {
			t.Fatalf("digraphs(%q) = %q, want %q", s, got, want)
		}
	})
}
