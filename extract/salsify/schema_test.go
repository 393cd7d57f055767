package salsify

import (
	"reflect"
	"testing"

	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/quality"
)

// TestSchemaOfRequiredProperties: the required properties' attributes are
// required of every product on their channel, in the locales of the
// required properties mapped there.
func TestSchemaOfRequiredProperties(t *testing.T) {
	s := api.Settings{Properties: []api.Property{
		{Property: "Name EN", Attribute: "name", Locale: "en_US", Kind: "text", Required: true},
		{Property: "Name DE", Attribute: "name", Locale: "de_DE", Kind: "text", Required: true},
		{Property: "Web Description EN", Attribute: "description", Locale: "en_US", Channel: "ecommerce", Kind: "text", Required: true},
		{Property: "GTIN", Attribute: "ean", Kind: "text", Required: true},
		{Property: "Color", Attribute: "color", Kind: "option"},
	}}
	sc := SchemaOf(s)
	fam := sc.Families[quality.AnyFamily]
	if want := map[string][]string{"": {"name", "ean"}, "ecommerce": {"description"}}; !reflect.DeepEqual(fam.Required, want) {
		t.Errorf("required %v, want %v", fam.Required, want)
	}
	if want := map[string][]string{"": {"en_US", "de_DE"}, "ecommerce": {"en_US"}}; !reflect.DeepEqual(sc.ChannelLocales, want) {
		t.Errorf("channel locales %v, want %v", sc.ChannelLocales, want)
	}
	s.Properties = s.Properties[4:]
	if sc := SchemaOf(s); sc.Families != nil {
		t.Errorf("no required property: %+v", sc.Families)
	}
}
