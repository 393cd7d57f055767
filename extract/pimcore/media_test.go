package pimcore

import (
	"encoding/json"
	"strings"
	"testing"

	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/transform"
)

// An image field mapped with kind media reads its asset's full path as the
// media reference; an empty field (null) has no value; anything but an asset
// is an error naming the value.
func TestImageFieldIsMedia(t *testing.T) {
	m := newMapper(api.Settings{Class: "Product", IdentifierField: "sku",
		Fields: map[string]api.Field{"image": {Attribute: "image", Kind: api.KindMedia}}})
	const base = `{"id":"7","modificationDate":1714521601,"published":true,"sku":"SKU-7","image":%s}`
	read := func(image string) (transform.Product, error) {
		r, err := m.node(json.RawMessage(strings.Replace(base, "%s", image, 1)))
		if err != nil {
			return transform.Product{}, err
		}
		var p transform.Product
		return p, json.Unmarshal(r.Payload, &p)
	}
	p, err := read(`{"fullpath":"/products/sku-7.jpg"}`)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := p.Get("image", "", ""); !ok || v.Kind != transform.KindMedia || v.Text != "/products/sku-7.jpg" {
		t.Errorf("image read as %+v (%v); want media /products/sku-7.jpg", v, ok)
	}
	if p, err := read(`null`); err != nil {
		t.Fatal(err)
	} else if v, ok := p.Get("image", "", ""); ok {
		t.Errorf("an empty image field read as %+v", v)
	}
	if _, err := read(`"sku-7.jpg"`); err == nil || !strings.Contains(err.Error(), "sku-7.jpg") {
		t.Errorf("a string in an image field: %v; want an error naming it", err)
	}
	if got := m.s.FieldSelection("image", ""); got != "image { fullpath }" {
		t.Errorf("image is selected as %q; want its asset's fullpath", got)
	}
}
