package spell

import (
	"strings"
	"unicode"
)

// units are unit symbols and abbreviations product texts use; they are not
// words of any dictionary.
var units = map[string]bool{
	"mm": true, "cm": true, "dm": true, "m": true, "km": true, "mg": true, "g": true, "kg": true, "t": true,
	"ml": true, "cl": true, "dl": true, "l": true, "w": true, "kw": true, "v": true, "mah": true, "ah": true,
	"hz": true, "khz": true, "mhz": true, "ghz": true, "db": true, "lbs": true, "lb": true, "oz": true,
	"in": true, "ft": true, "gb": true, "tb": true, "mb": true, "kb": true, "°c": true, "°f": true,
}

// words splits text into the words to check: tokens between spaces with
// surrounding punctuation trimmed, split further at hyphens and slashes.
func words(text string) []string {
	var out []string
	for _, tok := range strings.Fields(text) {
		if isAddress(tok) {
			continue
		}
		tok = strings.ReplaceAll(tok, "’", "'")
		for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '/' || r == '–' }) {
			w := strings.TrimFunc(part, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
			if checkable(w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// isAddress reports URLs, bare www. hosts and e-mail addresses.
func isAddress(tok string) bool {
	t := strings.ToLower(strings.Trim(tok, "()<>[]\"'.,;:"))
	return strings.Contains(t, "://") || strings.HasPrefix(t, "www.") || (strings.Contains(t, "@") && strings.Contains(t, "."))
}

// checkable says whether w is a word to look up: not a number, code or
// unit, not a single letter, not an acronym.
func checkable(w string) bool {
	if len([]rune(w)) < 2 || units[strings.ToLower(w)] {
		return false
	}
	if strings.IndexFunc(w, unicode.IsNumber) >= 0 {
		return false
	}
	return !(len([]rune(w)) <= 4 && strings.ToUpper(w) == w)
}

// knownAnyCase looks word up as written and in the case variants hunspell
// accepts: a capitalized word may be a lower-case one at a sentence start,
// a word in capitals any of its forms.
func (d *dictionary) knownAnyCase(word string) bool {
	if len(word) >= maxWordBytes {
		return false
	}
	if d.known(word) {
		return true
	}
	lower := strings.ToLower(word)
	r := []rune(lower)
	title := string(unicode.ToUpper(r[0])) + string(r[1:])
	switch word {
	case title:
		return d.known(lower)
	case strings.ToUpper(word):
		return d.known(lower) || d.known(title) || d.knownSharps(lower)
	}
	return false
}

// maxSharps is how many of a word's "ss" CHECKSHARPS tries as "ß", as
// hunspell does (MAX_SHARPS).
const maxSharps = 5

// knownSharps reports whether lower, a word written in capitals, is known
// in lower case or capitalized with some of its "ss" read as "ß", when the
// dictionary sets CHECKSHARPS (STRASSE for Straße).
func (d *dictionary) knownSharps(lower string) bool {
	if !d.aff.checkSharps || !strings.Contains(lower, "ss") {
		return false
	}
	return d.sharps(lower, 0, 0)
}

// sharps tries w with each "ss" from byte at on read as "ß" or kept, n
// having been replaced already.
func (d *dictionary) sharps(w string, at, n int) bool {
	i := strings.Index(w[at:], "ss")
	if i < 0 || n >= maxSharps {
		return n > 0 && d.knownLowerOrTitle(w)
	}
	i += at
	return d.sharps(w[:i]+"ß"+w[i+2:], i+len("ß"), n+1) || d.sharps(w, i+2, n)
}

// knownLowerOrTitle looks up a lower-case word and its capitalized form.
func (d *dictionary) knownLowerOrTitle(lower string) bool {
	r := []rune(lower)
	return d.known(lower) || d.known(string(unicode.ToUpper(r[0]))+string(r[1:]))
}
