package akeneo

import (
	"encoding/json"
	"testing"
)

func TestMergePrice(t *testing.T) {
	cur := json.RawMessage(`[{"locale":null,"scope":null,"data":[{"amount":"10.00","currency":"EUR"},{"amount":"12","currency":"USD"}]}]`)
	cases := []struct {
		want    string
		changed bool
		out     string
	}{
		{`{"amount":"10.0","currency":"EUR"}`, false, ""},
		{`{"amount":"11.50","currency":"EUR"}`, true, `[{"amount":"11.50","currency":"EUR"},{"amount":"12","currency":"USD"}]`},
		{`{"amount":"5","currency":"GBP"}`, true, `[{"amount":"10.00","currency":"EUR"},{"amount":"12","currency":"USD"},{"amount":"5.00","currency":"GBP"}]`},
		{`{"amount":"180","currency":"EUR"}`, true, `[{"amount":"180.00","currency":"EUR"},{"amount":"12","currency":"USD"}]`},
	}
	for _, c := range cases {
		out, changed, err := mergePrice(cur, json.RawMessage(c.want))
		if err != nil || changed != c.changed || (changed && string(out) != c.out) {
			t.Errorf("merge %s: %s %v %v; want %s %v", c.want, out, changed, err, c.out, c.changed)
		}
	}
	// A PIM price that lost its scale (item 12's damage) is written again with
	// the currency's decimals; the PIM's own longer formatting is left alone.
	for cur, changed := range map[string]bool{`"180"`: true, `180`: true, `"180.0"`: true, `"180.00"`: false, `"180.0000"`: false} {
		pim := json.RawMessage(`[{"locale":null,"scope":null,"data":[{"amount":` + cur + `,"currency":"EUR"}]}]`)
		out, got, err := mergePrice(pim, json.RawMessage(`{"amount":"180.00","currency":"EUR"}`))
		if err != nil || got != changed || (changed && string(out) != `[{"amount":"180.00","currency":"EUR"}]`) {
			t.Errorf("PIM %s, ERP 180.00: %s %v %v; want changed %v", cur, out, got, err, changed)
		}
	}
	if out, changed, err := mergePrice(nil, json.RawMessage(`{"amount":"1","currency":"EUR"}`)); err != nil || !changed || string(out) != `[{"amount":"1.00","currency":"EUR"}]` {
		t.Errorf("no current price: %s %v %v", out, changed, err)
	}
	if _, _, err := mergePrice(json.RawMessage(`"x"`), json.RawMessage(`{"amount":"1","currency":"EUR"}`)); err == nil {
		t.Error("a malformed current price was not an error")
	}
	if _, _, err := mergePrice(nil, json.RawMessage(`{"amount":"1","currency":"euro"}`)); err == nil {
		t.Error("a currency that is not an ISO 4217 code was not an error")
	}
}

// TestDiffValues: canonical values become Akeneo values by kind, and only
// those whose slot holds something else (compared canonically) are sent.
func TestDiffValues(t *testing.T) {
	cur := json.RawMessage(`[{"locale":null,"scope":null,"data":{"amount":"0.250","unit":"KILOGRAMS"}}]`)
	cases := []struct {
		name, attr, current, want, out, err string
	}{
		{"unit fix", "weight", string(cur), `[{"attribute":"weight","kind":"metric","number":"0.250","unit":"KILOGRAM"}]`,
			`[{"locale":null,"scope":null,"data":{"amount":"0.250","unit":"KILOGRAM"}}]`, ""},
		{"same amount other scale", "weight", string(cur), `[{"attribute":"weight","kind":"metric","number":"0.25","unit":"KILOGRAMS"}]`, `null`, ""},
		{"text into an empty slot", "description", `[{"locale":"de_DE","scope":"ecommerce","data":"Hemd"}]`,
			`[{"attribute":"description","locale":"en_US","channel":"ecommerce","kind":"text","text":"Shirt"}]`,
			`[{"locale":"en_US","scope":"ecommerce","data":"Shirt"}]`, ""},
		{"same text", "name", `[{"locale":"en_US","scope":null,"data":"Shirt"}]`, `[{"attribute":"name","locale":"en_US","kind":"text","text":"Shirt"}]`, `null`, ""},
		{"option case fix", "color", `[{"locale":null,"scope":null,"data":"Red"}]`, `[{"attribute":"color","kind":"option","text":"red"}]`,
			`[{"locale":null,"scope":null,"data":"red"}]`, ""},
		{"number stays exact", "count", ``, `[{"attribute":"count","kind":"number","number":"0.1000000000000000055511151231257827"}]`,
			`[{"locale":null,"scope":null,"data":0.1000000000000000055511151231257827}]`, ""},
		{"prices and options", "tags", ``, `[{"attribute":"tags","kind":"options","options":["a","b"]}]`, `[{"locale":null,"scope":null,"data":["a","b"]}]`, ""},
		{"another attribute", "name", ``, `[{"attribute":"title","kind":"text","text":"x"}]`, ``, `field name: value 0 is for attribute "title"`},
		{"no kind", "name", ``, `[{"attribute":"name","text":"x"}]`, ``, `field name [/]: a value of kind "" cannot be written`},
		{"not canonical", "name", ``, `[{"locale":null,"scope":null,"data":"x"}]`, ``, `field name: value 0 is for attribute ""`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := diffValues(c.attr, json.RawMessage(c.current), json.RawMessage(c.want))
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("error %v, want %s", err, c.err)
				}
				return
			}
			b, _ := json.Marshal(out)
			if err != nil || string(b) != c.out {
				t.Fatalf("got %s %v, want %s", b, err, c.out)
			}
		})
	}
}
