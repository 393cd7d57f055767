package quality

import (
	"bytes"
	"context"
	"encoding/json"
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

func goldenProducts() []transform.PIMProduct {
	var ps []transform.PIMProduct
	for i, v := range []string{
		`{"description":[{"locale":"en_US","scope":"ecommerce","data":"ok"}],"color":[{"locale":null,"scope":null,"data":"red"}],"ean":[{"locale":null,"scope":null,"data":"4006381333931"}]}`,
		`{"color":[{"locale":null,"scope":null,"data":"Blue"}],"ean":[{"locale":null,"scope":null,"data":"4006381333932"}]}`,
		`{"description":[{"locale":"en_US","scope":"ecommerce","data":"ok"}],"color":[{"locale":null,"scope":null,"data":"<script>alert(1)</script>"}]}`,
		`{"description":[{"locale":"en_US","scope":"ecommerce","data":"ok"}],"color":[{"locale":null,"scope":null,"data":"=HYPERLINK(\"http://x\")"}]}`,
	} {
		p := transform.PIMProduct{UUID: fmt.Sprintf("u%d", i+1), SKU: fmt.Sprintf("SKU-%d", i+1), Family: []string{"shirts", "shoes"}[i%2], Updated: "2026-01-05T08:00:00Z"}
		_ = json.Unmarshal([]byte(v), &p.Values)
		ps = append(ps, p)
	}
	return ps
}

// checkInto runs the golden rules over products and stores run runID's results.
func checkInto(t testing.TB, st *store.Store, rs *RuleSet, products []transform.PIMProduct, at time.Time) int64 {
	t.Helper()
	return checkWith(t, st, rs, products, &Context{Now: at})
}

// checkWith runs rules over products with a context and stores the results.
func checkWith(t testing.TB, st *store.Store, rs *RuleSet, products []transform.PIMProduct, qc *Context) int64 {
	t.Helper()
	ctx, at := context.Background(), qc.Now
	runID, err := st.BeginRun(ctx, "products", store.TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := st.NewQualityWriter(ctx, runID)
	sum, err := rs.Check(func(fn func(transform.PIMProduct) error) error {
		for _, p := range products {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	}, qc, func(p transform.PIMProduct, res ProductResult) error {
		if len(res.Violations) == 0 {
			return nil
		}
		var rows []store.ViolationRow
		for _, v := range res.Violations {
			fix := ""
			if v.Fix != nil {
				b, _ := json.Marshal(v.Fix)
				fix = string(b)
			}
			rows = append(rows, store.ViolationRow{ProductKey: v.ProductKey, SKU: v.SKU, Family: v.Family, Rule: v.Rule, Severity: v.Severity,
				Axis: v.Axis, Attribute: v.Attribute, Locale: v.Locale, Channel: v.Channel, Value: v.Value, Message: v.Message, Fix: fix})
		}
		return w.Add(ctx, store.ProductScore{ProductKey: res.Key, SKU: res.SKU, Family: res.Family, Passing: res.Passing,
			Enrichment: res.Enrichment, Consistency: res.Consistency, Violations: len(rows)}, rows)
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(sum)
	if err := w.Finish(ctx, store.QualityRun{Job: "products", GeneratedAt: at.Format(time.RFC3339), Checked: sum.Checked, Passing: sum.Passing,
		Score: sum.Score, Grade: sum.Grade, Enrichment: sum.Axes.Enrichment, Consistency: sum.Axes.Consistency, Summary: string(b)}); err != nil {
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
	rs, err := ParseRules("r.yaml", []byte(goldenRules))
	if err != nil {
		t.Fatal(err)
	}
	products := goldenProducts()
	at := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)
	checkInto(t, st, rs, products[:2], at)
	runID := checkInto(t, st, rs, products, at.Add(24*time.Hour))
	_, _ = st.AddDraft(t.Context(), store.Draft{Kind: store.DraftCorrection, ProductKey: "u2", SKU: "SKU-2", Family: "shoes", Attribute: "color",
		Value: `"blue"`, Rule: "color", Generator: "rule", Model: "color", InputHash: "h", Status: store.DraftPending, RunID: runID})
	rep, err := LoadReport(t.Context(), st, runID)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"html", "json", "csv"} {
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
