package pimcore

import "testing"

// A plain equality on a string field matches as MySQL's collation compares:
// regardless of case and only the object holding the value; the cheap
// pre-check never drops an object the filter selects, nor one changed by a
// write.
func TestPlainEqualityFilter(t *testing.T) {
	f := newFixture(t, 40)
	sku := f.cat.SKU(7)
	for _, c := range []struct {
		filter string
		want   int
	}{
		{`{"sku":"` + sku + `"}`, 1},
		{`{"sku":"` + lower(sku) + `"}`, 1},
		{`{"sku":"SKU-none"}`, 0},
		{`{"family":"` + f.cat.PIM(7).Family + `"}`, countFamily(f, f.cat.PIM(7).Family)},
	} {
		p := f.list(t, map[string]any{"filter": c.filter, "published": false})
		if p.TotalCount != c.want || len(p.Edges) != c.want {
			t.Errorf("%s: total %d, %d edges, want %d", c.filter, p.TotalCount, len(p.Edges), c.want)
		}
	}
	if !f.srv.mutate(8, func(o *object) { o.Text["sku"] = "RENAMED-1" }) {
		t.Fatal("object 8 is missing")
	}
	if p := f.list(t, map[string]any{"filter": `{"sku":"renamed-1"}`}); p.TotalCount != 1 || p.ids()[0] != "8" {
		t.Errorf("a renamed object is not found by its new sku: %+v", p)
	}
}

func lower(s string) string {
	b := []byte(s)
	for k, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[k] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func countFamily(f *fixture, family string) int {
	n := 0
	for i := range f.cat.N {
		if f.cat.PIM(i).Family == family {
			n++
		}
	}
	return n
}
