package spell

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A small dictionary exercising the rules the checker reads, independent of
// the installed ones: suffixes with conditions and continuation, a crossed
// prefix, NEEDAFFIX, ONLYINCOMPOUND, FORBIDDENWORD, compounds, FLAG long.
const testAff = `SET UTF-8
FLAG long
NEEDAFFIX Nx
ONLYINCOMPOUND Oo
FORBIDDENWORD Fb
COMPOUNDBEGIN Cb
COMPOUNDEND Ce
COMPOUNDMIN 3
ICONV 1
ICONV ’ '

SFX Sa Y 2
SFX Sa y ies [^aeiou]y
SFX Sa 0 s [aeiou]y

SFX Ly Y 1
SFX Ly 0 ly/Ns .

SFX Ns Y 1
SFX Ns 0 ness .

PFX Un Y 1
PFX Un 0 un .

PFX El Y 1
PFX El 0 l' [aeiou]
`

const testDic = `8
pony/Sa
toy/SaUn
quick/Ly
stem/Nx
kitchen/Cb
chair/Ce
parts/Oo
wrongword/Fb
eau/El
`

func tiny(t *testing.T) *Checker {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{"xx_XX.aff": testAff, "xx_XX.dic": testDic} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Open(dir, []string{"xx_XX"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHunspellRules(t *testing.T) {
	c := tiny(t)
	good := "pony ponies toy toys untoys quick quickly quicklyness kitchen kitchenchair Pony PONIES l'eau l’eau"
	if got := c.Misspelled("xx_XX", good); len(got) != 0 {
		t.Errorf("correct words reported: %q", got)
	}
	bad := "ponys toies unpony stem parts wrongword chairkitchen quickness l'pony"
	want := "ponys toies unpony stem parts wrongword chairkitchen quickness l'pony"
	if got := strings.Join(c.Misspelled("xx_XX", bad), " "); got != want {
		t.Errorf("misspelled %q, want %q", got, want)
	}
}

func TestBrokenAffixFile(t *testing.T) {
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "xx_XX.aff"), []byte("SET UTF-8\nSFX A Y many\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "xx_XX.dic"), []byte("1\na/A\n"), 0o644)
	_, err := Open(dir, []string{"xx_XX"})
	if err == nil || !strings.Contains(err.Error(), "xx_XX.aff:2") {
		t.Errorf("broken .aff: %v", err)
	}
	_ = os.WriteFile(filepath.Join(dir, "xx_XX.aff"), []byte("SET ISO8859-1\n"), 0o644)
	if _, err := Open(dir, []string{"xx_XX"}); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("latin-1 .aff: %v", err)
	}
}
