package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrivacyKeyFileMustNotBeEmpty: an empty key file (or one holding only a
// line break) leaves the privacy key empty, which pseudonymizes nothing that
// was learned and gives every value the same unkeyed "pii:redacted": the
// config must refuse it, as it refuses an unset key variable.
func TestPrivacyKeyFileMustNotBeEmpty(t *testing.T) {
	withKey := strings.Replace(good, "systems:", "privacy:\n  key: ${PIM_SECRET}\nsystems:", 1) + leadsJob
	p := filepath.Join(t.TempDir(), "pii.key")
	if err := os.WriteFile(p, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Parse("bad.yaml", []byte(strings.Replace(withKey, "key: ${PIM_SECRET}", "key_file: "+p, 1)), personalKinds, env)
	if err == nil {
		t.Errorf("an empty privacy key file is accepted (key %q)", f.Privacy.Key.Reveal())
	}
}
