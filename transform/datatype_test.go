package transform

import (
	"slices"
	"testing"
)

func TestBuiltinHoldsTheDataTypes(t *testing.T) {
	r := Builtin()
	want := []string{"customers", "inventory", "lead_scores", "leads", "orders", "prices", "products", "reporting"}
	if got := r.Kinds(); !slices.Equal(got, want) {
		t.Fatalf("data types %v, want %v", got, want)
	}
	for _, name := range want {
		dt, _ := r.Get(name)
		if dt.Strategy == "" || dt.KeyField == "" || dt.New == nil {
			t.Errorf("%s: incomplete %+v", name, dt)
		}
	}
	if c, _ := r.Get("customers"); !c.IsPII("email") || c.Strategy != MergeEscalate {
		t.Errorf("customers: %+v", c)
	}
	if l, _ := r.Get("leads"); !l.IsPII("email") || !l.IsPII("message") || l.IsPII("owner") {
		t.Errorf("leads: personal fields %v", l.PII)
	}
}

func TestProductInheritKeepsOwnValues(t *testing.T) {
	parent := Product{Values: []Value{{Attribute: "color", Kind: KindOption, Text: "red"}, {Attribute: "name", Locale: "en_US", Kind: KindText, Text: "Shirt"}}}
	child := Product{Values: []Value{{Attribute: "color", Kind: KindOption, Text: "blue"}}}
	got := child.Inherit(parent)
	if v, _ := got.Get("color", "", ""); v.Text != "blue" {
		t.Errorf("color %q, want the variant's own blue", v.Text)
	}
	if v, ok := got.Get("name", "en_US", ""); !ok || v.Text != "Shirt" {
		t.Errorf("name not inherited: %+v", got.Values)
	}
	if len(child.Values) != 1 {
		t.Error("Inherit changed the variant")
	}
}
