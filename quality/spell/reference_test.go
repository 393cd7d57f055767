package spell

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAgreesWithHunspell compares the checker with the verdicts hunspell
// 1.7.1 itself gave on words drawn from each dictionary: roots, roots with
// a suffix, transposed letters and run-together words (testdata).
func TestAgreesWithHunspell(t *testing.T) {
	c := system(t)
	for _, loc := range []string{"en_US", "de_DE", "fr_FR"} {
		f, err := os.Open(filepath.Join("testdata", "reference_"+loc+".tsv"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			word, verdict, ok := strings.Cut(sc.Text(), "\t")
			if strings.HasPrefix(word, "#") {
				continue
			}
			if !ok {
				t.Fatalf("reference_%s.tsv:%d: no verdict", loc, line)
			}
			if bad := len(c.Misspelled(loc, word)) > 0; bad != (verdict == "bad") {
				t.Errorf("reference_%s.tsv:%d: %s %q, hunspell says %s", loc, line, loc, word, verdict)
			}
		}
		f.Close()
	}
}
