package salsify_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/salsify"
)

func TestDecodeSettings(t *testing.T) {
	f := parse(t, systemYAML("https://app.salsify.com", `      org_id: s-steward-sandbox
      family_property: Family
      price_property: Price
      price_currency: EUR
      properties:
        - {property: Product Name, attribute: name, locale: en_US, kind: text}
        - {property: "Description", attribute: description, locale: en_US, channel: ecommerce, kind: text}
        - {property: Weight, attribute: weight, kind: metric, unit_property: Weight Unit}`))
	s, ps := salsify.DecodeSettings(f, "pim")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if s.ProductIDProperty != "Product ID" || s.PerPage != 100 || s.BatchSize != 100 || s.PriceAttribute != "price" {
		t.Errorf("defaults: %+v", s)
	}
	if m, ok := s.Slot("description", "en_US", "ecommerce"); !ok || m.Property != "Description" {
		t.Errorf("slot: %+v", m)
	}
	if m, ok := s.Slot("name", "en_US", ""); !ok || m.Property != "Product Name" {
		t.Errorf("a property id with a space: %+v", m)
	}
}

func TestSettingsProblems(t *testing.T) {
	f := parse(t, systemYAML("https://app.salsify.com", `      per_page: 250
      price_property: Price
      colour: x
      properties:
        - {property: Name, attribute: name, kind: txt}
        - {property: Name, attribute: name, kind: text}
        - {property: Weight, attribute: weight, kind: number, unit_property: Weight Unit}`))
	ps := salsify.CheckSettings(f, "pim")
	text := ps.Error()
	for _, want := range []string{
		"org_id is empty", "price_currency is empty", "per_page 250 is out of range", `unknown key "colour"`,
		`kind "txt" is not a value kind`, `property "Name" is mapped twice`, "attribute name (locale \"\", channel \"\") is mapped twice",
		"unit_property goes with kind metric", "steward.yaml:16:63: systems.pim.settings.properties[2].unit_property",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("problems lack %q:\n%s", want, text)
		}
	}
}

// partitions defaults to 2 and stays within 1 to 4: the hourly budget, not
// the requests in flight, binds a Salsify pass.
func TestSettingsPartitions(t *testing.T) {
	for _, c := range []struct {
		line string
		want int
		ok   bool
	}{{"", 2, true}, {"      partitions: 1\n", 1, true}, {"      partitions: 4\n", 4, true}, {"      partitions: 0\n", 0, false}, {"      partitions: 5\n", 5, false}} {
		s, ps := salsify.DecodeSettings(parse(t, systemYAML("https://app.salsify.com", c.line+"      org_id: s-x")), "pim")
		bad := strings.Contains(ps.Error(), "systems.pim.settings.partitions: partitions")
		if s.Partitions != c.want || bad == c.ok {
			t.Errorf("%q: partitions %d, problems %v", c.line, s.Partitions, ps)
		}
	}
}
