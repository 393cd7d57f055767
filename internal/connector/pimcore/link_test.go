package pimcore

import (
	"net/url"
	"testing"
)

func TestProductLink(t *testing.T) {
	base := url.URL{Scheme: "https", Host: "pimcore.example.com", Path: "/"}
	for id, want := range map[string]string{
		"123": "https://pimcore.example.com/admin/login/deeplink?object_123_object",
		"0":   "", "x1": "", "1&object_2": "",
	} {
		if got := Kind().ProductLink(base, nil, id); got != want {
			t.Errorf("link of %q = %q, want %q", id, got, want)
		}
	}
}
