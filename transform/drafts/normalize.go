package drafts

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalize returns a text as the checks read it: format characters (zero
// width spaces, soft hyphens) removed, vulgar fractions written a⁄b and joined
// to a whole number before them with "+" (1½ reads 1+1⁄2, not 11⁄2), then NFKC,
// so fullwidth letters, digits and punctuation read as their plain forms.
func normalize(s string) string {
	var b strings.Builder
	digitBefore := false
	for _, r := range s {
		if unicode.Is(unicode.Cf, r) {
			continue
		}
		if unicode.Is(unicode.No, r) {
			if d := norm.NFKC.String(string(r)); strings.ContainsRune(d, '⁄') {
				if digitBefore {
					b.WriteByte('+')
				}
				b.WriteString(d)
				digitBefore = false
				continue
			}
		}
		b.WriteRune(r)
		digitBefore = unicode.IsDigit(r)
	}
	return norm.NFKC.String(b.String())
}

// foreignDigits flags a number written with digits other than 0-9 (after
// NFKC, which maps fullwidth and similar forms to 0-9): a reviewer and the
// number check could not read it.
func foreignDigits(t string) error {
	i := strings.IndexFunc(t, func(r rune) bool { return unicode.IsNumber(r) && (r < '0' || r > '9') })
	if i < 0 {
		return nil
	}
	inNumber := func(r rune) bool { return unicode.IsNumber(r) || r == '.' || r == ',' }
	s := strings.LastIndexFunc(t[:i], func(r rune) bool { return !inNumber(r) }) + 1
	e := strings.IndexFunc(t[i:], func(r rune) bool { return !inNumber(r) })
	if e < 0 {
		e = len(t) - i
	}
	n := strings.TrimRight(t[s:i+e], ".,")
	return fmt.Errorf("the draft writes a number in digits other than 0-9 (%s); only 0-9 can be checked against the facts", n)
}

// scripts are the alphabets whose letters look alike; a word mixing them
// ("Ignоre" with a Cyrillic о) hides a word from the checks.
var scripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek},
	{"Armenian", unicode.Armenian}, {"Cherokee", unicode.Cherokee}, {"Coptic", unicode.Coptic},
	{"Georgian", unicode.Georgian}, {"Arabic", unicode.Arabic}, {"Hebrew", unicode.Hebrew},
}

// mixedScripts flags the first word whose letters come from two of scripts.
func mixedScripts(t string) error {
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		first := -1
		for _, r := range w {
			if r == 'μ' { // micro sign after NFKC: µm, µl
				continue
			}
			for i, s := range scripts {
				if !unicode.Is(s.table, r) {
					continue
				}
				if first >= 0 && i != first {
					return fmt.Errorf("the draft contains a word mixing scripts (%s: %s and %s), which can hide a word from the checks",
						w, scripts[first].name, s.name)
				}
				first = i
				break
			}
		}
	}
	return nil
}
