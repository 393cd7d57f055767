package quality

import (
	"os"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
)

// TestRulesYAMLPanicIsProblem: a rules file that makes the YAML library panic
// (issue 6 #20) is reported as a positioned problem, like a bad config.
func TestRulesYAMLPanicIsProblem(t *testing.T) {
	_, err := ParseRules("rules.yaml", []byte("version: 1\nrules: !00000 00"))
	ps, ok := config.AsProblems(err)
	if !ok || !strings.Contains(ps.Error(), "rules.yaml:2:1: rules: the YAML decoder failed") {
		t.Fatalf("want a positioned problem at rules, got %v", err)
	}
}

// FuzzParseRules feeds arbitrary bytes to the rules file parser: it must
// return rules or problems with a place and a message, never panic.
func FuzzParseRules(f *testing.F) {
	if b, err := os.ReadFile("../testdata/rules.example.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("version: 1\nrules:\n  - {id: a, type: pattern, attribute: name, pattern: '([a-z'}\n"))
	f.Add([]byte("version: 1\nrules:\n  - {id: u, type: unit, attribute: weight, units: [KILOGRAM], magnitude: {shirts: [0.1, 2]}}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := ParseRules("fuzz.yaml", b)
		if err == nil {
			if rs == nil {
				t.Fatal("no rules and no error")
			}
			return
		}
		if ps, ok := config.AsProblems(err); ok {
			for _, p := range ps {
				if p.File != "fuzz.yaml" || p.Msg == "" {
					t.Fatalf("problem without place or message: %#v", p)
				}
			}
		}
	})
}
