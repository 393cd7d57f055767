package spell

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// writeDict writes name.aff and name.dic into a new folder and returns it;
// with cs the text is written in that character set, as 8-bit hunspell
// dictionaries are.
func writeDict(t testing.TB, name, aff, dic string, cs *charmap.Charmap) string {
	t.Helper()
	dir := t.TempDir()
	for ext, body := range map[string]string{".aff": aff, ".dic": dic} {
		if cs != nil {
			var err error
			if body, err = cs.NewEncoder().String(body); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name+ext), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// openDict opens the dictionary in dir for locale and closes it at the
// test's end.
func openDict(t testing.TB, dir, locale string) *Checker {
	t.Helper()
	c, err := Open(dir, []string{locale})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// Some dictionaries are not UTF-8 (SET ISO8859-1, ISO8859-15, KOI8-R):
// libhunspell then compares bytes in that encoding, so each word is
// converted before the look-up. A word with a character the encoding lacks
// cannot be in the dictionary and is reported.
func TestEightBitDictionaries(t *testing.T) {
	for _, tc := range []struct {
		set       string
		cs        *charmap.Charmap
		dic, good string
		bad       string
	}{
		{"ISO8859-1", charmap.ISO8859_1, "Straße\nZürich\ncafé\n", "Straße Zürich café CAFÉ", "Strasse Łódź ca€fé"},
		{"ISO8859-15", charmap.ISO8859_15, "œuvre\nÉté\n", "œuvre Œuvre Été", "oeuvre ŝuvre"},
		{"KOI8-R", charmap.KOI8R, "привет\nмир\n", "привет Мир", "превет mir"},
	} {
		t.Run(tc.set, func(t *testing.T) {
			words := strings.Count(tc.dic, "\n")
			dir := writeDict(t, "xx_XX", "SET "+tc.set+"\n", strconv.Itoa(words)+"\n"+tc.dic, tc.cs)
			c := openDict(t, dir, "xx_XX")
			if got := c.Misspelled("xx_XX", tc.good); len(got) != 0 {
				t.Errorf("%s: known words reported: %q", tc.set, got)
			}
			if got := strings.Join(c.Misspelled("xx_XX", tc.bad), " "); got != tc.bad {
				t.Errorf("%s: misspelled %q, want %q", tc.set, got, tc.bad)
			}
		})
	}
}

// A dictionary in an encoding steward cannot convert words to is refused at
// Open, naming the encoding and the file, rather than checked wrongly.
func TestUnknownDictionaryEncoding(t *testing.T) {
	dir := writeDict(t, "xx_XX", "SET ISCII-DEVANAGARI\n", "1\nword\n", nil)
	_, err := Open(dir, []string{"xx_XX"})
	if err == nil || !strings.Contains(err.Error(), "ISCII-DEVANAGARI") || !strings.Contains(err.Error(), filepath.Join(dir, "xx_XX.aff")) {
		t.Fatalf("dictionary in ISCII: %v", err)
	}
}

// The names hunspell's SET takes map to the character sets words are
// converted to.
func TestCharsetNames(t *testing.T) {
	for name, want := range map[string]*charmap.Charmap{
		"UTF-8": nil, "utf-8": nil, "ISO8859-1": charmap.ISO8859_1, "ISO8859-2": charmap.ISO8859_2,
		"ISO8859-15": charmap.ISO8859_15, "KOI8-R": charmap.KOI8R, "KOI8-U": charmap.KOI8U,
		"microsoft-cp1251": charmap.Windows1251,
	} {
		if got, err := charsetOf(name); err != nil || got != want {
			t.Errorf("SET %s: %v, %v", name, got, err)
		}
	}
	if _, err := charsetOf("X-NONE"); err == nil || !strings.Contains(err.Error(), "X-NONE") {
		t.Errorf("SET X-NONE: %v", err)
	}
}

// libhunspell takes a C string: a NUL inside a word would cut it short
// ("oak" accepted for "oak\x00zz"), so such a word, like one that is not
// valid UTF-8, is unknown without a look-up.
func TestWordsLibhunspellCannotTake(t *testing.T) {
	dir := writeDict(t, "xx_XX", "SET UTF-8\n", "2\noak\nchair\n", nil)
	c := openDict(t, dir, "xx_XX")
	for _, w := range []string{"oak\x00zz", "oa\x01k", "oak\xffen", "oa\u007fk"} {
		if got := c.Misspelled("xx_XX", w); len(got) != 1 || got[0] != w {
			t.Errorf("%q: misspelled %q, want the word itself", w, got)
		}
	}
	if got := c.Misspelled("xx_XX", "oak chair"); len(got) != 0 {
		t.Errorf("known words reported: %q", got)
	}
}

// Without the word count on its first line libhunspell loads a .dic as
// empty and reports every word; Open says what is wrong instead.
func TestWordListWithoutCount(t *testing.T) {
	dir := writeDict(t, "xx_XX", "SET UTF-8\n", "oak\nchair\n", nil)
	_, err := Open(dir, []string{"xx_XX"})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "xx_XX.dic")+":1") || !strings.Contains(err.Error(), "word count") {
		t.Fatalf(".dic without its count: %v", err)
	}
	for _, first := range []string{"2\n", "\ufeff2\n", "2 words\n"} {
		dir := writeDict(t, "xx_XX", "SET UTF-8\n", first+"oak\nchair\n", nil)
		openDict(t, dir, "xx_XX")
	}
}
