package jobs

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
)

// TestQualityRunWarnsAboutUnknownReferences (issue 6 item 25): rules naming
// an attribute or locale the PIM lacks are warned about by the run, in its
// log and its report, and a cross-system rule without ERP prices is reported
// not evaluated.
func TestQualityRunWarnsAboutUnknownReferences(t *testing.T) {
	dir := t.TempDir()
	rules := "version: 1\nrules:\n" +
		"  - {id: desc, type: required, attribute: description, locales: [en_US, de_DE]}\n" +
		"  - {id: img, type: media, attribute: image, severity: warning}\n" +
		"  - {id: price, type: cross_system, attribute: price, source: prices, currency: EUR}\n"
	if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.Context(), filepath.Join(dir, "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := &config.File{Path: filepath.Join(dir, "steward.yaml")}
	cfg.Staging.ReportDir = filepath.Join(dir, "reports")
	var asked string
	r := &Runner{Config: cfg, Store: st, PIMSchema: func(_ context.Context, system string) (quality.PIMSchema, error) {
		asked = system
		return quality.PIMSchema{Attributes: []string{"description", "price"}, Locales: []string{"en_US"}, Channels: []string{"ecommerce"}}, nil
	}}
	job := config.Job{Name: "products", DataType: "products", Extract: config.Extract{System: "pim"}, Quality: &config.QualitySpec{Rules: "rules.yaml"}}
	runID, err := st.BeginRun(t.Context(), "products", store.TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	out, err := r.checkQuality(t.Context(), zerolog.New(&logs), job, runID)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`rule desc: locale \"de_DE\" does not exist in the PIM`, `rule img: attribute \"image\" does not exist in the PIM`, `rule price: not evaluated: no ERP prices in EUR are staged`}
	if asked != "pim" || len(out.Summary.Warnings) != 3 {
		t.Fatalf("asked %q, warnings %q", asked, out.Summary.Warnings)
	}
	report, err := os.ReadFile(filepath.Join(dir, "reports", "quality-1.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(logs.String(), `"level":"warn","message":"`+w) || !strings.Contains(string(report), w) {
			t.Errorf("log or report lacks %s:\n%s", w, logs.String())
		}
	}
}
