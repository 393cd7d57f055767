package route

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryNames maps the lower-case English names of the ISO 3166-1
// countries to their alpha-2 codes.
var countryNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() {
				continue
			}
			if n := strings.ToLower(names.Name(r)); n != "" {
				m[n] = r.String()
			}
		}
	}
	return m
})

// countryCode returns the ISO 3166-1 alpha-2 code of a country given by its
// code or its English name ("Netherlands", "the Netherlands"), since a
// CRM's country is often free text; anything else is returned trimmed.
func countryCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		return strings.ToUpper(s)
	}
	name := strings.TrimPrefix(strings.ToLower(s), "the ")
	if code, ok := countryNames()[name]; ok {
		return code
	}
	return s
}
