package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/quality/spell"
)

// startRealistic serves the realistic catalog of n products and writes a
// config for it with pim as its PIM, with the realistic rules, into a temp
// dir.
func startRealistic(t *testing.T, n int, seed uint64, pim string) (*sandboxSystems, string) {
	t.Helper()
	fixed := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	sb, err := runSandbox(sandbox.Options{Products: n, Seed: seed, Profile: catalog.Realistic, Now: func() time.Time { return fixed }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), 5*time.Second)
		defer cancel()
		_ = sb.Close(ctx)
	})
	cfg, err := sb.WriteConfig(t.TempDir(), sandbox.ConfigOptions{BaseDelay: "5ms", Overlap: "10m", Generator: "template", PIM: pim})
	if err != nil {
		t.Fatal(err)
	}
	if err := writeProfileRules(cfg, sb.Catalog.Profile); err != nil {
		t.Fatal(err)
	}
	return sb, cfg
}

// runRealistic runs the prices and products jobs of cfg and reads the
// newest JSON report, which must cover n products without warnings; dir is
// the reports folder.
func runRealistic(t *testing.T, cfg string, n int) (realisticReport, string) {
	t.Helper()
	if _, code := steward(t, "run", "prices", "products", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d", code)
	}
	dir := filepath.Join(filepath.Dir(cfg), "reports")
	var rep realisticReport
	b, err := os.ReadFile(newestReport(t, dir, "json"))
	if err != nil || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("read the JSON report: %v", err)
	}
	if rep.Total != n || len(rep.Warnings) != 0 {
		t.Fatalf("report: %d products, warnings %v", rep.Total, rep.Warnings)
	}
	return rep, dir
}

// realisticReport is what the test reads of the JSON report.
type realisticReport struct {
	Total    int                 `json:"total"`
	Passing  int                 `json:"passing"`
	Warnings []string            `json:"warnings"`
	Rules    []quality.RuleCount `json:"rules"`
	Grades   []quality.CellGroup `json:"channel_locale_grades"`
	Products []struct {
		SKU        string               `json:"sku"`
		Grades     string               `json:"grades"`
		Violations []store.ViolationRow `json:"violations"`
	} `json:"products"`
}

// TestRealisticProfileEveryPIM runs the prices and products jobs against
// the realistic catalog served by each PIM (Akeneo, Pimcore, Salsify, each
// through its own API and mapping) with the realistic rules, and compares
// the report's figures with a recount from what the catalog planted:
// incomplete products per channel and per channel × locale (from the
// requirements the PIM holds), typos per locale, bad GTINs, unknown options,
// missing images, and the products passing. The report reads nothing of the
// generator's bookkeeping; only this test does. Akeneo holds the profile's
// requirements as planted; Pimcore's mandatory flags and Salsify's required
// properties know no channel, so there a missing image leaves a product
// incomplete on print too (realisticRequirements).
func TestRealisticProfileEveryPIM(t *testing.T) {
	t.Parallel()
	for _, loc := range []string{"en_US", "de_DE", "fr_FR"} {
		if err := spell.Available(spell.DefaultDir, loc); err != nil && os.Getenv("STEWARD_REQUIRE_DICTIONARIES") == "" {
			t.Skip(err)
		}
	}
	for _, pim := range sandboxPIMNames() {
		t.Run(pim, func(t *testing.T) {
			t.Parallel()
			checkRealistic(t, pim)
		})
	}
}

