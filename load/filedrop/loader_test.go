package filedrop

import (
	"encoding/json"
	"errors"
	"fmt"
	api "github.com/stewardhq/steward/internal/api/filedrop"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/atomicfile"
	"github.com/stewardhq/steward/load"
)

const configText = `version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  out:
    kind: filedrop
    settings:
      folder: %q
%s
`

// newLoader builds the loader of an export folder owning fields.
func newLoader(t *testing.T, dir, settings string, fields ...string) *Loader {
	t.Helper()
	f, err := config.Parse("s.yaml", []byte(fmt.Sprintf(configText, dir, settings)), nil, func(string) (string, bool) { return "", false })
	if err != nil {
		ps, _ := config.AsProblems(err)
		for _, p := range ps {
			if !strings.HasSuffix(p.Path, ".base_url") { // non-HTTP kinds need none; config will know
				t.Fatalf("config: %v", err)
			}
		}
	}
	decoded, sps := api.DecodeSettings(f, "out")
	if len(sps) > 0 {
		t.Fatal(sps)
	}
	l, err := New(load.Spec{System: "out", Config: f, Settings: decoded, Target: config.Target{System: "out", Fields: fields}, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return l.(*Loader)
}

func items() []load.Item {
	return []load.Item{
		{ID: 1, ExternalID: "SKU-1", Fields: map[string]json.RawMessage{"price": json.RawMessage(`{"amount":"12.50","currency":"EUR"}`), "name": json.RawMessage(`"Größe; \"L\""`)}},
		{ID: 2, ExternalID: "SKU-2", Fields: map[string]json.RawMessage{"name": json.RawMessage(`"=HYPERLINK(\"x\")"`), "qty": json.RawMessage(`-3`)}},
		{ID: 3, ExternalID: "SKU-3", Fields: map[string]json.RawMessage{}},
	}
}

func exports(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestExportCSV: one file per batch with the owned fields as columns (the
// column map's names; an object field as one column per member), formulas
// neutralised, items without fields rejected;
// a replay of the batch finds the same file and writes no second one.
func TestExportCSV(t *testing.T) {
	dir := t.TempDir()
	l := newLoader(t, dir, `      delimiter: ";"
      key: MATNR
      columns: {BEZEICHNUNG: name, PREIS: price.amount, WAEHRUNG: price.currency}`, "name", "price", "qty")
	out, err := l.Write(t.Context(), items())
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written || out[1].Status != load.Written || out[2].Status != load.Rejected || !strings.Contains(out[2].Reason, "SKU-3 carries no owned field") {
		t.Fatalf("outcomes %+v", out)
	}
	names := exports(t, dir)
	if len(names) != 1 || !strings.HasPrefix(names[0], "out-") || !strings.HasSuffix(names[0], ".csv") {
		t.Fatalf("folder holds %v", names)
	}
	got, _ := os.ReadFile(filepath.Join(dir, names[0]))
	want := "MATNR;BEZEICHNUNG;PREIS;WAEHRUNG;qty\n" +
		"SKU-1;\"Größe; \"\"L\"\"\";12.50;EUR;\n" +
		"SKU-2;\"'=HYPERLINK(\"\"x\"\")\";;;-3\n"
	if string(got) != want {
		t.Fatalf("export\n%s\nwant\n%s", got, want)
	}
	again, err := l.Write(t.Context(), items())
	if err != nil || again[0].Status != load.Unchanged || again[2].Status != load.Rejected || len(exports(t, dir)) != 1 {
		t.Fatalf("replay: %+v %v, folder %v", again, err, exports(t, dir))
	}
}

// TestExportNDJSONLatin1: NDJSON keeps each field's JSON; Latin-1 encodes
// accents and rejects the item whose text it cannot hold (the euro sign).
func TestExportNDJSONLatin1(t *testing.T) {
	dir := t.TempDir()
	l := newLoader(t, dir, "      format: ndjson\n      encoding: latin-1", "name", "price")
	batch := items()[:1]
	batch = append(batch, load.Item{ID: 4, ExternalID: "SKU-4", Fields: map[string]json.RawMessage{"name": json.RawMessage(`"5 €"`)}})
	out, err := l.Write(t.Context(), batch)
	if err != nil || out[0].Status != load.Written || out[1].Status != load.Rejected || !strings.Contains(out[1].Reason, "latin-1") {
		t.Fatalf("outcomes %+v %v", out, err)
	}
	names := exports(t, dir)
	got, _ := os.ReadFile(filepath.Join(dir, names[0]))
	want := "{\"external_id\":\"SKU-1\",\"name\":\"Gr\xf6\xdfe; \\\"L\\\"\",\"price\":{\"amount\":\"12.50\",\"currency\":\"EUR\"}}\n"
	if len(names) != 1 || !strings.HasSuffix(names[0], ".ndjson") || string(got) != want {
		t.Fatalf("folder %v, export %q, want %q", names, got, want)
	}
}

// TestExportAtomic: while the export is being written only a hidden
// temporary file is in the folder, never the export's name; a write that
// fails leaves nothing behind and is an error for the whole batch.
func TestExportAtomic(t *testing.T) {
	dir := t.TempDir()
	l := newLoader(t, dir, "", "name")
	var during []string
	l.write = func(path string, fill func(*os.File) error) error {
		return atomicfile.Write(path, func(f *os.File) error {
			if err := fill(f); err != nil {
				return err
			}
			during = exports(t, dir)
			return errors.New("disk full")
		})
	}
	if _, err := l.Write(t.Context(), items()[:2]); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
	if len(during) != 1 || !strings.HasPrefix(during[0], ".out-") || !strings.HasSuffix(during[0], ".tmp") {
		t.Fatalf("visible while writing: %v", during)
	}
	if names := exports(t, dir); len(names) != 0 {
		t.Fatalf("left behind: %v", names)
	}
}

// TestExportMixedObject: an item whose field is not an object where the
// batch's others are is rejected, not written with empty member cells.
func TestExportMixedObject(t *testing.T) {
	dir := t.TempDir()
	l := newLoader(t, dir, "", "price")
	batch := append(items()[:1], load.Item{ID: 9, ExternalID: "SKU-9", Fields: map[string]json.RawMessage{"price": json.RawMessage(`"12.50"`)}})
	out, err := l.Write(t.Context(), batch)
	if err != nil || out[0].Status != load.Written || out[1].Status != load.Rejected || !strings.Contains(out[1].Reason, "not an object") {
		t.Fatalf("outcomes %+v %v", out, err)
	}
}
