package connector

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
)

// TestReviewProductLinkHostileBase: a base_url that is not a plain http(s)
// address (javascript:, data:, a scheme in capitals, no host, a protocol-
// relative address) yields no link, and one carrying credentials yields a
// link without them.
func TestReviewProductLinkHostileBase(t *testing.T) {
	r := NewRegistry()
	r.Register(Kind{Name: "pim", HTTP: true, ProductLink: func(base url.URL, _ any, id string) string {
		return PathLink(base, "/#/enrich/product/", id)
	}})
	bases := map[string]string{
		"js":       "javascript:alert(1)//pim.example.com",
		"jscaps":   "JavaScript://pim.example.com/%0aalert(1)",
		"data":     "data:text/html,<script>alert(1)</script>",
		"nohost":   "https:pim.example.com",
		"relative": "//pim.example.com",
		"creds":    "HTTPS://robot:s3cret@pim.example.com:8443/pim?access_token=t0k#frag",
	}
	f := &config.File{Systems: map[string]config.System{}}
	for name, base := range bases {
		f.Systems[name] = config.System{Kind: "pim", BaseURL: base}
	}
	link := r.ProductLinks(f, Settings{})
	for name := range bases {
		got := link(name, "0b5e-uuid")
		if name == "creds" {
			if got != "https://pim.example.com:8443/pim/#/enrich/product/0b5e-uuid" {
				t.Errorf("%s: link %q", name, got)
			}
			continue
		}
		if got != "" {
			t.Errorf("%s: base %q gives link %q, want none", name, bases[name], got)
		}
	}
	for _, secret := range []string{"s3cret", "robot", "t0k"} {
		if strings.Contains(link("creds", "x"), secret) {
			t.Errorf("link carries %s", secret)
		}
	}
}
