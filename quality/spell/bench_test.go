package spell

import (
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// descriptions returns the realistic catalog's descriptions with their
// locales, as TestRealisticCatalogTypos reads them.
func descriptions(tb testing.TB) []catalog.Value {
	tb.Helper()
	cat, err := catalog.NewProfile(catalog.Realistic, 1200, 5)
	if err != nil {
		tb.Fatal(err)
	}
	var out []catalog.Value
	add := func(vals []catalog.Value) {
		for _, v := range vals {
			if v.Attribute == "description" {
				out = append(out, v)
			}
		}
	}
	for i := range cat.N {
		if it := cat.Item(i); it.Parent == "" {
			add(it.Values)
		}
	}
	for _, code := range cat.ModelCodes() {
		m, _ := cat.Model(code)
		add(m.Values)
	}
	return out
}

// BenchmarkMisspelled checks every description of the realistic catalog
// once per iteration and reports the cost per checked word (ns/word).
func BenchmarkMisspelled(b *testing.B) {
	c := system(b)
	vals := descriptions(b)
	n := 0
	for _, v := range vals {
		n += len(words(v.Text))
	}
	for b.Loop() {
		for _, v := range vals {
			c.Misspelled(v.Locale, v.Text)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/word")
}

// BenchmarkOpen opens the three Debian dictionaries the realistic catalog
// uses; the quality stage pays it once per spelling rule.
func BenchmarkOpen(b *testing.B) {
	system(b)
	for b.Loop() {
		if _, err := Open(DefaultDir, []string{"en_US", "de_DE", "fr_FR"}); err != nil {
			b.Fatal(err)
		}
	}
}
