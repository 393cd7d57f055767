package route

import (
	"context"
	"fmt"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/transform"
)

// product builds a staged PIM product.
func product(sku, family, name, desc, color, weight string) transform.Product {
	p := transform.Product{ID: "u-" + sku, Identifier: sku, Family: family, Enabled: true}
	p.Values = append(p.Values, transform.Value{Attribute: "name", Locale: "en_US", Kind: transform.KindText, Text: name},
		transform.Value{Attribute: "description", Locale: "en_US", Kind: transform.KindText, Text: desc},
		transform.Value{Attribute: "color", Kind: transform.KindOption, Text: color},
		transform.Value{Attribute: "weight", Kind: transform.KindMetric, Number: weight, Unit: "KILOGRAM"})
	return p
}

func testCatalog() *Catalog {
	return NewCatalog([]transform.Product{
		product("SKU-0000001", "shirts", "Classic black Shirt 1", "The Classic black Shirt weighs 0.734 kg.", "black", "0.734"),
		product("SKU-0000002", "shirts", "Classic black Shirt 2", "The Classic black Shirt weighs 0.410 kg.", "black", "0.410"),
		product("SKU-0000003", "furniture", "Nordic red Chair 3", "The Nordic red Chair weighs 12.500 kg.", "red", "12.500"),
		product("SKU-0000004", "electronics", "Urban blue Speaker 4", "The Urban blue Speaker weighs 2.100 kg.", "blue", "2.100"),
		product("SKU-0000005", "kitchen", "Premium grey Pan 5", "The Premium grey Pan weighs 1.200 kg.", "grey", "1.200"),
	})
}

func testAccounts() *Accounts {
	return NewAccounts([]Account{
		{Key: "101", Name: "Nordwind 1 GmbH", Domain: "nordwind-1.example", Owner: "owner-a"},
		{Key: "102", Name: "Nordwind 2 AG", Domain: "nordwind-2.example", Owner: "owner-b"},
		{Key: "103", Name: "Alpenglas 3 Ltd", Domain: "https://www.alpenglas-3.example/", Owner: "owner-c"},
		// 104 is the same entity as 103 in another record (the crosswalk says so).
		{Key: "104", Entity: "e-alpen", Name: "Alpenglas Trading", Domain: "alpen.example", Owner: "owner-c"},
		{Key: "105", Entity: "e-alpen", Name: "Alpenglas Trading Ltd", Domain: "alpen.example", Owner: "owner-c"},
	}, nil)
}

func testConfig() *config.Route {
	return &config.Route{Reps: []config.Rep{
		{Email: "rep1@example.com", Families: []string{"shirts", "shoes"}, Regions: []string{"DE", "AT"}, Capacity: 40},
		{Email: "rep2@example.com", Families: []string{"electronics", "kitchen"}, Regions: []string{"DE", "AT"}, Capacity: 40},
		{Email: "rep3@example.com", Families: []string{"furniture"}, Regions: []string{"DE", "FR"}, Capacity: 30},
		{Email: "rep6@example.com", Families: []string{"furniture", "electronics"}, Regions: []string{"NL", "GB"}, Capacity: 20},
	}}
}

// fakeLLM answers with a fixed text, or with the SKU its pick function
// returns, and records the prompts it was sent.
type fakeLLM struct {
	answer  string
	pick    func(prompt string) string
	prompts []string
	err     error
}

func (f *fakeLLM) Choose(_ context.Context, prompt string) (string, error) {
	f.prompts = append(f.prompts, prompt)
	if f.pick != nil {
		return f.pick(prompt), f.err
	}
	return f.answer, f.err
}

func (f *fakeLLM) Model() string { return "fake-model " + ChoosePromptVersion }

func newRouter(llm Chooser) *Router { return New(testConfig(), testCatalog(), testAccounts(), llm) }

// lead is a lead of a new company in country with message.
func lead(id, country, message string) *transform.Lead {
	return &transform.Lead{ID: id, Email: "anna.keller@fjordline-" + id + ".example", Company: "Fjordline Trading",
		Domain: "fjordline-" + id + ".example", Country: country, Message: message}
}

func route(t *testing.T, r *Router, l *transform.Lead) Outcome {
	t.Helper()
	o, err := r.Route(t.Context(), l)
	if err != nil {
		t.Fatalf("route lead %s: %v", l.ID, err)
	}
	return o
}

func describe(o Outcome) string {
	return fmt.Sprintf("owner %q score %q escalate %q (%s) reasons %v", o.Owner, o.Score, o.Escalate, o.Why, o.Reasons)
}
