// Package dicttest lets tests depend on the FreeDict dictionaries that
// .ci/run installs: a test whose result depends on them is skipped when
// they are missing, except under CI=true, where it fails.
package dicttest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/casefile/casefile/internal/dict"
)

// Sample are the dictionaries the bundled sample (English, German and
// French) is linked with; golden files of the sample are written with
// them.
var Sample = []string{"freedict-deu-eng", "freedict-fra-eng", "freedict-eng-fra"}

// Require skips t unless each named dictionary ("freedict-deu-eng") is
// in dict.Dir(), or fails t under CI=true.
func Require(t testing.TB, names ...string) {
	t.Helper()
	dir := dict.Dir()
	for _, name := range names {
		p := filepath.Join(dir, name+".index")
		if _, err := os.Stat(p); dir == "" || err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("dictionary %s missing in %q (.ci/run installs dict-freedict-*)", name, dir)
			}
			t.Skipf("skipping: dictionary %s missing in %q (apt-get install dict-freedict-...)", name, dir)
		}
	}
}
