package connector

import (
	"net/url"
	"testing"

	"github.com/stewardhq/steward/config"
)

// TestProductLinks: the resolver finds the system's kind, hands it the base
// URL without user info, query or fragment and the system's settings, and
// says "" where no link can be built.
func TestProductLinks(t *testing.T) {
	r := NewRegistry()
	r.Register(Kind{Name: "pim", HTTP: true, ProductLink: func(base url.URL, settings any, id string) string {
		return PathLink(base, "/p/", settings.(string), id)
	}})
	r.Register(Kind{Name: "erp", HTTP: true})
	f := &config.File{Systems: map[string]config.System{
		"catalog": {Kind: "pim", BaseURL: "https://user:secret@pim.example.com/root/?token=abc#x"},
		"ledger":  {Kind: "erp", BaseURL: "https://erp.example.com"},
		"broken":  {Kind: "pim", BaseURL: "pim.example.com"},
	}}
	link := r.ProductLinks(f, Settings{"catalog": "org 1"})
	for _, c := range []struct{ system, id, want string }{
		{"catalog", "a/b c", "https://pim.example.com/root/p/org%201/a%2Fb%20c"},
		{"catalog", "", ""},
		{"ledger", "7", ""},
		{"broken", "7", ""},
		{"nowhere", "7", ""},
	} {
		if got := link(c.system, c.id); got != c.want {
			t.Errorf("link(%s, %q) = %q, want %q", c.system, c.id, got, c.want)
		}
	}
}
