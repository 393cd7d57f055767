package pimcore_test

import (
	"reflect"
	"testing"

	pimextract "github.com/stewardhq/steward/extract/pimcore"
	"github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/quality"
)

// TestSchemaOfMandatoryFields: fields mapped with required (the class's
// mandatory fields) are required of every product on their channel, in
// every language read.
func TestSchemaOfMandatoryFields(t *testing.T) {
	s := pimcore.Settings{Languages: map[string]string{"en": "en_US", "de": "de_DE"}, Fields: map[string]pimcore.Field{
		"name":        {Attribute: "name", Kind: pimcore.KindText, Localized: true, Required: true},
		"description": {Attribute: "description", Kind: pimcore.KindText, Localized: true, Channel: "ecommerce", Required: true},
		"ean":         {Attribute: "ean", Kind: pimcore.KindText, Required: true},
		"color":       {Attribute: "color", Kind: pimcore.KindOption},
	}}
	sc := pimextract.SchemaOf(s)
	fam, ok := sc.Families[quality.AnyFamily]
	want := map[string][]string{"": {"ean", "name"}, "ecommerce": {"description"}}
	if !ok || !reflect.DeepEqual(fam.Required, want) || len(fam.Attributes) != 4 {
		t.Fatalf("families %+v", sc.Families)
	}
	if !reflect.DeepEqual(sc.ChannelLocales["ecommerce"], []string{"de_DE", "en_US"}) || !reflect.DeepEqual(sc.ChannelLocales[""], []string{"de_DE", "en_US"}) {
		t.Errorf("channel locales %v", sc.ChannelLocales)
	}
	delete(s.Fields, "name")
	delete(s.Fields, "description")
	delete(s.Fields, "ean")
	if sc := pimextract.SchemaOf(s); sc.Families != nil || sc.HasRequirements() {
		t.Errorf("no mandatory field: %+v", sc.Families)
	}
}

// TestSchemaOfChannels: with channels named, a mandatory field mapped to no
// channel (and the price with price_required) is required on each of them,
// one mapped to a channel there only, and each channel is graded in its own
// locales.
func TestSchemaOfChannels(t *testing.T) {
	s := pimcore.Settings{PriceField: "price", PriceRequired: true, Languages: map[string]string{"en": "en_US", "de": "de_DE", "fr": "fr_FR"},
		Channels: map[string][]string{"ecommerce": {"en_US", "de_DE", "fr_FR"}, "print": {"en_US", "de_DE"}},
		Fields: map[string]pimcore.Field{
			"name":             {Attribute: "name", Kind: pimcore.KindText, Localized: true, Required: true},
			"description":      {Attribute: "description", Kind: pimcore.KindText, Localized: true, Channel: "ecommerce", Required: true},
			"descriptionPrint": {Attribute: "description", Kind: pimcore.KindText, Localized: true, Channel: "print", Required: true},
			"image":            {Attribute: "image", Kind: pimcore.KindMedia, Required: true},
		}}
	sc := pimextract.SchemaOf(s)
	want := map[string][]string{"ecommerce": {"description", "image", "name", "price"}, "print": {"description", "image", "name", "price"}}
	if got := sc.Families[quality.AnyFamily].Required; !reflect.DeepEqual(got, want) {
		t.Fatalf("required %v, want %v", got, want)
	}
	if !reflect.DeepEqual(sc.ChannelLocales, s.Channels) || !reflect.DeepEqual(sc.Channels, []string{"ecommerce", "print"}) {
		t.Errorf("channels %v, locales %v", sc.Channels, sc.ChannelLocales)
	}
}
