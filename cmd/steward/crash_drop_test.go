package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// dropSystem is a file drop holding the ERP's price export, read by the
// prices job instead of the OData service.
const dropSystem = `  drop:
    kind: filedrop
    settings:
      folder: %s
      format: csv
      delimiter: ";"
      pattern: "prices_*.csv"
      key: KONDNR
      columns: {MATNR: sku, PREIS: amount, WAEHRUNG: currency}
`

// pricesFromDrop writes the catalog's ERP prices as one CSV export into a
// drop folder beside cfg and points the prices job at it.
func pricesFromDrop(t *testing.T, sb *sandboxSystems, cfg string) {
	t.Helper()
	dir := filepath.Join(filepath.Dir(cfg), "drop")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("KONDNR;MATNR;PREIS;WAEHRUNG\n")
	for i := range sb.Catalog.N {
		fmt.Fprintf(&b, "%010d;%s;%s;EUR\n", i+1, sb.Catalog.SKU(i), catalog.Cents(sb.Catalog.ERPPrice(i)))
	}
	if err := os.WriteFile(filepath.Join(dir, "prices_1.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(raw), "systems:\n", "systems:\n"+fmt.Sprintf(dropSystem, dir), 1)
	job := "      system: erp\n      entity: prices\n      mode: incremental\n      cursor_field: LastChangeDateTime\n"
	if !strings.Contains(text, job) {
		t.Fatal("the sandbox config has no prices job reading the ERP")
	}
	text = strings.Replace(text, job, "      system: drop\n      entity: prices\n      mode: incremental\n", 1)
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dropFiles lists the files below a drop folder, by path relative to it.
func dropFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files = append(files, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// TestPricesFromAFileDrop: the prices job reads the ERP's export from a file
// drop, writes the stale prices to the PIM, and moves the file to processed/
// as soon as its last page is stored; a second run reads nothing.
func TestPricesFromAFileDrop(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 600, 5, sandboxConfig("pimcore"))
	pricesFromDrop(t, sb, cfg)
	if out, code := steward(t, "validate", "--config", cfg); code != 0 {
		t.Fatalf("validate a config with a file drop: %s", out)
	}
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("prices from the file drop failed")
	}
	stale := 0
	for i := range sb.Catalog.N {
		if sb.Catalog.Defect(i) == catalog.StalePrice {
			stale++
		}
	}
	run := lastRun(t, cfg, "prices")
	if run.Read != sb.Catalog.N || run.Written != stale || run.Rejected != 0 {
		t.Errorf("prices from the drop: %+v, want %d read and %d written", run.Counts, sb.Catalog.N, stale)
	}
	if got := dropFiles(t, filepath.Join(filepath.Dir(cfg), "drop")); !slices.Equal(got, []string{filepath.Join("processed", "prices_1.csv")}) {
		t.Errorf("the drop folder holds %v after the run, want the file in processed/", got)
	}
	if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
		t.Fatal("second run failed")
	}
	if run := lastRun(t, cfg, "prices"); run.Read != 0 || run.Written != 0 {
		t.Errorf("a second run read the drop again: %+v", run.Counts)
	}
}
