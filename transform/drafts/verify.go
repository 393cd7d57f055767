package drafts

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxDraftChars bounds a draft's length.
const MaxDraftChars = 2000

var (
	numberRe = regexp.MustCompile(`\d+(?:[.,]\d+)*`)
	wordRe   = regexp.MustCompile(`[\p{L}µ]+`)
	urlRe    = regexp.MustCompile(`(?i)https?://|www\.|\.com\b|\.io\b`)
)

// knownUnits are words that name a unit; a draft may use one only when the
// facts carry it.
var knownUnits = map[string]bool{}

func init() {
	for code, sym := range unitSymbols {
		knownUnits[strings.ToLower(code)] = true
		knownUnits[strings.ToLower(sym)] = true
	}
	for _, u := range []string{"kilograms", "grams", "pounds", "meters", "centimeters", "millimeters", "liters", "inch", "inches", "oz", "kilo", "kilos", "watts", "volts", "eur", "usd", "€", "$"} {
		knownUnits[u] = true
	}
}

// Verify checks a draft against its facts: every number and every unit word in
// it must appear in the facts, it holds no link, and it is plain text of
// bounded size. The error says what is wrong.
func Verify(text string, f Facts) error {
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("the draft is empty")
	}
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxDraftChars {
		return fmt.Errorf("the draft is not valid text of at most %d characters", MaxDraftChars)
	}
	if strings.ContainsAny(text, "<>") {
		return fmt.Errorf("the draft contains markup")
	}
	if urlRe.MatchString(text) {
		return fmt.Errorf("the draft contains a link")
	}
	facts := strings.ToLower(strings.Join(values(f), " "))
	factNumbers := map[string]bool{}
	for _, n := range numberRe.FindAllString(facts, -1) {
		factNumbers[normalizeNumber(n)] = true
	}
	for _, n := range numberRe.FindAllString(text, -1) {
		if !factNumbers[normalizeNumber(n)] {
			return fmt.Errorf("the number %s is not in the product facts", n)
		}
	}
	factWords := map[string]bool{}
	for _, w := range wordRe.FindAllString(facts, -1) {
		factWords[w] = true
	}
	for _, w := range wordRe.FindAllString(strings.ToLower(text), -1) {
		if knownUnits[w] && !factWords[w] {
			return fmt.Errorf("the unit %q is not in the product facts", w)
		}
	}
	return nil
}

func values(f Facts) []string {
	out := make([]string, 0, len(f))
	for _, v := range f {
		out = append(out, v)
	}
	return out
}

// normalizeNumber makes 1,5 and 1.5 and 1.50 the same number.
func normalizeNumber(n string) string {
	n = strings.ReplaceAll(n, ",", ".")
	if strings.Contains(n, ".") {
		n = strings.TrimRight(strings.TrimRight(n, "0"), ".")
	}
	return n
}
