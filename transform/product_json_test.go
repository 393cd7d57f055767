package transform

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func jsonProducts() []Product {
	yes := true
	return []Product{
		{},
		{ID: "u1", Identifier: "SKU-1", Family: "shirts", Categories: []string{"a", "b<&>"}, Parent: "m1", Enabled: true,
			Values: []Value{
				{Attribute: "name", Locale: "en_US", Channel: "ecommerce", Kind: KindText, Text: "Tab\there \"quoted\" \\ <b>&amp;</b> \u2028\u2029 \x01\x1f\b\f é 😀"},
				{Attribute: "price", Kind: KindPrices, Amounts: []PriceValue{{Amount: "12.50", Currency: "EUR"}, {Amount: "", Currency: "USD"}}},
				{Attribute: "weight", Kind: KindMetric, Number: "0.512", Unit: "KILOGRAM"},
				{Attribute: "tags", Kind: KindOptions, Options: []string{"x", "y"}},
				{Attribute: "tags2", Kind: KindOptions, Options: []string{}},
				{Attribute: "ok", Kind: KindBoolean, Bool: &yes},
			},
			Updated: time.Date(2026, 1, 5, 6, 0, 0, 123400000, time.UTC)},
		{ID: "bad utf-8 \xff\xfe", Categories: []string{}, Values: []Value{}, Updated: time.Date(2026, 1, 5, 6, 0, 0, 0, time.UTC)},
		{ID: "zone", Updated: time.Date(2026, 1, 5, 6, 0, 0, 0, time.FixedZone("x", 3600))},
	}
}

// The hand-written encoding is json.Marshal's, byte for byte: content hashes
// of staged products stay what they were.
func TestProductAppendJSONIsMarshal(t *testing.T) {
	for _, p := range jsonProducts() {
		want, werr := json.Marshal(&p)
		got, gerr := p.AppendJSON(nil)
		if !bytes.Equal(got, want) || (werr == nil) != (gerr == nil) {
			t.Errorf("AppendJSON\n got %s (%v)\nwant %s (%v)", got, gerr, want, werr)
		}
	}
	far := Product{ID: "x", Updated: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := far.AppendJSON(nil); err == nil {
		t.Error("year 10000: no error, json.Marshal refuses it")
	}
}

func FuzzProductAppendJSON(f *testing.F) {
	f.Add("u1", "SKU<1>", "a\u2028", "x\xffy", "1.5", int64(1767600000))
	f.Fuzz(func(t *testing.T, id, ident, text, opt, num string, sec int64) {
		b := len(text)%2 == 0
		p := Product{ID: id, Identifier: ident, Categories: []string{opt}, Values: []Value{
			{Attribute: text, Locale: opt, Kind: KindText, Text: text, Number: num, Unit: id, Options: []string{opt, text}, Bool: &b,
				Amounts: []PriceValue{{Amount: num, Currency: ident}}}},
			Updated: time.Unix(sec%(300000000000), 0).UTC()}
		want, werr := json.Marshal(&p)
		got, gerr := p.AppendJSON(nil)
		if !bytes.Equal(got, want) || (werr == nil) != (gerr == nil) {
			t.Fatalf("AppendJSON\n got %s (%v)\nwant %s (%v)", got, gerr, want, werr)
		}
	})
}
