package akeneo_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/akeneo"
)

// TestFactoryTakesDecodedSettings: the factory reads the settings the wiring
// decoded once (Spec.Settings) and refuses a spec without them, naming the
// system, instead of decoding the config file again.
func TestFactoryTakesDecodedSettings(t *testing.T) {
	_, err := akeneo.New(load.Spec{System: "sys1", Settings: "not settings"})
	if err == nil || !strings.Contains(err.Error(), "system sys1") || !strings.Contains(err.Error(), "string") {
		t.Fatalf("a spec without decoded settings: %v", err)
	}
}
