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
