package salsify

import (
	"net/url"
	"testing"

	api "github.com/stewardhq/steward/internal/api/salsify"
)

func TestProductLink(t *testing.T) {
	base := url.URL{Scheme: "https", Host: "app.salsify.com"}
	s := api.Settings{OrgID: "s-6d2c6f1e-0c84-4d3b-8c53-2f0c9c0b7e55"}
	want := "https://app.salsify.com/app/orgs/s-6d2c6f1e-0c84-4d3b-8c53-2f0c9c0b7e55/products/SKU%201%2F2"
	if got := Kind().ProductLink(base, s, "SKU 1/2"); got != want {
		t.Errorf("link %q, want %q", got, want)
	}
	if got := Kind().ProductLink(base, api.Settings{}, "SKU-1"); got != "" {
		t.Errorf("link without an org id: %q", got)
	}
}
