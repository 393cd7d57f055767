package filedrop_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/filedrop"
)

// Parse reads a config; until non-HTTP kinds need no base_url in config
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

const settingsConfig = `version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  drop:
    kind: filedrop
    settings:
      folder: /data/drop
      format: xml
      encoding: cp1252
      delimiter: ";;"
      header: false
      pattern: "[a"
      processed: ../out
      attributes:
        FARBE: {kind: colour}
      colums: {}
`

// TestSettingsProblems: every problem at once, each at its key with line and
// column and a hint.
func TestSettingsProblems(t *testing.T) {
	ps := filedrop.CheckSettings(parse(t, settingsConfig), "drop")
	want := map[string]int{ // path -> line
		"systems.drop.settings.format":                8,
		"systems.drop.settings.encoding":              9,
		"systems.drop.settings.delimiter":             10,
		"systems.drop.settings.header":                11,
		"systems.drop.settings.pattern":               12,
		"systems.drop.settings.processed":             13,
		"systems.drop.settings.attributes.FARBE":      15,
		"systems.drop.settings.attributes.FARBE.kind": 15,
		"systems.drop.settings.colums":                16,
	}
	got := map[string]int{}
	for _, p := range ps {
		got[p.Path] = p.Line
		if p.Hint == "" || p.Col == 0 {
			t.Errorf("problem without hint or column: %#v", p)
		}
	}
	for path, line := range want {
		if got[path] != line {
			t.Errorf("problem at %s: line %d, want %d (all: %v)", path, got[path], line, ps)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("%d problems, want %d: %v", len(ps), len(want), ps)
	}
}

// TestSettingsDefaults: a minimal section decodes with the defaults.
func TestSettingsDefaults(t *testing.T) {
	f := parse(t, strings.Replace(settingsConfig[:strings.Index(settingsConfig, "      format")], "", "", 1))
	s, ps := filedrop.DecodeSettings(f, "drop")
	if len(ps) != 0 || s.Format != filedrop.CSV || s.Encoding != filedrop.UTF8 || s.Comma() != ',' || !s.HasHeader() ||
		s.Pattern != "*" || s.Processed != "processed" || s.Rejected != "rejected" || s.DoneMarker || s.StableWait() != 0 {
		t.Fatalf("settings %+v, problems %v", s, ps)
	}
}

// TestProbe: a folder that exists answers with its waiting files; a missing
// one is an error naming the listing.
func TestProbe(t *testing.T) {
	dir := t.TempDir()
	text := "version: 1\nstaging: {sqlite: x.db, parquet_dir: pq}\nsystems:\n  drop:\n    kind: filedrop\n    settings: {folder: %q}\n"
	f := parse(t, fmt.Sprintf(text, dir))
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	detail, err := filedrop.Probe(f, "drop")
	if err != nil || !strings.Contains(detail, "1 complete files waiting") {
		t.Fatalf("probe: %q %v", detail, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("probe left %v", entries)
	}
	f = parse(t, fmt.Sprintf(text, filepath.Join(dir, "missing")))
	if _, err := filedrop.Probe(f, "drop"); err == nil || !strings.Contains(err.Error(), "list drop folder") {
		t.Fatalf("missing folder: %v", err)
	}
}
