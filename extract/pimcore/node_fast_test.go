package pimcore

import (
	"bytes"
	"encoding/json"
	"maps"
	"strings"
	"testing"

	api "github.com/stewardhq/steward/internal/api/pimcore"
)

// nodeCases are object nodes, each with whether splitNode reads it itself.
var nodeCases = []struct {
	node string
	fast bool
}{
	{`{"id":"45","name_de":"Stuhl \u00fc","price":291.12,"weight":{"unit":{"abbreviation":"KILOGRAM"},"value":126.764}}`, true},
	{` { "id" : "1" , "variantChildren" : [ {"id":"2"} ] , "parentObject" : { } } `, true},
	{`{"id":"1","id":"2","ID":"3"}`, true},
	{`{"name_fr":"Chaise \u00e9","nul":null,"ok":true,"n":-0.5e-3}`, true},
	{`{}`, true},
	{`null`, false},
	{`[]`, false},
	{`{"\u0069d":"7"}`, false},
	{"{\"name\":\"a\x00b\"}", false},
	{`{"x":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`, false},
	{`{"id":"10",`, false},
	{`{"id":"11"} x`, false},
	{`{"id":01}`, false},
}

// splitNode reads the nodes it takes as json.Unmarshal into a map of raw
// values reads them.
func TestSplitNodeIsTheSlowRead(t *testing.T) {
	for _, tc := range nodeCases {
		if _, ok := splitNode([]byte(tc.node), nil); ok != tc.fast {
			t.Errorf("%q: one pass took it: %v, want %v", tc.node, ok, tc.fast)
		}
		sameSplit(t, []byte(tc.node))
	}
}

// stringCases are JSON values, each with whether unquote reads it itself.
var stringCases = []struct {
	raw  string
	fast bool
}{
	{`"Nordic Chair"`, true},
	{`"Stuhl \u00fc \"x\" \n"`, true},
	{`"Chaise é"`, true},
	{` "" `, true},
	{`null`, false},
	{`12`, false},
	{`"a` + "\x00" + `b"`, false},
	{"\"\xff\"", true},
	{`"\ud800"`, true},
	{`"x" "y"`, false},
}

// unquote reads a string as json.Unmarshal reads it, and leaves the rest
// to it.
func TestUnquoteIsTheSlowRead(t *testing.T) {
	for _, tc := range stringCases {
		got := "before"
		err := unquote([]byte(tc.raw), &got)
		want := "before"
		werr := json.Unmarshal([]byte(tc.raw), &want)
		if got != want || (err == nil) != (werr == nil) {
			t.Errorf("%q: one pass %q, %v; slow %q, %v", tc.raw, got, err, want, werr)
		}
	}
}

// sameSplit fails t unless splitNode, when it reads raw, reads it as
// json.Unmarshal does.
func sameSplit(t *testing.T, raw []byte) {
	t.Helper()
	got, ok := splitNode(raw, map[string]string{"id": "id"})
	if !ok {
		return
	}
	var want map[string]json.RawMessage
	if err := json.Unmarshal(raw, &want); err != nil || want == nil {
		t.Fatalf("%q: one pass read it; slow: %v", raw, err)
	}
	if !maps.EqualFunc(got, want, func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
		t.Fatalf("%q: one pass %q; slow %q", raw, got, want)
	}
}

// FuzzNodeDecode: any node is mapped or refused, never panics (mapped with
// localized fields in three languages and variants); splitNode
// and unquote read what they take as encoding/json does.
//
//	go test -run '^$' -fuzz FuzzNodeDecode -fuzztime 20s ./extract/pimcore
func FuzzNodeDecode(f *testing.F) {
	for _, tc := range nodeCases {
		f.Add([]byte(tc.node))
	}
	for _, tc := range stringCases {
		f.Add([]byte(tc.raw))
	}
	m := newMapper(api.Settings{IdentifierField: "sku", FamilyField: "family", PriceField: "price", Currency: "EUR",
		Languages: map[string]string{"en": "en_US", "de": "de_DE", "fr": "fr_FR"}, Variants: true,
		Fields: map[string]api.Field{"name": {Attribute: "name", Kind: api.KindText, Localized: true},
			"weight": {Attribute: "weight", Kind: api.KindMetric}, "color": {Attribute: "color", Kind: api.KindOption}}})
	f.Add([]byte(`{"id":"1","modificationDate":1,"published":true,"sku":"a","family":null,"price":1.5,"name_en":"x","name_de":null,"name_fr":"y","color":"red","weight":{"value":1,"unit":{"abbreviation":"KG"}},"parentObject":{"key":"m"},"variantChildren":[]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		_, _ = m.node(raw)
		sameSplit(t, raw)
		got, want := "", ""
		err, werr := unquote(raw, &got), json.Unmarshal(raw, &want)
		if got != want || (err == nil) != (werr == nil) {
			t.Fatalf("%q: one pass %q, %v; slow %q, %v", raw, got, err, want, werr)
		}
	})
}
