// Package spell finds misspelled words in product texts with the hunspell
// dictionaries Debian ships (hunspell-en-us, hunspell-de-de, hunspell-fr
// install them under /usr/share/hunspell), looked up by libhunspell itself
// through cgo (Debian's libhunspell-dev has the headers and pkg-config file
// the build needs; libhunspell-1.7-0 is needed at run time). What is
// steward's own is around the look-up: splitting a text into words,
// skipping numbers, codes, units, addresses, acronyms and allowed words,
// converting each word to the dictionary's encoding, and naming the file
// and the Debian package of a missing dictionary. Suggestions are not made.
package spell

import (
	"fmt"
	"strings"
)

// DefaultDir is where Debian's hunspell packages put their dictionaries.
const DefaultDir = "/usr/share/hunspell"

// Checker checks texts in the locales it was opened for. It is safe for
// concurrent use: each locale's libhunspell handle is used by one goroutine
// at a time (the others wait). The handles are freed by Close or, without
// it, once the checker and every checker derived from it with WithAllowed
// are unreachable.
type Checker struct {
	dicts map[string]*dictionary
	allow map[string]bool
}

// Open loads the dictionaries of locales (steward's locale codes such as
// en_US, de_DE, fr_FR) from dir into libhunspell. A missing dictionary is
// an error naming the file and the Debian package that ships it; so is a
// .dic file without its word count, which libhunspell would load as empty.
func Open(dir string, locales []string) (*Checker, error) {
	c := &Checker{dicts: map[string]*dictionary{}, allow: map[string]bool{}}
	for _, loc := range locales {
		d, err := openLocale(dir, loc)
		if err != nil {
			c.Close()
			return nil, err
		}
		c.dicts[loc] = d
	}
	return c, nil
}

// openLocale loads <locale>.aff and .dic, or those of the language alone
// (fr.aff for fr_FR) where only they exist.
func openLocale(dir, locale string) (*dictionary, error) {
	base, err := dictBase(dir, locale)
	if err != nil {
		return nil, fmt.Errorf("open %w", err)
	}
	if err := checkFiles(base); err != nil {
		return nil, fmt.Errorf("open spelling dictionary for %s: %w", locale, err)
	}
	d, err := openDictionary(base)
	if err != nil {
		return nil, fmt.Errorf("open spelling dictionary for %s: %w", locale, err)
	}
	return d, nil
}

// Close frees the libhunspell handles now. It closes the dictionaries the
// checkers derived with WithAllowed share too; checking afterwards is an
// error. It is safe to call more than once.
func (c *Checker) Close() {
	for _, d := range c.dicts {
		d.close()
	}
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
// names), compared without regard to case; c is unchanged. Both share the
// dictionaries.
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
// allowed words. A word with a character the dictionary's encoding lacks
// (a "€" for an ISO8859-1 dictionary) or that is not valid UTF-8 is
// unknown. A locale the checker was not opened for, or a closed checker,
// is an error.
func (c *Checker) Check(locale, text string) ([]string, error) {
	d, ok := c.dicts[locale]
	if !ok {
		return nil, fmt.Errorf("check spelling in %s: no dictionary opened for it", locale)
	}
	var out []string
	for _, w := range words(text) {
		if c.allow[strings.ToLower(w)] {
			continue
		}
		known, err := d.known(w)
		if err != nil {
			return nil, fmt.Errorf("check spelling in %s: %w", locale, err)
		}
		if !known {
			out = append(out, w)
		}
	}
	return out, nil
}

// Misspelled returns the unknown words of text as Check does; where Check
// fails (a locale the checker was not opened for, a closed checker) it
// returns every word, so that a missing dictionary shows rather than
// passing silently.
func (c *Checker) Misspelled(locale, text string) []string {
	out, err := c.Check(locale, text)
	if err != nil {
		return words(text)
	}
	return out
}
