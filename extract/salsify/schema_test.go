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

// TestSchemaOfChannels: with channels named, a required property mapped to
// no channel (and the price with price_required) is required on each of
// them, one mapped to a channel there only, and each channel is graded in
// its own locales.
func TestSchemaOfChannels(t *testing.T) {
	s := api.Settings{PriceProperty: "Price", PriceAttribute: "price", PriceRequired: true,
		Channels: map[string][]string{"ecommerce": {"en_US", "de_DE"}, "print": {"en_US"}},
		Properties: []api.Property{
			{Property: "Name", Attribute: "name", Locale: "en_US", Kind: "text", Required: true},
			{Property: "Description", Attribute: "description", Locale: "en_US", Channel: "ecommerce", Kind: "text", Required: true},
			{Property: "Print Description", Attribute: "description", Locale: "en_US", Channel: "print", Kind: "text", Required: true},
			{Property: "Image", Attribute: "image", Kind: "media", Required: true},
		}}
	sc := SchemaOf(s)
	want := map[string][]string{"ecommerce": {"name", "description", "image", "price"}, "print": {"name", "description", "image", "price"}}
	if got := sc.Families[quality.AnyFamily].Required; !reflect.DeepEqual(got, want) {
		t.Errorf("required %v, want %v", got, want)
	}
	if sc.ChannelLocales["ecommerce"] == nil || !reflect.DeepEqual(sc.ChannelLocales["print"], []string{"en_US"}) || !reflect.DeepEqual(sc.Channels, []string{"ecommerce", "print"}) {
		t.Errorf("channels %v, locales %v", sc.Channels, sc.ChannelLocales)
	}
}
