package jobs

import (
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
)

// TestWhitespaceDescriptionGetsDraft (issue 6 item 21): a description of
// only whitespace is missing, and the product is queued for a draft.
func TestWhitespaceDescriptionGetsDraft(t *testing.T) {
	rs, err := quality.ParseRules("r.yaml", []byte("version: 1\nrules:\n  - {id: desc, type: required, attribute: description, locales: [en_US], channels: [ecommerce]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	prod := transform.Product{ID: "u1", Identifier: "SKU-1", Family: "shirts", Values: []transform.Value{
		{Attribute: "name", Locale: "en_US", Kind: transform.KindText, Text: "Shirt"},
		{Attribute: "description", Locale: "en_US", Channel: "ecommerce", Kind: transform.KindText, Text: "   "},
	}}
	var res quality.ProductResult
	sum, err := rs.Check(func(fn func(transform.Product) error) error { return fn(prod) }, &quality.Context{},
		func(_ transform.Product, r quality.ProductResult) error { res = r; return nil })
	if err != nil || sum.Passing != 0 {
		t.Fatalf("a whitespace-only description passed: %+v %v", sum, err)
	}
	job := config.Job{Quality: &config.QualitySpec{Drafts: &config.DraftSpec{Describes: "description", Facts: []string{"name"}}}}
	p := (&Runner{}).newProposer(job, 1, nil)
	p.collect(prod, res)
	if len(p.requests) != 1 || p.requests[0].facts["name"] != "Shirt" {
		t.Fatalf("draft requests %+v", p.requests)
	}
}
