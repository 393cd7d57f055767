package jobs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// TestDraftItemIsCanonical: a draft push queues canonical values, never a
// PIM's value shape: a description as text in the draft attribute's slot, a
// correction as the corrected value it holds.
func TestDraftItemIsCanonical(t *testing.T) {
	spec := &config.DraftSpec{Target: "pim", Attribute: "description_draft"}
	cases := []struct {
		name  string
		draft store.Draft
		want  string
	}{
		{"description", store.Draft{ID: 1, Kind: store.DraftDescription, SKU: "S1", Attribute: "description", Locale: "en_US", Channel: "ecommerce", Value: `"Soft shirt."`},
			`{"description_draft":[{"attribute":"description_draft","locale":"en_US","channel":"ecommerce","kind":"text","text":"Soft shirt."}]}`},
		{"unit correction", store.Draft{ID: 2, Kind: store.DraftCorrection, SKU: "S1", Attribute: "weight", Value: `{"attribute":"weight","kind":"metric","number":"0.250","unit":"KILOGRAM"}`},
			`{"weight":[{"attribute":"weight","kind":"metric","number":"0.250","unit":"KILOGRAM"}]}`},
	}
	for _, c := range cases {
		it, err := draftItem(config.Job{Name: "products"}, spec, c.draft, 7)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(it.Payload, &fields); err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(fields); string(b) != c.want {
			t.Errorf("%s: fields %s\nwant %s", c.name, b, c.want)
		}
	}
	_, err := draftItem(config.Job{}, spec, store.Draft{ID: 3, Kind: store.DraftCorrection, Attribute: "color", Value: `"red"`}, 7)
	if err == nil || !strings.Contains(err.Error(), `draft 3: the correction "red" is not a canonical value`) {
		t.Errorf("a correction of the old shape: %v", err)
	}
}
