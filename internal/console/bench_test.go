package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// benchSchema names the layout of the cached benchmark database; change it
// when benchDB builds it differently.
const benchSchema = 2

// BenchmarkReviewQueue times the review queue's pages through the real
// handler on a store of 1,000,000 staged products and 100,000 pending
// drafts (STEWARD_BENCH_REVIEW_PRODUCTS sets the product count; drafts are a
// tenth). The database is built once and cached under os.TempDir.
//
//	go test -run '^$' -bench BenchmarkReviewQueue -benchtime 20x ./internal/console/
func BenchmarkReviewQueue(b *testing.B) {
	products := 1_000_000
	if v := os.Getenv("STEWARD_BENCH_REVIEW_PRODUCTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 100 {
			b.Fatalf("STEWARD_BENCH_REVIEW_PRODUCTS=%q: want a number of at least 100", v)
		}
		products = n
	}
	st := benchDB(b, products)
	cfg := &config.File{Jobs: []config.Job{productsJob}}
	srv := New(Deps{Review: st, Escalations: st, Audit: st, Config: cfg}, zerolog.Nop())
	m := mux(srv, ana)
	deep := int64(products/10) * 9 / 10
	for _, p := range []struct{ name, target string }{
		{"first", "/review"},
		{"filtered", "/review?family=family-3&locale=de_DE&status=pending"},
		{"deep", "/review?after=" + strconv.FormatInt(deep, 10)},
		{"deep_filtered", "/review?family=family-3&locale=de_DE&after=" + strconv.FormatInt(deep, 10)},
	} {
		b.Run(p.name, func(b *testing.B) {
			var shown int
			for b.Loop() {
				w := httptest.NewRecorder()
				m.ServeHTTP(w, httptest.NewRequestWithContext(b.Context(), http.MethodGet, p.target, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", p.target, w.Code)
				}
				shown = len(shownIDs(w.Body.String()))
			}
			if shown == 0 {
				b.Fatalf("GET %s shows no drafts", p.target)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
		})
	}
}

// benchDB opens the cached benchmark store of that many products, building
// it first (in one transaction per table, under a temporary name renamed
// when complete) if it is not there.
func benchDB(b *testing.B, products int) *store.Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("steward-bench-review-v%d-%d.db", benchSchema, products))
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		tmp := path + ".building"
		for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(f)
		}
		if err := buildBenchDB(b.Context(), tmp, products); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		// BeginRun leaves a note for the run's cause beside the database.
		leftovers, _ := filepath.Glob(tmp + ".run-*")
		for _, f := range leftovers {
			os.Remove(f)
		}
		b.Logf("built %s in %s", path, time.Since(start).Round(time.Second))
	}
	st, err := store.Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func buildBenchDB(ctx context.Context, path string, products int) error {
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	run, err := st.BeginRun(ctx, productsJob.Name, "manual")
	if err != nil {
		return err
	}
	if err := benchProducts(ctx, st, run, products); err != nil {
		return err
	}
	if err := benchDrafts(ctx, st, run, products/10); err != nil {
		return err
	}
	_, err = st.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

func benchProducts(ctx context.Context, st *store.Store, run int64, n int) error {
	tx, err := st.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO staged (data_type, source, key, hash, payload, updated_at, first_run, last_run) VALUES ('products', 'pim', ?, 'h', ?, '', ?, ?)`)
	if err != nil {
		return err
	}
	for i := range n {
		p := transform.Product{ID: benchKey(i), Identifier: fmt.Sprintf("SKU-%07d", i), Family: fmt.Sprintf("family-%d", i/10%20), Enabled: true,
			Values: []transform.Value{{Attribute: "name", Kind: transform.KindText, Text: fmt.Sprintf("Product %d", i)},
				{Attribute: "description", Locale: "en_US", Channel: "ecommerce", Kind: transform.KindText, Text: "A sturdy product made of cotton, in blue."}}}
		payload, _ := json.Marshal(p)
		if _, err := ins.ExecContext(ctx, p.ID, payload, run, run); err != nil {
			return err
		}
	}
	return tx.Commit()
}

var benchLocales = []string{"en_US", "de_DE", "fr_FR", "it_IT"}

func benchDrafts(ctx context.Context, st *store.Store, run int64, n int) error {
	tx, err := st.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO drafts (kind, product_key, sku, family, attribute, locale, channel, value, rule, generator, model,
		prompt_version, input_hash, status, reason, run_id, created_at, updated_at, facts) VALUES ('description', ?, ?, ?, 'description', ?, 'ecommerce', ?,
		'description_required', 'llm', 'm', '1', ?, 'pending', '', ?, ?, ?, '{"color":"blue","material":"cotton"}')`)
	if err != nil {
		return err
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	for i := range n {
		// Drafts are spread over the products, so the staged rows a page
		// reads are far apart as in a real catalogue.
		p := i * 10
		if _, err := ins.ExecContext(ctx, benchKey(p), fmt.Sprintf("SKU-%07d", p), fmt.Sprintf("family-%d", i%20), benchLocales[i/20%4],
			`"A soft and sturdy cotton product in blue, made to last."`, strconv.Itoa(i), run, now, now); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func benchKey(i int) string { return fmt.Sprintf("8f0c%08x-uuid", i) }
