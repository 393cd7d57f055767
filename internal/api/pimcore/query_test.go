package pimcore_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/pimcore"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const sandboxSection = `      endpoint: steward
      class: Product
      identifier_field: sku
      family_field: family
      price_field: price
      currency: EUR
      draft_field: descriptionDraft
      languages: {en: en_US, de: de_DE}
      fields:
        name: {attribute: name, kind: text, localized: true}
        description: {attribute: description, kind: text, localized: true, channel: ecommerce}
        descriptionDraft: {attribute: description_draft, kind: text, localized: true, channel: ecommerce}
        color: {attribute: color, kind: option}
        weight: {attribute: weight, kind: metric}
        ean: {attribute: ean, kind: text}
`

func sandboxSettings(t *testing.T) pimcore.Settings {
	t.Helper()
	s, ps := pimcore.DecodeSettings(parse(t, "http://127.0.0.1:1", sandboxSection), "pim")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return s
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s:\ngot  %s\nwant %s", name, got, want)
	}
}

// The queries are built from the configured class and fields.
func TestQueriesFromSettings(t *testing.T) {
	s := sandboxSettings(t)
	golden(t, "listing.graphql", s.ListingQuery(pimcore.SortByID, s.Selection())+"\n")
	golden(t, "newest.graphql", s.ListingQuery(pimcore.SortByTime, "id modificationDate")+"\n")
	q, vars := s.LookupQuery([]pimcore.Lookup{{ID: 45}, {Identifier: `SKU "1"`}})
	v, _ := json.Marshal(vars)
	golden(t, "lookup.graphql", q+"\n"+string(v)+"\n")
	m, mv := s.UpdateMutation([]pimcore.Update{
		{ID: 45, Input: []pimcore.InputField{{Name: "price", Literal: "12.50", Read: s.FieldSelection("price", "")}, {Name: "weight", Literal: mustQ(t, "1.250", "KILOGRAM"), Read: s.FieldSelection("weight", "")}}},
		{ID: 45, Language: "de", Input: []pimcore.InputField{{Name: "name", Literal: pimcore.StringLiteral("Hemd \"blau\"\n"), Read: s.FieldSelection("name", "de")}}},
		{ID: 46, Input: []pimcore.InputField{{Name: "ean", Literal: pimcore.StringLiteral("1")}}},
	})
	v, _ = json.Marshal(mv)
	golden(t, "update.graphql", m+"\n"+string(v)+"\n")
	s.OmitMandatoryCheck = false
	if m, _ := s.UpdateMutation([]pimcore.Update{{ID: 45, Input: []pimcore.InputField{{Name: "ean", Literal: `"1"`}}}}); strings.Contains(m, "omitMandatoryCheck") {
		t.Errorf("omit_mandatory_check false still sends the argument: %s", m)
	}
	s.Class = "Article"
	if q := s.ListingQuery(pimcore.SortByID, "id"); !strings.Contains(q, "getArticleListing(") || s.UpdateField() != "updateArticle" || s.GetField() != "getArticle" {
		t.Errorf("class Article: %s", q)
	}
}

func mustQ(t *testing.T, v, unit string) string {
	t.Helper()
	q, err := pimcore.QuantityLiteral(v, unit)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestWindowFilter(t *testing.T) {
	for _, c := range []struct {
		w    pimcore.Window
		want string
	}{
		{pimcore.Window{}, ""},
		{pimcore.Window{From: 1714521600}, `{"$and":[{"modificationDate":{"$gte":1714521600}}]}`},
		{pimcore.Window{From: 1714521600, To: 1714525200, AfterID: 45}, `{"$and":[{"modificationDate":{"$gte":1714521600}},{"modificationDate":{"$lt":1714525200}},{"id":{"$gt":45}}]}`},
		{pimcore.Window{AfterID: 7}, `{"$and":[{"id":{"$gt":7}}]}`},
	} {
		if got := c.w.Filter(); got != c.want {
			t.Errorf("%+v: %s, want %s", c.w, got, c.want)
		}
		if c.want != "" && !json.Valid([]byte(c.want)) {
			t.Errorf("filter %s is not JSON", c.want)
		}
	}
}

func TestLiterals(t *testing.T) {
	for _, bad := range []string{"1,5", "12.", ".5", "NaN", "1e", "+1", "0x10", `"1"`} {
		if _, err := pimcore.NumberLiteral(bad); err == nil {
			t.Errorf("NumberLiteral(%q) accepted", bad)
		}
	}
	for _, good := range []string{"0", "-1.25", "12.50", "1e3", "180.0000"} {
		if got, err := pimcore.NumberLiteral(good); err != nil || got != good {
			t.Errorf("NumberLiteral(%q) = %q, %v", good, got, err)
		}
	}
}

// With variants, the selection reads the parent's key and the variant
// children's ids through the object_tree union, with fragments on the
// configured class.
func TestSelectionWithVariants(t *testing.T) {
	s := sandboxSettings(t)
	if strings.Contains(s.Selection(), "parent") {
		t.Fatalf("without variants the selection reads the tree: %s", s.Selection())
	}
	s.Variants, s.Class = true, "Article"
	want := `parentObject: parent { ... on object_Article { key } } variantChildren: children(objectTypes: ["variant"]) { ... on object_Article { id } }`
	if !strings.Contains(s.Selection(), want) {
		t.Errorf("selection %s\nwant it to hold %s", s.Selection(), want)
	}
}
