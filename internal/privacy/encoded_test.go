package privacy

import (
	"strings"
	"testing"
)

// TestTextReplacesURLEncodedLearnedValues: a learned value quoted inside an
// address (an alternate key, a filter, a page link in an error) travels
// URL-encoded; Text replaces it there too, by the value's own token.
func TestTextReplacesURLEncodedLearnedValues(t *testing.T) {
	p := New("k-0123456789")
	p.Learn("Max Mustermann", "max@example.com")
	for _, s := range []string{
		"PATCH https://org.example/api/data/v9.2/contacts(emailaddress1='max%40example.com'): 412",
		"https://x.example/q?name=Max%20Mustermann&page=2",
		"https://x.example/q?name=Max+Mustermann",
	} {
		got := p.Text(s)
		for _, v := range []string{"max%40example.com", "Max%20Mustermann", "Max+Mustermann", "Mustermann"} {
			if strings.Contains(got, v) {
				t.Errorf("Text(%q) = %q keeps %q", s, got, v)
			}
		}
		if !strings.Contains(got, p.Token("max@example.com")) && !strings.Contains(got, p.Token("Max Mustermann")) {
			t.Errorf("Text(%q) = %q carries neither value's token", s, got)
		}
	}
}
