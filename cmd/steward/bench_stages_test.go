package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/akeneo"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load/parquet"
	"github.com/stewardhq/steward/transform"
)

// stageFetch is the rate of steward's fetch stage alone: the extractor
// reading, decoding and mapping every page from the static server.
func stageFetch(b *testing.B, pim *staticPIM, n int) float64 {
	b.Helper()
	f, err := config.Load(writeBenchConfig(b, pim.URL), known())
	if err != nil {
		b.Fatal(err)
	}
	c, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Auth: connectors().Auths()})
	if err != nil {
		b.Fatal(err)
	}
	job, _ := f.Job("products")
	settings, _ := connectors().Decode(f)
	x, err := akeneo.New(extract.Spec{System: "pim", Config: f, Settings: settings["pim"], Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		b.Fatal(err)
	}
	start, got := time.Now(), 0
	for p, err := range x.Extract(context.Background(), record.Cursor{}) {
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range p.Records {
			_ = r.Hash()
		}
		got += len(p.Records)
	}
	if got != n {
		b.Fatalf("fetched %d of %d", got, n)
	}
	return float64(n) / time.Since(start).Seconds()
}

// benchPayload is a staged canonical product of realistic size for the raw
// stages.
func benchPayload(i int) []byte {
	return fmt.Appendf(nil, `{"id":"00000000-5eed-4000-8000-%012x","identifier":"SKU-%07d","family":"shirts","categories":["master_shirts"],"enabled":true,"values":[{"attribute":"color","kind":"text","text":"red"},{"attribute":"description","locale":"en_US","channel":"ecommerce","kind":"text","text":"The Classic red Shirt weighs 0.512 kg."},{"attribute":"ean","kind":"text","text":"4001234567890"},{"attribute":"name","locale":"en_US","kind":"text","text":"Classic red Shirt %d"},{"attribute":"price","kind":"prices","amounts":[{"amount":"49.90","currency":"EUR"}]},{"attribute":"sku","kind":"text","text":"SKU-%07d"},{"attribute":"weight","kind":"metric","number":"0.512","unit":"KILOGRAM"}],"updated":"2026-01-05T08:00:00Z"}`, i, i, i, i)
}

// stageSQLite is the raw rate of inserting the records with a plain prepared
// statement, committing every 100 rows as the pipeline does per page.
func stageSQLite(b *testing.B, n int) float64 {
	b.Helper()
	path := filepath.Join(b.TempDir(), "raw.db")
	db, err := sqlx.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (k TEXT PRIMARY KEY, h TEXT, p BLOB) WITHOUT ROWID`); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for i := 0; i < n; i += 100 {
		tx, _ := db.Begin()
		stmt, _ := tx.Prepare(`INSERT INTO t (k, h, p) VALUES (?, ?, ?)`)
		for k := i; k < min(i+100, n); k++ {
			p := benchPayload(k)
			sum := sha256.Sum256(p)
			if _, err := stmt.Exec(fmt.Sprintf("k%09d", k), hex.EncodeToString(sum[:]), p); err != nil {
				b.Fatal(err)
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

// stageParquet is the raw rate of writing the records to a snapshot.
func stageParquet(b *testing.B, n int) float64 {
	b.Helper()
	src := rowSource(n)
	start := time.Now()
	snap, err := parquet.Write(context.Background(), src, transform.Products, b.TempDir(), 1)
	if err != nil || snap.Rows != n {
		b.Fatalf("parquet: %v (%d rows)", err, snap.Rows)
	}
	return float64(n) / time.Since(start).Seconds()
}

type rowSource int

func (n rowSource) EachStaged(_ context.Context, _ string, fn func(store.StagedRow) error) error {
	for i := range int(n) {
		p := benchPayload(i)
		if err := fn(store.StagedRow{Key: fmt.Sprintf("k%09d", i), Source: "pim", Hash: "h", Payload: p, UpdatedAt: "2026-01-05T08:00:00Z", FirstRun: 1, LastRun: 1}); err != nil {
			return err
		}
	}
	return nil
}
