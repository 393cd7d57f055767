// Package spell finds misspelled words in product texts with the hunspell
// dictionaries Debian ships (hunspell-en-us, hunspell-de-de, hunspell-fr
// install them under /usr/share/hunspell). It reads the .aff and .dic files
// itself: affix rules with conditions and continuation classes, the FLAG
// modes, NEEDAFFIX, ONLYINCOMPOUND, FORBIDDENWORD, the compound flags German
// relies on, CHECKSHARPS and ICONV; suggestions are not made. Options these
// dictionaries set that are not read: KEEPCASE (a word so flagged is also
// accepted in other cases), CIRCUMFIX (affixes needing each other are
// accepted alone), COMPOUNDRULE (en_US's ordinal numbers; numbers are not
// checked), COMPOUNDPERMITFLAG, FULLSTRIP, WORDCHARS, BREAK, OCONV and the
// suggestion options (TRY, MAP, KEY, NOSUGGEST). Words of 300 bytes or more
// are misspelled without a look-up, as in hunspell 1.7.
package spell

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DefaultDir is where Debian's hunspell packages put their dictionaries.
const DefaultDir = "/usr/share/hunspell"

// Checker checks texts in the locales it was opened for. It is safe for
// concurrent use.
type Checker struct {
	dicts map[string]*dictionary
	allow map[string]bool
}

// Open reads the dictionaries of locales (steward's locale codes such as
// en_US, de_DE, fr_FR) from dir. A missing dictionary is an error naming
// the file and the Debian package that ships it.
func Open(dir string, locales []string) (*Checker, error) {
	c := &Checker{dicts: map[string]*dictionary{}, allow: map[string]bool{}}
	for _, loc := range locales {
		d, err := openLocale(dir, loc)
		if err != nil {
			return nil, err
		}
		c.dicts[loc] = d
	}
	return c, nil
}

// openLocale reads <locale>.aff and .dic, or those of the language alone
// (fr.aff for fr_FR) where only they exist.
func openLocale(dir, locale string) (*dictionary, error) {
	base, err := dictBase(dir, locale)
	if err != nil {
		return nil, fmt.Errorf("open %w", err)
	}
	af, err := readFile(base+".aff", func(f *os.File) (*affFile, error) { return readAff(f, base+".aff") })
	if err != nil {
		return nil, fmt.Errorf("open spelling dictionary for %s: %w", locale, err)
	}
	words, err := readFile(base+".dic", func(f *os.File) (map[string][]flags, error) { return readDic(f, base+".dic", af) })
	if err != nil {
		return nil, fmt.Errorf("open spelling dictionary for %s: %w", locale, err)
	}
	return &dictionary{aff: af, words: words}, nil
}

func readFile[T any](path string, read func(*os.File) (T, error)) (T, error) {
	f, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return read(f)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// Package names the Debian package shipping the dictionary of locale.
func Package(locale string) string {
	lang, _, _ := strings.Cut(locale, "_")
	if lang == "fr" {
		return "hunspell-fr"
	}
	return "hunspell-" + strings.ToLower(strings.ReplaceAll(locale, "_", "-"))
}

// Locales lists the locales the checker was opened for.
func (c *Checker) Locales() []string {
	out := make([]string, 0, len(c.dicts))
	for loc := range c.dicts {
		out = append(out, loc)
	}
	return out
}

// WithAllowed returns a checker that also accepts words (brand names, line
// names), compared without regard to case; c is unchanged.
func (c *Checker) WithAllowed(words ...string) *Checker {
	out := &Checker{dicts: c.dicts, allow: make(map[string]bool, len(c.allow)+len(words))}
	for w := range c.allow {
		out.allow[w] = true
	}
	for _, w := range words {
		out.allow[strings.ToLower(w)] = true
	}
	return out
}

// Check returns the words of text that locale's dictionary does not know,
// in text order, once per occurrence. It skips numbers, codes with digits,
// units, URLs and e-mail addresses, acronyms of up to four capitals, and
// allowed words. A locale the checker was not opened for is an error.
func (c *Checker) Check(locale, text string) ([]string, error) {
	d, ok := c.dicts[locale]
	if !ok {
		return nil, fmt.Errorf("check spelling in %s: no dictionary opened for it", locale)
	}
	var out []string
	for _, w := range words(text) {
		if !c.allow[strings.ToLower(w)] && !d.knownAnyCase(d.convert(w)) {
			out = append(out, w)
		}
	}
	return out, nil
}

// Misspelled returns the unknown words of text as Check does; for a locale
// the checker was not opened for it returns every word, so that a missing
// dictionary shows rather than passing silently.
func (c *Checker) Misspelled(locale, text string) []string {
	out, err := c.Check(locale, text)
	if err != nil {
		return words(text)
	}
	return out
}

// Available checks that dir holds the dictionary of locale without reading
// it: a missing file is an error naming it and the Debian package that
// ships it, as Open reports it.
func Available(dir, locale string) error {
	_, err := dictBase(dir, locale)
	return err
}

// dictBase is the path of locale's .aff and .dic files without extension:
// <locale> or, where only they exist, the language's alone (fr for fr_FR).
func dictBase(dir, locale string) (string, error) {
	base := filepath.Join(dir, locale)
	if lang, _, ok := strings.Cut(locale, "_"); ok && !exists(base+".aff") && !exists(base+".dic") {
		if l := filepath.Join(dir, lang); exists(l+".aff") || exists(l+".dic") {
			base = l
		}
	}
	for _, ext := range []string{".aff", ".dic"} {
		if !exists(base + ext) {
			return "", fmt.Errorf("spelling dictionary for %s: %s does not exist (install the Debian package %s)",
				locale, base+ext, Package(locale))
		}
	}
	return base, nil
}
