package salsify_test

import (
	"testing"

	"github.com/stewardhq/steward/config"
	settingsapi "github.com/stewardhq/steward/internal/api/salsify"
)

// decoded returns system's settings decoded as the connector kind decodes
// them once per config load.
func decoded(t testing.TB, f *config.File, system string) any {
	t.Helper()
	s, ps := settingsapi.DecodeSettings(f, system)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return s
}
