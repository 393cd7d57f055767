package main

import (
	"context"
	"maps"
	"slices"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	akeneoextract "github.com/stewardhq/steward/extract/akeneo"
	odataextract "github.com/stewardhq/steward/extract/odata"
	akeneoapi "github.com/stewardhq/steward/internal/api/akeneo"
	odataapi "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/load"
	akeneoload "github.com/stewardhq/steward/load/akeneo"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform/drafts"
)

// connectors is the one place that knows every system kind: its settings
// check, its extractor and its loader (nil when it has none), its connection
// probe for validate --connect, and, for a PIM, its schema reader (the
// attribute codes, locales and channels rules are checked against, by
// validate --connect and by every run's quality check).
var connectors = map[string]struct {
	check   func(*config.File, string) config.Problems
	extract extract.Factory
	load    load.Factory
	probe   prober
	schema  func(context.Context, *httpx.Client) (quality.PIMSchema, error)
}{
	"akeneo": {akeneoapi.CheckSettings, akeneoextract.New, akeneoload.New, probeAkeneo, akeneoextract.ReadSchema},
	"odata":  {odataapi.CheckSettings, odataextract.New, nil, probeOData, nil},
	"openai": {drafts.CheckLLMSettings, nil, nil, probeOpenAI, nil},
}

func registries() (*extract.Registry, *load.Registry) {
	ex, ld := extract.NewRegistry(), load.NewRegistry()
	for kind, c := range connectors {
		if c.extract != nil {
			ex.Register(kind, c.extract)
		}
		if c.load != nil {
			ld.Register(kind, c.load)
		}
	}
	return ex, ld
}

func kinds() []string {
	var ks []string
	for k := range connectors {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// checkSettings runs each system's connector check over its raw section.
func checkSettings(f *config.File) config.Problems {
	var ps config.Problems
	for _, name := range slices.Sorted(maps.Keys(f.Systems)) {
		if c, ok := connectors[f.Systems[name].Kind]; ok {
			ps = append(ps, c.check(f, name)...)
		}
	}
	return ps
}
