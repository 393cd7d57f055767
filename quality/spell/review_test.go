package spell

import (
	"strings"
	"testing"
	"time"
)

// German capitals write ß as SS; hunspell's CHECKSHARPS (set in Debian's
// de_DE.aff) accepts STRASSE for Straße. Product titles in capitals are
// common; hunspell 1.7 accepts all three words below.
func TestCheckSharpsCapitals(t *testing.T) {
	c := system(t)
	for _, w := range []string{"STRASSE", "GRÖSSE", "FUSSBALL"} {
		if bad := c.Misspelled("de_DE", w); len(bad) > 0 {
			t.Errorf("de_DE %q reported as misspelled; hunspell accepts it (CHECKSHARPS)", w)
		}
	}
}

// One long run of letters in a text attribute (a pasted slug, a CJK
// sentence without spaces) must not stall the quality stage: a compound
// search is super-quadratic in the word's length, and libhunspell refuses
// words of 300 bytes or more (MAXWORDUTF8LEN) without one.
func TestLongWordIsQuick(t *testing.T) {
	c := system(t)
	start := time.Now()
	c.Misspelled("de_DE", strings.Repeat("a", 4000))
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("checking one 4,000-letter word took %v", d)
	}
}
