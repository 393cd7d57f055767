package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// TestRunWarnsAboutRulesNamingWhatThePIMLacks (issue 6 item 25): a run
// against the sandbox reads the PIM's attributes, locales and channels, and
// its JSON report warns about a rule on an attribute the PIM lacks
// (energy_label) and one in locale de_DE (listed by the PIM but not enabled);
// rules naming only what the PIM has, such as the sandbox's image-present,
// are not warned about.
func TestRunWarnsAboutRulesNamingWhatThePIMLacks(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 40, 5)
	rules := filepath.Join(filepath.Dir(cfg), "rules.yaml")
	f, err := os.OpenFile(rules, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString("  - {id: energy-label, type: required, attribute: energy_label}\n" +
		"  - {id: name-de, type: required, attribute: name, locales: [de_DE], channels: [ecommerce]}\n")
	if err := errors.Join(err, f.Close()); err != nil {
		t.Fatal(err)
	}
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatalf("run exited %d", code)
	}
	run := lastRun(t, cfg, "products")
	b, err := os.ReadFile(filepath.Join(filepath.Dir(cfg), "reports", fmt.Sprintf("quality-%d.json", run.ID)))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	want := []string{`rule energy-label: attribute "energy_label" does not exist in the PIM`, `rule name-de: locale "de_DE" does not exist in the PIM`}
	var refs []string
	for _, w := range rep.Warnings {
		if strings.Contains(w, "does not exist in the PIM") {
			refs = append(refs, w)
		}
	}
	if !slices.Equal(refs, want) {
		t.Errorf("report warnings %q; want exactly %q about unknown references", rep.Warnings, want)
	}
}

// TestPIMSchemaOfASystem: the schema validate --connect checks rules against,
// read for a system by name; a system that is not a PIM has none.
func TestPIMSchemaOfASystem(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 5, 5)
	f, err := config.Load(cfg, known())
	if err != nil {
		t.Fatal(err)
	}
	pim, err := PIMSchema(t.Context(), f, "pim", zerolog.Nop())
	if err != nil || !slices.Contains(pim.Attributes, "description") || !slices.Equal(pim.Locales, []string{"en_US"}) || !slices.Equal(pim.Channels, []string{"ecommerce"}) {
		t.Errorf("schema of pim: %+v, %v", pim, err)
	}
	if _, err := PIMSchema(t.Context(), f, "erp", zerolog.Nop()); !errors.Is(err, errNoSchema) {
		t.Errorf("schema of erp (OData): %v, want errNoSchema", err)
	}
	if _, err := PIMSchema(t.Context(), f, "nope", zerolog.Nop()); err == nil {
		t.Error("a system not configured has a schema")
	}
}
