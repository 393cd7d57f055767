package akeneo

import (
	"net/url"
	"testing"
)

func TestProductLink(t *testing.T) {
	base := url.URL{Scheme: "https", Host: "pim.example.com"}
	want := "https://pim.example.com/#/enrich/product/0d2d2e52-4f1e-4b2a-9a8f-2b1c1f0e6a11"
	if got := Kind().ProductLink(base, nil, "0d2d2e52-4f1e-4b2a-9a8f-2b1c1f0e6a11"); got != want {
		t.Errorf("link %q, want %q", got, want)
	}
}
