package quality

import (
	"bytes"
	"path/filepath"
	"time"

	"github.com/stewardhq/steward/internal/store"
	"strings"
	"testing"

	"github.com/stewardhq/steward/transform"
)

// TestUnknownReferences (issue 6 item 25): rules naming attributes, locales
// or channels the PIM does not have are reported, each with the rule id.
func TestUnknownReferences(t *testing.T) {
	rs, err := ParseRules("r.yaml", []byte(`version: 1
rules:
  - {id: desc, type: required, attribute: description, locales: [en_US, de_DE], channels: [ecommerce, print]}
  - {id: img, type: media, attribute: image, severity: warning}
  - {id: fresh, type: freshness, max_age: 24h}
  - {id: name, type: required, attribute: name, locales: [en_US]}
`))
	if err != nil {
		t.Fatal(err)
	}
	pim := PIMSchema{Attributes: []string{"sku", "name", "description"}, Locales: []string{"en_US", "fr_FR"}, Channels: []string{"ecommerce"}}
	got := UnknownReferences(rs.Rules, pim)
	var lines []string
	for _, u := range got {
		lines = append(lines, u.String())
	}
	want := []string{
		`rule desc: locale "de_DE" does not exist in the PIM`,
		`rule desc: channel "print" does not exist in the PIM`,
		`rule img: attribute "image" does not exist in the PIM`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if got := UnknownReferences(rs.Rules, PIMSchema{Attributes: []string{"description", "image", "name"}}); len(got) != 0 {
		t.Errorf("unknown lists (nil) are not checked: %v", got)
	}
	each := func(fn func(transform.Product) error) error { return fn(product()) }
	sum, err := rs.Check(each, &Context{PIM: &pim}, func(transform.Product, ProductResult) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Warnings) != 3 || sum.Warnings[2] != want[2] {
		t.Errorf("summary warnings %q", sum.Warnings)
	}
}

// TestReportShowsWarnings: a rule naming an attribute the PIM lacks and a
// cross-system rule without staged ERP prices appear in the HTML and JSON
// reports, not silently counted.
func TestReportShowsWarnings(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs, err := ParseRules("r.yaml", []byte(goldenRules+"  - {id: price, type: cross_system, attribute: price, source: prices, currency: EUR}\n"))
	if err != nil {
		t.Fatal(err)
	}
	pim := PIMSchema{Attributes: []string{"description", "color", "ean", "price"}}
	runID := checkWith(t, st, rs, goldenProducts(), &Context{Now: time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC), PIM: &pim})
	rep, err := LoadReport(t.Context(), st, runID)
	if err != nil {
		t.Fatal(err)
	}
	for format, wants := range map[string][]string{
		"html": {`rule img: attribute &#34;image&#34; does not exist in the PIM`, `rule price: not evaluated: no ERP prices in EUR are staged`, `<td class="n">not evaluated</td>`},
		"json": {`"warnings":["rule img: attribute \"image\" does not exist in the PIM","rule price: not evaluated: no ERP prices in EUR are staged (source prices)"]`, `"not_evaluated":"no ERP prices in EUR are staged (source prices)"`},
	} {
		var buf bytes.Buffer
		if err := Render(t.Context(), &buf, st, rep, format); err != nil {
			t.Fatal(err)
		}
		for _, want := range wants {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("%s report lacks %s", format, want)
			}
		}
	}
}
