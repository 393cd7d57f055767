package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validateCLI runs steward in-process and returns stdout, the error text and
// the exit code.
func validateCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRoot()
	root.SetArgs(append(args, "--log-level", "error"))
	root.SetOut(&out)
	root.SetErr(&errOut)
	err := root.ExecuteContext(t.Context())
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	return out.String(), msg, exitCode(err)
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestValidateYAMLPanicExitsTwo: the config that crashed goccy/go-yaml is a
// positioned config error with exit 2 (issue 6 #20).
func TestValidateYAMLPanicExitsTwo(t *testing.T) {
	t.Parallel()
	cfg := filepath.Join(t.TempDir(), "steward.yaml")
	writeFile(t, cfg, "version: A\njobs: !00000 00")
	_, msg, code := validateCLI(t, "validate", "--config", cfg)
	if code != 2 || !strings.Contains(msg, cfg+":2:1: jobs: the YAML decoder failed") {
		t.Fatalf("exit %d, error:\n%s", code, msg)
	}
}

// TestValidateCompilesRules: a rules file with an unknown type, an unknown
// severity and a pattern that does not compile fails validate with each
// problem positioned (issue 6 #27).
func TestValidateCompilesRules(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 10, 1)
	rules := filepath.Join(filepath.Dir(cfg), "rules.yaml")
	writeFile(t, rules, `version: 1
rules:
  - id: ean
    type: ean13
    attribute: ean
  - id: name-length
    type: length
    severity: warn
    attribute: name
    min: 3
  - id: name-pattern
    type: pattern
    attribute: name
    pattern: '([a-z'
`)
	_, msg, code := validateCLI(t, "validate", "--config", cfg)
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, msg)
	}
	for _, want := range []string{
		rules + `:4:5: rules[0].type: unknown rule type "ean13" (hint: one of: `,
		rules + `:8:5: rules[1].severity: unknown severity "warn" (hint: error or warning)`,
		rules + `:14:5: rules[2].pattern: pattern "([a-z" does not compile (hint: `,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("validate output lacks\n  %s\ngot:\n  %s", want, strings.ReplaceAll(msg, "\n", "\n  "))
		}
	}
}

// TestValidateChecksFolders: state and report folders that cannot be created
// are config errors (issue 6 #27).
func TestValidateChecksFolders(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 10, 1)
	dir := filepath.Dir(cfg)
	blocker := filepath.Join(dir, "a-file")
	writeFile(t, blocker, "not a folder")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.NewReplacer(
		"sqlite: "+dir+"/state/steward.db", "sqlite: "+blocker+"/state/steward.db",
		"report_dir: "+dir+"/reports", "report_dir: "+blocker+"/reports").Replace(string(b))
	writeFile(t, cfg, edited)
	_, msg, code := validateCLI(t, "validate", "--config", cfg)
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, msg)
	}
	for _, want := range []string{
		cfg + ":4:3: staging.sqlite: state folder " + blocker + "/state: " + blocker + " is not a folder (hint: ",
		cfg + ":6:3: staging.report_dir: report folder " + blocker + "/reports: " + blocker + " is not a folder (hint: ",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("validate output lacks\n  %s\ngot:\n  %s", want, strings.ReplaceAll(msg, "\n", "\n  "))
		}
	}
	if os.Geteuid() == 0 {
		return // root writes into read-only folders; the case below needs a plain user
	}
	ro := filepath.Join(dir, "read-only")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfg, strings.Replace(string(b), "report_dir: "+dir+"/reports", "report_dir: "+ro+"/reports", 1))
	if _, msg, code := validateCLI(t, "validate", "--config", cfg); code != 2 || !strings.Contains(msg, "staging.report_dir: report folder") {
		t.Errorf("a report folder under a read-only folder: exit %d, %s", code, msg)
	}
}

// TestValidateWarnsOnTLS12: TLS 1.2 written in a system's config is a
// warning, exit 0 (issue 6 #33).
func TestValidateWarnsOnTLS12(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 10, 1)
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfg, strings.Replace(string(b), "  erp:\n    kind: odata\n", "  erp:\n    kind: odata\n    tls: {min_version: \"1.2\"}\n", 1))
	out, msg, code := validateCLI(t, "validate", "--config", cfg)
	if code != 0 || !strings.Contains(out, "warning: "+cfg+":") || !strings.Contains(out, "systems.erp.tls.min_version: TLS 1.2 is allowed") {
		t.Fatalf("exit %d (%s), output:\n%s", code, msg, out)
	}
	if strings.Contains(out, "systems.pim.tls") {
		t.Errorf("a system on the default TLS 1.3 was warned about:\n%s", out)
	}
}
