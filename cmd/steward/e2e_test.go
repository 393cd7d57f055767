package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pq "github.com/parquet-go/parquet-go"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// startSandbox serves n products and writes a config for them into a temp dir.
func startSandbox(t testing.TB, n int, seed uint64) (*sandboxSystems, string) {
	t.Helper()
	return startSandboxWith(t, n, seed, sandbox.ConfigOptions{})
}

// startSandboxWith is startSandbox with config options.
func startSandboxWith(t testing.TB, n int, seed uint64, opt sandbox.ConfigOptions) (*sandboxSystems, string) {
	t.Helper()
	fixed := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	sb, err := runSandbox(sandbox.Options{Products: n, Seed: seed, Now: func() time.Time { return fixed }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), 5*time.Second)
		defer cancel()
		_ = sb.Close(ctx)
	})
	opt.BaseDelay, opt.Overlap = "5ms", "10m"
	cfg, err := sb.WriteConfig(t.TempDir(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return sb, cfg
}

// steward runs the CLI in-process and returns stdout and the exit code.
func steward(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRoot()
	root.SetArgs(append(args, "--log-level", "warn"))
	root.SetOut(&out)
	root.SetErr(&errOut)
	err := root.ExecuteContext(t.Context())
	code := exitCode(err)
	if code != 0 {
		t.Logf("steward %s: exit %d: %v\n%s", strings.Join(args, " "), code, err, errOut.String())
	}
	return out.String(), code
}

func lastRun(t *testing.T, cfg, job string) store.Run {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(filepath.Dir(cfg), "state", "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, err := st.ListRuns(t.Context(), job, 1)
	if err != nil || len(runs) == 0 {
		t.Fatalf("no run of %s: %v", job, err)
	}
	return runs[0]
}

// TestPricesAndProductsEndToEnd is the acceptance scenario of the core pipeline:
// 12,000 products staged, 200 prices written to the PIM, and a second run
// writes nothing.
func TestPricesAndProductsEndToEnd(t *testing.T) {
	t.Parallel()
	// The template generator keeps this test about the pipeline; the demo test covers the model.
	// A quarter of the reference catalog (same shares of defects) keeps the
	// suite fast; TestDemoApproveAll runs the full 12,000.
	const n = catalog.ReferenceProducts / 4
	sb, cfg := startSandboxWith(t, n, 1, sandbox.ConfigOptions{Generator: "template"})
	stale := 0
	for i := range n {
		if sb.Catalog.Defect(i) == catalog.StalePrice {
			stale++
		}
	}
	if stale != 50 {
		t.Fatalf("the catalog of %d has %d stale prices, want 50", n, stale)
	}
	if _, code := steward(t, "run", "prices", "products", "--config", cfg); code != 0 {
		t.Fatalf("first run exited %d", code)
	}
	prices, products := lastRun(t, cfg, "prices"), lastRun(t, cfg, "products")
	if products.Staged != n || products.Status != store.StatusSucceeded {
		t.Errorf("products: %+v; want %d staged", products, n)
	}
	if prices.Written != stale || prices.Rejected != 0 || prices.Status != store.StatusSucceeded {
		t.Errorf("prices: %+v; want %d written", prices, stale)
	}
	writes := sb.Akeneo.Writes()
	if len(writes) != stale {
		t.Errorf("the PIM saw writes for %d products, want %d", len(writes), stale)
	}
	for sku, n := range writes {
		i, ok := sb.Catalog.IndexOfSKU(sku)
		if !ok || sb.Catalog.Defect(i) != catalog.StalePrice || n != 1 {
			t.Errorf("write to %s (%d times) is not one of the stale prices", sku, n)
		}
	}
	calls := pimPatches(sb)
	if calls == 0 {
		t.Fatal("the PIM saw no PATCH request for the stale prices")
	}
	if _, code := steward(t, "run", "prices", "products", "--config", cfg); code != 0 {
		t.Fatalf("second run exited %d", code)
	}
	prices, products = lastRun(t, cfg, "prices"), lastRun(t, cfg, "products")
	if prices.Written != 0 || prices.Staged != 0 || products.Staged != 0 {
		t.Errorf("second run changed something: prices %+v, products %+v", prices.Counts, products.Counts)
	}
	if after := pimPatches(sb); after != calls {
		t.Errorf("second run sent %d PATCH requests to the PIM, want 0", after-calls)
	}
	checkSnapshot(t, filepath.Join(filepath.Dir(cfg), "state", "parquet", "products"), n)
}

// pimPatches counts the PATCH requests the PIM emulator saw on its product
// endpoints (by uuid or by identifier).
func pimPatches(sb *sandboxSystems) int {
	n := 0
	for k, v := range sb.Akeneo.Calls() {
		if strings.HasPrefix(k, "PATCH /api/rest/v1/products") {
			n += v
		}
	}
	return n
}

// snapshotRow mirrors load/parquet.Row for an independent reader.
type snapshotRow struct {
	Key      string `parquet:"key"`
	Source   string `parquet:"source"`
	Hash     string `parquet:"content_hash"`
	Updated  *int64 `parquet:"updated_at,optional"`
	FirstRun int64  `parquet:"first_run"`
	LastRun  int64  `parquet:"last_run"`
	Payload  string `parquet:"payload"`
}

// productSnapshotRow mirrors load/parquet.ProductRow for an independent
// reader.
type productSnapshotRow struct {
	ID         string   `parquet:"id"`
	Identifier string   `parquet:"identifier"`
	Family     string   `parquet:"family"`
	Categories []string `parquet:"categories"`
	Parent     string   `parquet:"parent"`
	Enabled    bool     `parquet:"enabled"`
	Updated    *int64   `parquet:"updated,optional"`
	Values     string   `parquet:"values"`
	Source     string   `parquet:"source"`
	Hash       string   `parquet:"content_hash"`
	FirstRun   int64    `parquet:"first_run"`
	LastRun    int64    `parquet:"last_run"`
}

// checkSnapshot reads every products snapshot in dir with
// parquet-go/parquet-go and checks each row against its content hash: the
// canonical product rebuilt from the row's columns hashes to it.
func checkSnapshot(t *testing.T, dir string, want int) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if len(files) == 0 {
		t.Fatalf("no snapshot in %s", dir)
	}
	for _, f := range files {
		rows, err := pq.ReadFile[productSnapshotRow](f)
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		if len(rows) != want {
			t.Errorf("%s: %d rows, want %d", f, len(rows), want)
		}
		seen := map[string]bool{}
		for _, r := range rows {
			p := transform.Product{ID: r.ID, Identifier: r.Identifier, Family: r.Family, Categories: r.Categories, Parent: r.Parent, Enabled: r.Enabled}
			if r.Updated != nil {
				p.Updated = time.UnixMilli(*r.Updated).UTC()
			}
			err := json.Unmarshal([]byte(r.Values), &p.Values)
			if len(p.Values) == 0 {
				p.Values = nil
			}
			if len(p.Categories) == 0 {
				p.Categories = nil
			}
			payload, _ := json.Marshal(p)
			sum := sha256.Sum256(payload)
			if err != nil || hex.EncodeToString(sum[:]) != r.Hash || seen[r.ID] || r.Updated == nil {
				t.Fatalf("%s: bad row %s (hash %s, dup %v, values %v)\n%s", f, r.ID, r.Hash, seen[r.ID], err, payload)
			}
			seen[r.ID] = true
		}
	}
}
