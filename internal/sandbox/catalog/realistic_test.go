package catalog

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func newReal(t *testing.T, n int, seed uint64) *Catalog {
	t.Helper()
	c, err := NewProfile(Realistic, n, seed)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRealisticDeterministic(t *testing.T) {
	a, b, other := newReal(t, 600, 7), newReal(t, 600, 7), newReal(t, 600, 8)
	differs := 0
	for i := range 600 {
		if !reflect.DeepEqual(a.Item(i), b.Item(i)) || !reflect.DeepEqual(a.Effective(i), b.Effective(i)) {
			t.Fatalf("product %d differs between two catalogs of one seed", i)
		}
		if !reflect.DeepEqual(a.Item(i).Values, other.Item(i).Values) {
			differs++
		}
	}
	if !reflect.DeepEqual(a.ModelCodes(), b.ModelCodes()) || !reflect.DeepEqual(a.Planted(), b.Planted()) {
		t.Fatal("models or planted figures differ between two catalogs of one seed")
	}
	if differs < 500 {
		t.Errorf("only %d of 600 products differ between seeds 7 and 8", differs)
	}
}

func TestNewProfile(t *testing.T) {
	h, err := NewProfile(Headline, 200, 3)
	if err != nil || h.Profile != Headline {
		t.Fatalf("headline: %v %v", h, err)
	}
	ref := New(200, 3)
	for i := range 200 {
		if h.PIM(i) != ref.PIM(i) || h.Defect(i) != ref.Defect(i) {
			t.Fatalf("product %d of the headline profile differs from New", i)
		}
	}
	if _, err := NewProfile("fancy", 10, 1); err == nil || !strings.Contains(err.Error(), `"fancy"`) {
		t.Errorf("unknown profile: %v", err)
	}
}

// misspellings the generator is expected to plant, per locale; the recount
// looks for them in the served text, not in the generator's bookkeeping.
var misspellings = map[string][]string{
	"en_US": {"recieve", "seperate", "occassion", "suitible"},
	"de_DE": {"Qualitaet", "seperater", "Liferung", "Verpakung"},
}

// recount tallies the defects visible in the catalog's values.
func recount(c *Catalog) Planted {
	p := Planted{Incomplete: map[string]int{}, IncompleteIn: map[string]int{}}
	seen := map[string]bool{}
	for i := range c.N {
		it := c.Item(i)
		if it.Parent == "" {
			p.Simple++
			countTexts(&p, it.Values)
		} else if p.Variants++; !seen[it.Parent] {
			seen[it.Parent] = true
			m, _ := c.Model(it.Parent)
			countTexts(&p, m.Values)
		}
		if n := countItem(&p, c.Effective(i)); n >= 2 {
			p.Overlapping++
		}
		countIncomplete(&p, c, it.Family, c.Effective(i))
	}
	p.Products, p.Models, p.Holders = c.N, len(seen), p.Simple+len(seen)
	return p
}

// countIncomplete counts the channels, and the channels' locales, in which
// a product lacks a value its family requires.
func countIncomplete(p *Planted, c *Catalog, family string, vals []Value) {
	for _, f := range c.Families() {
		if f.Code != family {
			continue
		}
		for _, ch := range c.Channels() {
			incomplete := false
			for _, loc := range ch.Locales {
				if !complete(f.Requirements[ch.Code], ch.Code, loc, vals) {
					p.IncompleteIn[ch.Code+"/"+loc]++
					incomplete = true
				}
			}
			if incomplete {
				p.Incomplete[ch.Code]++
			}
		}
	}
}

func complete(required []string, channel, locale string, vals []Value) bool {
	for _, attr := range required {
		found := false
		for _, v := range vals {
			if v.Attribute == attr && (v.Locale == "" || v.Locale == locale) && (v.Channel == "" || v.Channel == channel) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func countTexts(p *Planted, vals []Value) {
	locs := map[string]bool{}
	for _, v := range vals {
		if v.Attribute != "description" || v.Channel != "ecommerce" {
			continue
		}
		locs[v.Locale] = true
		for _, w := range misspellings[v.Locale] {
			if strings.Contains(v.Text, w) && v.Locale == "en_US" {
				p.TyposEN++
			} else if strings.Contains(v.Text, w) {
				p.TyposDE++
			}
		}
	}
	if len(locs) < 3 {
		p.MissingTranslation++
	}
}

// countItem counts a product's own defects and returns how many kinds it
// carries, inherited text defects included.
func countItem(p *Planted, vals []Value) int {
	kinds, image, locs := 0, false, map[string]bool{}
	for _, v := range vals {
		switch {
		case v.Attribute == "image":
			image = true
		case v.Attribute == "ean" && GTINCheckDigit(v.Text[:12]) != int(v.Text[12]-'0'):
			p.BadGTIN++
			kinds++
		case v.Attribute == "color" && !slices.Contains(Colors, v.Text):
			p.UnknownOption++
			kinds++
		case v.Attribute == "description" && v.Channel == "ecommerce":
			locs[v.Locale] = true
			for _, w := range misspellings[v.Locale] {
				if strings.Contains(v.Text, w) {
					kinds++
				}
			}
		}
	}
	if !image {
		p.MissingImage++
		kinds++
	}
	if len(locs) < 3 {
		kinds++
	}
	return kinds
}

func TestRealisticPlantedCounts(t *testing.T) {
	c := newReal(t, 3000, 1)
	got, want := recount(c), c.Planted()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("recount %+v\nplanted %+v", got, want)
	}
	h := want.Holders
	if want.MissingTranslation != h*8/100 || want.TyposEN != h*6/100 || want.TyposDE != h*6/100 ||
		want.MissingImage != 300 || want.BadGTIN != 90 || want.UnknownOption != 60 {
		t.Errorf("planted figures off their rates: %+v", want)
	}
	if want.Models == 0 || want.Variants == 0 || want.Simple == 0 || want.Overlapping == 0 || want.Incomplete["print"] == 0 {
		t.Errorf("the profile lacks models, variants, simple products or overlapping defects: %+v", want)
	}
}

func TestRealisticVariantsInherit(t *testing.T) {
	c := newReal(t, 600, 2)
	codes := c.ModelCodes()
	if len(codes) == 0 {
		t.Fatal("no models")
	}
	for _, code := range codes {
		m, ok := c.Model(code)
		if !ok || len(m.Variants) == 0 {
			t.Fatalf("model %s: %v %+v", code, ok, m)
		}
		axes := map[[2]string]bool{}
		for _, i := range m.Variants {
			it := c.Item(i)
			if it.Parent != code || it.Family != m.Family {
				t.Fatalf("variant %d: parent %q family %q, model %s of %s", i, it.Parent, it.Family, code, m.Family)
			}
			for _, v := range it.Values {
				if v.Attribute == "name" || v.Attribute == "description" {
					t.Fatalf("variant %d holds %s itself", i, v.Attribute)
				}
			}
			eff := c.Effective(i)
			for _, v := range m.Values {
				if !slices.Contains(eff, v) {
					t.Fatalf("variant %d does not inherit %+v", i, v)
				}
			}
			axes[[2]string{get(eff, "color"), get(eff, "size")}] = true
		}
		if len(axes) != len(m.Variants) {
			t.Errorf("model %s: %d variants share %d axis combinations", code, len(m.Variants), len(axes))
		}
	}
	if _, ok := c.Model("shirts_model_99999"); ok {
		t.Error("a model past the catalog was found")
	}
}

func get(vals []Value, attr string) string {
	for _, v := range vals {
		if v.Attribute == attr {
			return v.Text
		}
	}
	return ""
}

func TestRealisticFamiliesRequirements(t *testing.T) {
	c := newReal(t, 10, 1)
	if len(c.Locales()) != 3 || len(c.Channels()) != 2 {
		t.Fatalf("locales %v channels %v", c.Locales(), c.Channels())
	}
	for _, f := range c.Families() {
		for _, ch := range c.Channels() {
			req := f.Requirements[ch.Code]
			if len(req) == 0 {
				t.Errorf("family %s requires nothing on %s", f.Code, ch.Code)
			}
			for _, a := range append(req, f.Axes...) {
				if !slices.Contains(f.Attributes, a) {
					t.Errorf("family %s: %s is required or an axis but not an attribute", f.Code, a)
				}
			}
		}
	}
}
