package akeneo

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

func realisticServer(t *testing.T, n int) (*httptest.Server, *catalog.Catalog) {
	t.Helper()
	cat, err := catalog.NewProfile(catalog.Realistic, n, 3)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(cat, creds))
	t.Cleanup(srv.Close)
	return srv, cat
}

// getJSON GETs path and decodes the body into out.
func getJSON(t *testing.T, srv *httptest.Server, path string, out any) {
	t.Helper()
	resp, body := authed(t, srv, "GET", path, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

type listing struct {
	Embedded struct {
		Items []map[string]any `json:"items"`
	} `json:"_embedded"`
}

func TestRealisticFamiliesServeRequirements(t *testing.T) {
	srv, cat := realisticServer(t, 60)
	var l listing
	getJSON(t, srv, "/api/rest/v1/families?limit=100", &l)
	if len(l.Embedded.Items) != len(cat.Families()) {
		t.Fatalf("%d families served, the catalog has %d", len(l.Embedded.Items), len(cat.Families()))
	}
	for k, f := range cat.Families() {
		item := l.Embedded.Items[k]
		b, _ := json.Marshal(item["attribute_requirements"])
		var req map[string][]string
		_ = json.Unmarshal(b, &req)
		if item["code"] != f.Code || !reflect.DeepEqual(req, f.Requirements) || len(req) != 2 {
			t.Errorf("family %s served as %v", f.Code, item)
		}
		if labels, _ := item["labels"].(map[string]any); len(labels) != 3 {
			t.Errorf("family %s labels %v", f.Code, item["labels"])
		}
	}
}

func TestRealisticChannelsAndLocales(t *testing.T) {
	srv, _ := realisticServer(t, 10)
	var l listing
	getJSON(t, srv, "/api/rest/v1/channels", &l)
	got := map[string][]string{}
	for _, c := range l.Embedded.Items {
		got[c["code"].(string)] = toStrings(c["locales"])
	}
	if !reflect.DeepEqual(got, map[string][]string{"ecommerce": {"en_US", "de_DE", "fr_FR"}, "print": {"en_US", "de_DE"}}) {
		t.Errorf("channels %v", got)
	}
	getJSON(t, srv, "/api/rest/v1/locales?search="+url.QueryEscape(`{"enabled":[{"operator":"=","value":true}]}`), &l)
	var enabled []string
	for _, c := range l.Embedded.Items {
		enabled = append(enabled, c["code"].(string))
	}
	if !reflect.DeepEqual(enabled, []string{"de_DE", "en_US", "fr_FR"}) {
		t.Errorf("enabled locales %v", enabled)
	}
}

// served is a product or model as served, with its values decoded.
type served struct {
	Parent        *string                     `json:"parent"`
	Family        string                      `json:"family"`
	FamilyVariant string                      `json:"family_variant"`
	Values        map[string][]map[string]any `json:"values"`
}

func (s served) text(attr, locale, scope string) (string, bool) {
	for _, v := range s.Values[attr] {
		l, _ := v["locale"].(string)
		sc, _ := v["scope"].(string)
		if l == locale && sc == scope {
			d, ok := v["data"].(string)
			return d, ok
		}
	}
	return "", false
}

func TestRealisticVariantsInheritFromModels(t *testing.T) {
	srv, cat := realisticServer(t, 300)
	codes := cat.ModelCodes()
	if len(codes) == 0 {
		t.Fatal("no models in the catalog")
	}
	var models listing
	getJSON(t, srv, "/api/rest/v1/product-models?limit=100", &models)
	if len(models.Embedded.Items) != min(len(codes), 100) {
		t.Fatalf("%d models listed, the catalog has %d", len(models.Embedded.Items), len(codes))
	}
	m, _ := cat.Model(codes[0])
	var model served
	getJSON(t, srv, "/api/rest/v1/product-models/"+m.Code, &model)
	if model.Family != m.Family || model.FamilyVariant == "" || len(model.Values["name"]) != 3 || model.Values["sku"] != nil {
		t.Fatalf("model %s served as %+v", m.Code, model)
	}
	for _, i := range m.Variants {
		var p served
		getJSON(t, srv, "/api/rest/v1/products-uuid/"+cat.UUID(i), &p)
		if p.Parent == nil || *p.Parent != m.Code || p.Values["size"] == nil {
			t.Fatalf("variant %d: parent %v values %v", i, p.Parent, p.Values)
		}
		for _, loc := range []string{"en_US", "de_DE", "fr_FR"} {
			want, has := model.text("description", loc, "ecommerce")
			if got, ok := p.text("description", loc, "ecommerce"); got != want || ok != has {
				t.Errorf("variant %d %s description %q, its model's %q", i, loc, got, want)
			}
		}
	}
}

func TestRealisticImagesAndOptions(t *testing.T) {
	srv, cat := realisticServer(t, 200)
	withImage, without := 0, 0
	for i := range 200 {
		var p served
		getJSON(t, srv, "/api/rest/v1/products-uuid/"+cat.UUID(i), &p)
		img, ok := p.text("image", "", "")
		switch {
		case ok && img == cat.MediaCode(i) && strings.Count(img, "/") == 4:
			withImage++
		case !ok && p.Values["image"] == nil:
			without++
		default:
			t.Fatalf("product %d image %v", i, p.Values["image"])
		}
	}
	if withImage == 0 || without != cat.Planted().MissingImage {
		t.Errorf("%d products with an image, %d without; planted without %d", withImage, without, cat.Planted().MissingImage)
	}
	var l listing
	getJSON(t, srv, "/api/rest/v1/attributes/size/options?limit=100", &l)
	if len(l.Embedded.Items) != len(catalog.Sizes) {
		t.Errorf("%d size options", len(l.Embedded.Items))
	}
}

func TestRealisticWritesValidateAgainstProfile(t *testing.T) {
	srv, cat := realisticServer(t, 10)
	line := func(values string) string {
		return `{"identifier":"` + cat.SKU(0) + `","values":` + values + "}\n"
	}
	cases := []struct{ values, want string }{
		{`{"description":[{"locale":"de_DE","scope":"print","data":"Aus Stahl."}]}`, `"status_code":204`},
		{`{"size":[{"locale":null,"scope":null,"data":"m"}]}`, `"status_code":204`},
		{`{"size":[{"locale":null,"scope":null,"data":"huge"}]}`, `The option \"huge\" does not exist`},
		{`{"description":[{"locale":"it_IT","scope":"print","data":"x"}]}`, `expects an existing and activated locale`},
	}
	for _, tc := range cases {
		resp, body := authed(t, srv, "PATCH", "/api/rest/v1/products", "application/vnd.akeneo.collection+json", line(tc.values))
		if resp.StatusCode != 200 || !strings.Contains(body, tc.want) {
			t.Errorf("PATCH %s: %d %s, want %s", tc.values, resp.StatusCode, body, tc.want)
		}
	}
}