// checkRealistic runs the realistic catalog's jobs with pim and checks the
// report against the recount.
func checkRealistic(t *testing.T, pim string) {
	const n = 600
	sb, cfg := startRealistic(t, n, 4, pim)
	rep, dir := runRealistic(t, cfg, n)
	want := recountRealistic(t, sb.Catalog, realisticRequirements(sb.Catalog, pim))
	planted := maps.Equal(want.incomplete, want.Planted.Incomplete) && maps.Equal(want.incompleteIn, want.Planted.IncompleteIn)
	if (pim == "akeneo") != planted {
		t.Fatalf("the recount's premise is off: with %s's requirements it gives %v %v, planted (the families' requirements) %v %v",
			pim, want.incomplete, want.incompleteIn, want.Planted.Incomplete, want.Planted.IncompleteIn)
	}
	got := tallyRealistic(t, sb.Catalog, rep)
	if got.incomplete["ecommerce"] != want.incomplete["ecommerce"] || got.incomplete["print"] != want.incomplete["print"] {
		t.Errorf("incomplete products per channel: report %v, planted %v", got.incomplete, want.incomplete)
	}
	for _, g := range rep.Grades {
		if g.Products != n || g.Products-g.Complete != want.incompleteIn[g.Name()] {
			t.Errorf("%s: %d products, %d complete; planted %d incomplete", g.Name(), g.Products, g.Complete, want.incompleteIn[g.Name()])
		}
	}
	cells := 0
	for _, ch := range sb.Catalog.Channels() {
		cells += len(ch.Locales)
	}
	if len(rep.Grades) != cells {
		t.Errorf("graded cells %d, want one per channel and locale, %d", len(rep.Grades), cells)
	}
	if got.typoHolders["en_US"] != want.TyposEN || got.typoHolders["de_DE"] != want.TyposDE || got.typoHolders["fr_FR"] != 0 || want.TyposEN == 0 {
		t.Errorf("misspelled descriptions per locale (value holders): report %v, planted en_US %d de_DE %d", got.typoHolders, want.TyposEN, want.TyposDE)
	}
	for rule, planted := range map[string]int{"ean-valid": want.BadGTIN, "color-option": want.UnknownOption, "image-present": want.MissingImage,
		"size-option": 0, "weight-unit": 0, "price-matches-erp": 0, "name-no-stray-whitespace": 0, "ean-unique": 0} {
		if got.byRule[rule] != planted {
			t.Errorf("rule %s: %d violations in the report, %d planted", rule, got.byRule[rule], planted)
		}
	}
	if rep.Passing != n-want.failing {
		t.Errorf("passing %d, want %d (%d products carry an incomplete channel, a bad GTIN or an unknown option)", rep.Passing, n-want.failing, want.failing)
	}
	if got.completeVariants == 0 {
		t.Error("no variant is complete: variants were not evaluated with the values they inherit")
	}
	checkGradesCSV(t, dir, cells)
}

// reportTally is what the report says, counted.
type reportTally struct {
	incomplete       map[string]int // products per channel with a completeness violation
	typoHolders      map[string]int // value holders (simple products, models) per locale with a misspelled description
	byRule           map[string]int
	completeVariants int
}

func tallyRealistic(t *testing.T, c *catalog.Catalog, rep realisticReport) reportTally {
	t.Helper()
	got := reportTally{incomplete: map[string]int{}, typoHolders: map[string]int{}, byRule: map[string]int{}}
	for _, r := range rep.Rules {
		got.byRule[r.ID] = r.Violations
	}
	cells := 0
	for _, ch := range c.Channels() {
		cells += len(ch.Locales)
	}
	holders := map[string]bool{}
	incompleteSKU := map[string]bool{}
	for _, p := range rep.Products {
		i, ok := c.IndexOfSKU(p.SKU)
		if !ok {
			t.Fatalf("the report names %s, not a product of the catalog", p.SKU)
		}
		if n := len(strings.Fields(p.Grades)); n != cells {
			t.Errorf("%s: grades %q, want one per channel and locale", p.SKU, p.Grades)
		}
		holder := cmp.Or(c.ModelOf(i), p.SKU)
		channels := map[string]bool{}
		for _, v := range p.Violations {
			switch v.Rule {
			case "complete":
				channels[v.Channel] = true
				incompleteSKU[p.SKU] = true
			case "description-spelling":
				if !holders[v.Locale+holder] {
					holders[v.Locale+holder] = true
					got.typoHolders[v.Locale]++
				}
			}
		}
		for ch := range channels {
			got.incomplete[ch]++
		}
	}
	for i := range c.N {
		if c.ModelOf(i) != "" && !incompleteSKU[c.SKU(i)] {
			got.completeVariants++
		}
	}
	return got
}

// checkGradesCSV reads the grades CSV: a header and one row per cell.
func checkGradesCSV(t *testing.T, dir string, cells int) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "quality-*.grades.csv"))
	if len(files) == 0 {
		t.Fatal("no grades CSV")
	}
	b, _ := os.ReadFile(files[len(files)-1])
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) != cells+1 || rows[0][1] != "channel" {
		t.Fatalf("grades CSV %v, %v", rows, err)
	}
	for _, row := range rows[1:] {
		if _, err := strconv.Atoi(row[3]); err != nil || !strings.Contains("ABCDE", row[9]) {
			t.Errorf("grades CSV row %v", row)
		}
	}
}

// TestRealisticRulesFileIsTheSandboxs: the rules the sandbox writes for the
// realistic profile are testdata/rules.realistic.yaml.
func TestRealisticRulesFileIsTheSandboxs(t *testing.T) {
	want, err := os.ReadFile("../../testdata/rules.realistic.yaml")
	if err != nil || !bytes.Equal(want, realisticRulesYAML) {
		t.Errorf("cmd/steward/sandbox_rules_realistic.yaml differs from testdata/rules.realistic.yaml (%v)", err)
	}
}
