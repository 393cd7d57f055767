package akeneo

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// listCodes follows a listing's next links from path and returns its items by code.
func listCodes(t *testing.T, get func(string) (int, string), path string) map[string]any {
	t.Helper()
	out := map[string]any{}
	for link := path; link != ""; {
		status, body := get(link)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", link, status, body)
		}
		var page struct {
			Links struct {
				Next *struct{ Href string } `json:"next"`
			} `json:"_links"`
			Embedded struct {
				Items []map[string]any `json:"items"`
			} `json:"_embedded"`
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatalf("GET %s: %v", link, err)
		}
		for _, it := range page.Embedded.Items {
			out[it["code"].(string)] = it
		}
		link = ""
		if page.Links.Next != nil {
			u, _ := url.Parse(page.Links.Next.Href)
			link = u.RequestURI()
		}
	}
	return out
}

// Locales and channels are listed like the other small resources (paged,
// authenticated), the locales filter on enabled works as filter.md shows, and
// they agree with the values the catalog's products hold.
func TestDocLocalesAndChannels(t *testing.T) {
	srv, _, _ := newDocServer(t, 30)
	get := func(p string) (int, string) {
		resp, body := authed(t, srv, "GET", p, "", "")
		return resp.StatusCode, body
	}
	for _, p := range []string{"/api/rest/v1/locales", "/api/rest/v1/channels", "/api/rest/v1/attributes"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s without a token: %v %v, want 401", p, resp.StatusCode, err)
		}
		resp.Body.Close()
		if status, body := get(p + "?limit=101"); status != http.StatusUnprocessableEntity {
			t.Errorf("GET %s?limit=101: %d %s, want 422", p, status, body)
		}
	}
	all := listCodes(t, get, "/api/rest/v1/locales?limit=1")
	enabled := listCodes(t, get, "/api/rest/v1/locales?limit=1&search="+url.QueryEscape(`{"enabled":[{"operator":"=","value":true}]}`))
	if len(all) < 2 || len(enabled) != 1 || enabled["en_US"] == nil || all["de_DE"].(map[string]any)["enabled"] != false {
		t.Errorf("locales %v, enabled %v; want en_US alone enabled among several", all, enabled)
	}
	if status, _ := get("/api/rest/v1/locales?search=" + url.QueryEscape(`{"code":[{"operator":"IN","value":["en_US"]}]}`)); status != http.StatusUnprocessableEntity {
		t.Errorf("an undocumented locale filter: %d, want 422", status)
	}
	chans := listCodes(t, get, "/api/rest/v1/channels")
	attrs := listCodes(t, get, "/api/rest/v1/attributes?limit=3")
	if len(attrs) != len(attributes) {
		t.Errorf("%d attributes listed in pages of 3, want %d", len(attrs), len(attributes))
	}
	products := listProducts(t, get)
	for _, p := range products {
		for attr, vals := range p.Values {
			if attrs[attr] == nil {
				t.Errorf("product %s has attribute %s the PIM does not list", p.UUID, attr)
			}
			for _, v := range vals {
				if v.Locale != nil && enabled[*v.Locale] == nil {
					t.Errorf("product %s: %s in locale %s, not an enabled locale", p.UUID, attr, *v.Locale)
				}
				if v.Scope != nil && (chans[*v.Scope] == nil || !slices.Contains(toStrings(chans[*v.Scope].(map[string]any)["locales"]), *v.Locale)) {
					t.Errorf("product %s: %s in channel %s, not a channel of that locale", p.UUID, attr, *v.Scope)
				}
			}
		}
	}
}

type listedProduct struct {
	UUID   string             `json:"uuid"`
	Values map[string][]value `json:"values"`
}

func listProducts(t *testing.T, get func(string) (int, string)) []listedProduct {
	t.Helper()
	status, body := get("/api/rest/v1/products-uuid?limit=100")
	var page struct {
		Embedded struct {
			Items []listedProduct `json:"items"`
		} `json:"_embedded"`
	}
	if status != http.StatusOK || json.Unmarshal([]byte(body), &page) != nil || len(page.Embedded.Items) == 0 {
		t.Fatalf("list products: %d %s", status, body)
	}
	return page.Embedded.Items
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
