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
