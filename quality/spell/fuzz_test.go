package spell

import (
	"fmt"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// FuzzCheck feeds arbitrary text to libhunspell through a UTF-8 and an
// ISO8859-1 dictionary: no crash, no error, and every reported word is one
// of the text's words.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"oak chair", "Straße ca€fé", "oak\x00zz", "\xff\xfe", "STRASSE l’eau", "a-b/c–d"} {
		f.Add(s)
	}
	const aff, dic = "SET %s\nCHECKSHARPS\n", "3\noak\nchair\nStraße\n"
	utf := openDict(f, writeDict(f, "xx_XX", fmt.Sprintf(aff, "UTF-8"), dic, nil), "xx_XX")
	latin := openDict(f, writeDict(f, "xx_XX", fmt.Sprintf(aff, "ISO8859-1"), dic, charmap.ISO8859_1), "xx_XX")
	f.Fuzz(func(t *testing.T, text string) {
		want := words(text)
		for _, c := range []*Checker{utf, latin} {
			got, err := c.Check("xx_XX", text)
			if err != nil {
				t.Fatal(err)
			}
			if !subsequence(got, want) {
				t.Fatalf("reported %q, not among the words %q", got, want)
			}
		}
	})
}

// subsequence reports whether got lists some of want's words, in order.
func subsequence(got, want []string) bool {
	i := 0
	for _, w := range got {
		for i < len(want) && want[i] != w {
			i++
		}
		if i == len(want) {
			return false
		}
		i++
	}
	return true
}
