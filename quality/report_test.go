package quality

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const goldenRules = `version: 1
rules:
  - {id: desc, type: required, attribute: description, locales: [en_US], channels: [ecommerce]}
  - {id: color, type: options, attribute: color, options: [red, blue], fix: case}
  - {id: ean, type: gtin, attribute: ean}
  - {id: img, type: media, attribute: image, severity: warning}
`

func goldenProducts() []transform.Product {
	var ps []transform.Product
	for i, vs := range [][]transform.Value{
		{at(txt("description", "ok"), "en_US", "ecommerce"), opt("color", "red"), txt("ean", "4006381333931")},
		{opt("color", "Blue"), txt("ean", "4006381333932")},
		{at(txt("description", "ok"), "en_US", "ecommerce"), opt("color", "<script>alert(1)</script>")},
		{at(txt("description", "ok"), "en_US", "ecommerce"), opt("color", `=HYPERLINK("http://x")`)},
	} {
		ps = append(ps, transform.Product{ID: fmt.Sprintf("u%d", i+1), Identifier: fmt.Sprintf("SKU-%d", i+1), Family: []string{"shirts", "shoes"}[i%2],
			Updated: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), Values: vs})
	}
	return ps
}

// goldenPIM requires description on ecommerce (en_US, de_DE) and ean on
// print (en_US) of both families, which also hold color.
func goldenPIM() *PIMSchema {
	fam := FamilySchema{Attributes: []string{"description", "ean", "color"},
		Required: map[string][]string{"ecommerce": {"description"}, "print": {"ean"}}}
	return &PIMSchema{Families: map[string]FamilySchema{"shirts": fam, "shoes": fam},
		ChannelLocales: map[string][]string{"ecommerce": {"en_US", "de_DE"}, "print": {"en_US"}}}
}

// checkInto runs the golden rules over products and stores run runID's results.
func checkInto(t testing.TB, st *store.Store, rs *RuleSet, products []transform.Product, at time.Time) int64 {
	t.Helper()
	return checkWith(t, st, rs, products, &Context{Now: at})
}

// checkWith runs rules over products with a context and stores the results.
func checkWith(t testing.TB, st *store.Store, rs *RuleSet, products []transform.Product, qc *Context) int64 {
	t.Helper()
	ctx, at := context.Background(), qc.Now
	runID, err := st.BeginRun(ctx, "products", store.TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := st.NewQualityWriter(ctx, runID)
	sum, err := rs.Check(func(fn func(transform.Product) error) error {
		for _, p := range products {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	}, qc, func(p transform.Product, res ProductResult) error {
		if len(res.Violations) == 0 {
			return nil
		}
		score, rows := Rows(res)
		return w.Add(ctx, score, rows)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Finish(ctx, RunRow("products", sum, at)); err != nil {
		t.Fatal(err)
	}
	_ = st.ReleaseLock(ctx, "products", runID)
	_ = st.FinishRun(ctx, runID, store.StatusSucceeded, "")
	return runID
}

func TestReportGolden(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs, err := ParseRules("r.yaml", []byte(goldenRules+"  - {id: complete, type: completeness, severity: warning}\n"))
	if err != nil {
		t.Fatal(err)
	}
	products := goldenProducts()
	at := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)
	checkWith(t, st, rs, products[:2], &Context{Now: at, PIM: goldenPIM()})
	runID := checkWith(t, st, rs, products, &Context{Now: at.Add(24 * time.Hour), PIM: goldenPIM()})
	_, _ = st.AddDraft(t.Context(), store.Draft{Kind: store.DraftCorrection, ProductKey: "u2", SKU: "SKU-2", Family: "shoes", Attribute: "color",
		Value: `"blue"`, Rule: "color", Generator: "rule", Model: "color", InputHash: "h", Status: store.DraftPending, RunID: runID})
	rep, err := LoadReport(t.Context(), st, runID)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"html", "json", "csv", GradesFormat} {
		var buf bytes.Buffer
		if err := Render(t.Context(), &buf, st, rep, format); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "report.golden."+format)
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s report differs from %s (run go test ./quality -run Golden -update after checking the change)", format, golden)
		}
		if (format == "html" && bytes.Contains(buf.Bytes(), []byte("<script>"))) || (format == "csv" && bytes.Contains(buf.Bytes(), []byte(",=HYPERLINK"))) {
			t.Errorf("%s report holds live hostile text", format)
		}
	}
	if rep.Summary.Checked != 4 || rep.Previous == nil || len(rep.Trend) != 2 {
		t.Errorf("report %+v", rep)
	}
}

// TestLoadReportErrors (issue 6 item 29): a run without a quality check is
// ErrNoQualityCheck, said plainly without "<nil>"; a store that fails is
// reported as that failure, not as a missing check.
func TestLoadReportErrors(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = LoadReport(t.Context(), st, 999)
	if err == nil || err.Error() != "run 999 has no quality check" || !errors.Is(err, ErrNoQualityCheck) {
		t.Errorf("a run without a check: %v", err)
	}
	st.Close()
	_, err = LoadReport(t.Context(), st, 999)
	if err == nil || errors.Is(err, ErrNoQualityCheck) || !strings.Contains(err.Error(), "load quality check of run 999: ") {
		t.Errorf("a closed store: %v", err)
	}
}
