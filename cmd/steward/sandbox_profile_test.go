package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
)

// TestSandboxProfileFlag: steward sandbox --profile realistic serves the
// realistic catalog, writes its rules beside the config and saves the
// profile with its state; a --profile contradicting a saved state, or one
// that does not exist, is refused.
func TestSandboxProfileFlag(t *testing.T) {
	t.Parallel()
	dir, state := t.TempDir(), t.TempDir()
	_, stop := serveAsPrinted(t, []string{"sandbox", "--listen", "127.0.0.1:0", "--profile", "realistic", "--products", "12",
		"--write-config", dir, "--state", state})
	out := stop()
	if !strings.Contains(out, "profile: realistic") {
		t.Errorf("the sandbox does not say its profile:\n%s", out)
	}
	rules, err := os.ReadFile(filepath.Join(dir, "rules.yaml"))
	if err != nil || !bytes.Equal(rules, realisticRulesYAML) {
		t.Errorf("rules written for the realistic profile: %v\n%s", err, rules)
	}
	if _, code := steward(t, "validate", "--config", filepath.Join(dir, "steward.yaml")); code != 0 {
		t.Errorf("validate of the realistic sandbox's config exited %d", code)
	}
	st, err := sandbox.ReadState(state)
	if err != nil || st == nil || st.Profile != "realistic" {
		t.Fatalf("saved state %+v, %v", st, err)
	}
	_, msg, code := stewardErr(t, "sandbox", "--listen", "127.0.0.1:0", "--state", state, "--profile", "headline")
	if code != 2 || !strings.Contains(msg, "--profile headline does not match") {
		t.Errorf("a profile against the saved state: exit %d, %q", code, msg)
	}
	_, msg, code = stewardErr(t, "sandbox", "--listen", "127.0.0.1:0", "--profile", "fancy")
	if code == 0 || !strings.Contains(msg, `"fancy"`) {
		t.Errorf("an unknown profile: exit %d, %q", code, msg)
	}
}
