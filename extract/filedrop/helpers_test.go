package filedrop

import (
	"fmt"
	api "github.com/stewardhq/steward/internal/api/filedrop"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/record"
)

const configText = `version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  drop:
    kind: filedrop
    settings:
      folder: %q
%s
jobs:
  - name: job
    data_type: %s
    cadence: "@daily"
    extract: {system: drop, entity: %s, mode: incremental, cursor_field: updated, page_size: %d}
`

// pricesSettings map a German ERP's price export.
const pricesSettings = `      delimiter: ";"
      key: KONDNR
      updated: GEAENDERT
      columns: {MATNR: sku, PREIS: amount, WAEHRUNG: currency, AB: valid_from}`

const pricesHeader = "KONDNR;MATNR;PREIS;WAEHRUNG;AB;GEAENDERT\n"

// parse reads a config; until non-HTTP kinds need no base_url in config
// validation, that one problem is the only one tolerated.
func parse(t *testing.T, text string) *config.File {
	t.Helper()
	f, err := config.Parse("s.yaml", []byte(text), nil, func(string) (string, bool) { return "", false })
	if err != nil {
		ps, _ := config.AsProblems(err)
		for _, p := range ps {
			if !strings.HasSuffix(p.Path, ".base_url") {
				t.Fatalf("config: %v", err)
			}
		}
	}
	return f
}

// newExtractor builds the extractor of a drop folder on a fixed clock.
func newExtractor(t *testing.T, dir, settings, dataType string, pageSize int) *Extractor {
	t.Helper()
	f := parse(t, fmt.Sprintf(configText, dir, settings, dataType, dataType, pageSize))
	job, _ := f.Job("job")
	decoded, sps := api.DecodeSettings(f, "drop")
	if len(sps) > 0 {
		t.Fatal(sps)
	}
	ex, err := New(extract.Spec{System: "drop", Config: f, Settings: decoded, Job: job, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	e := ex.(*Extractor)
	e.folder.Now = func() time.Time { return time.Now().Add(time.Hour) }
	return e
}

// drop writes a file into the folder with a modification time some minutes
// past a fixed base, so tests order files deterministically.
func drop(t *testing.T, dir, name, text string, minute int) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	mt := time.Date(2026, 3, 1, 8, minute, 0, 0, time.UTC)
	if err := os.Chtimes(p, mt, mt); err != nil {
		t.Fatal(err)
	}
}

// result is what a run of the extractor yielded.
type result struct {
	pages []record.Page
	recs  []record.Record
	bad   []record.Quarantined
	last  record.Cursor
}

// run reads every page from cur as the runner does; with stored it tells the
// extractor each page was stored (the runner's call after its commit).
// stopAfter > 0 stops after that many pages, as a kill would.
func run(t *testing.T, e *Extractor, cur record.Cursor, stored bool, stopAfter int) result {
	t.Helper()
	res := result{last: cur}
	for page, err := range e.Extract(t.Context(), cur) {
		if err != nil {
			t.Fatalf("extract: %v", err)
		}
		// The store writes the cursor as JSON; so does the test.
		b, err := page.Cursor.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if res.last, err = record.ParseCursor(b); err != nil {
			t.Fatal(err)
		}
		res.pages = append(res.pages, page)
		res.recs = append(res.recs, page.Records...)
		res.bad = append(res.bad, page.Quarantined...)
		if stored {
			if err := e.Stored(t.Context(), res.last); err != nil {
				t.Fatalf("stored: %v", err)
			}
		}
		if stopAfter > 0 && len(res.pages) == stopAfter {
			break
		}
	}
	return res
}

func keys(recs []record.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Key)
	}
	return out
}

// ls lists a folder's names, "" for the drop folder itself.
func ls(t *testing.T, dir, sub string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, sub))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}
