package main

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// realisticRulesYAML are the rules of the realistic catalog (a copy of
// testdata/rules.realistic.yaml, which a test keeps equal).
//
//go:embed sandbox_rules_realistic.yaml
var realisticRulesYAML []byte

// writeProfileRules puts the rules of the catalog's profile beside the
// sandbox config written as path: the realistic catalog is checked for
// completeness from its families' requirements and for spelling; the
// headline catalog keeps the rules the config writer wrote.
func writeProfileRules(path, profile string) error {
	if profile != catalog.Realistic {
		return nil
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "rules.yaml"), realisticRulesYAML, 0o644); err != nil {
		return fmt.Errorf("write the realistic catalog's rules: %w", err)
	}
	return nil
}

// sameProfile reports whether two profile names mean one profile ("" is
// the headline profile).
func sameProfile(a, b string) bool {
	norm := func(p string) string {
		if p == "" {
			return catalog.Headline
		}
		return p
	}
	return norm(a) == norm(b)
}
