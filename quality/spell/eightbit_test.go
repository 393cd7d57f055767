package spell

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// libhunspell 1.7 shares one case table among the UTF-8 dictionaries of a
// process and gives back a count of it for every handle it destroys, also
// for an 8-bit dictionary that never took one. Closing 8-bit dictionaries
// must therefore not free the table under a UTF-8 dictionary still open:
// that one would then refuse every capitalised word.
func TestClosingEightBitDictionariesKeepsUTF8Capitals(t *testing.T) {
	utf := openDict(t, writeDict(t, "xx_XX", "SET UTF-8\n", "2\nthis\nchair\n", nil), "xx_XX")
	if got := utf.Misspelled("xx_XX", "This chair"); len(got) != 0 {
		t.Fatalf("before: %q reported", got)
	}
	for i := range 6 {
		dir := writeDict(t, "yy_YY", "SET ISO8859-1\n", fmt.Sprintf("1\nwort%d\n", i), charmap.ISO8859_1)
		c, err := Open(dir, []string{"yy_YY"})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Misspelled("yy_YY", fmt.Sprintf("Wort%d", i)); len(got) != 0 {
			t.Errorf("8-bit dictionary %d: %q reported", i, got)
		}
		c.Close()
	}
	if got := utf.Misspelled("xx_XX", "This chair"); len(got) != 0 {
		t.Errorf("after closing 8-bit dictionaries: %q reported as misspelled", got)
	}
}

// An 8-bit dictionary stays usable after Close through any checker that
// opened it again, and a changed file on disk is read again.
func TestEightBitDictionaryOpenedAgain(t *testing.T) {
	dir := writeDict(t, "yy_YY", "SET ISO8859-1\n", "1\nstraße\n", charmap.ISO8859_1)
	first, err := Open(dir, []string{"yy_YY"})
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	again := openDict(t, dir, "yy_YY")
	if got := again.Misspelled("yy_YY", "Straße"); len(got) != 0 {
		t.Errorf("opened again: %q reported", got)
	}
	updated, err := charmap.ISO8859_1.NewEncoder().String("2\nstraße\nbrücke\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "yy_YY.dic"), []byte(updated), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := openDict(t, dir, "yy_YY").Misspelled("yy_YY", "Straße Brücke"); len(got) != 0 {
		t.Errorf("after the word list changed on disk: %q reported", got)
	}
}
