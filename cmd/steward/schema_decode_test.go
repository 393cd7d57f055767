package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/jobs"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
)

// fakePIMSettings is the fake PIM kind's decoded settings section.
type fakePIMSettings struct {
	Attribute string `yaml:"attribute"`
}

// fakePIM is a kind with a schema reader that counts how often its
// settings are decoded.
func fakePIM(decodes *int) connector.Kind {
	return connector.Kind{
		Name: "fakepim",
		Decode: func(f *config.File, system string) (any, config.Problems) {
			*decodes++
			var s fakePIMSettings
			return s, f.Section(system, &s)
		},
		Schema: func(_ context.Context, settings any, _ *httpx.Client) (quality.PIMSchema, error) {
			s, ok := settings.(fakePIMSettings)
			if !ok {
				return quality.PIMSchema{}, fmt.Errorf("settings %T", settings)
			}
			return quality.PIMSchema{Attributes: []string{s.Attribute}}, nil
		},
	}
}

// TestRunnerSchemaUsesTheRunsSettings (issue 7 item 4): the runner's quality
// hook reads the PIM's schema with the settings the run decoded, not by
// decoding the system's section a second time.
func TestRunnerSchemaUsesTheRunsSettings(t *testing.T) {
	decodes := 0
	kinds := connector.NewRegistry()
	kinds.Register(fakePIM(&decodes))
	dir := t.TempDir()
	yaml := strings.ReplaceAll(`version: 1
staging: {sqlite: DIR/s.db, parquet_dir: DIR/pq}
systems:
  pim:
    kind: fakepim
    settings: {attribute: colour}
jobs: []
`, "DIR", dir)
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(yaml), kinds.Known(transform.Builtin()), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	settings, ps := kinds.Decode(f)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	r := &jobs.Runner{Config: f, Kinds: kinds, Settings: settings, Log: zerolog.Nop()}
	pim, err := runnerSchema(r)(t.Context(), "pim")
	if err != nil || !slices.Equal(pim.Attributes, []string{"colour"}) {
		t.Fatalf("schema %+v, %v; want attribute colour", pim, err)
	}
	if decodes != 1 {
		t.Errorf("the settings were decoded %d times in one run; want once", decodes)
	}
}
