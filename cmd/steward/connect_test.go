package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateConnect: validate --connect (and check) calls every sandbox
// system and prints one ok line each; with wrong secrets every system fails
// on its own line, the secret is not echoed, and the exit is 1 (issue 6 #27).
func TestValidateConnect(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 10, 1)
	for _, cmd := range [][]string{{"validate", "--connect"}, {"check"}} {
		out, msg, code := validateCLI(t, append(cmd, "--config", cfg)...)
		if code != 0 {
			t.Fatalf("%v: exit %d (%s):\n%s", cmd, code, msg, out)
		}
		for _, want := range []string{"pim (akeneo): ok: token granted", "erp (odata): ok: token granted, $top=1 answered for 3 entity sets", "hubspot (hubspot): ok: GET /crm/v3/objects/companies?limit=1 answered", "llm (openai): ok: GET /models answered"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", cmd, want, out)
			}
		}
	}
	secrets := filepath.Join(filepath.Dir(cfg), "secrets")
	for _, name := range []string{"akeneo_password", "sap_client_secret", "llm_key", "hubspot_token"} {
		writeFile(t, filepath.Join(secrets, name), "wrong-secret-canary\n")
	}
	out, msg, code := validateCLI(t, "validate", "--connect", "--config", cfg)
	if code != 1 || !strings.Contains(msg, "4 of 4 systems failed") {
		t.Fatalf("with wrong secrets: exit %d (%s), want 1:\n%s", code, msg, out)
	}
	for _, sys := range []string{"pim (akeneo): FAILED: ", "erp (odata): FAILED: ", "hubspot (hubspot): FAILED: ", "llm (openai): FAILED: "} {
		if strings.Count(out, sys) != 1 {
			t.Errorf("want one line starting %q:\n%s", sys, out)
		}
	}
	// Warnings (the sandbox's console token, unset here) are lines of their own.
	if lines := strings.Count(out, "\n") - strings.Count(out, "warning: "); lines != 5 {
		t.Errorf("want the ok line of the file and one line per system, got %d lines:\n%s", lines, out)
	}
	if strings.Contains(out+msg, "canary") {
		t.Errorf("the wrong secret is echoed:\n%s", out)
	}
}

// TestValidateConnectUnknownRuleRefs: rules naming an attribute, a locale or
// a channel the PIM does not have are reported with their positions by
// validate --connect, exit 1 (issue 6 #25).
func TestValidateConnectUnknownRuleRefs(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 10, 1)
	rules := filepath.Join(filepath.Dir(cfg), "rules.yaml")
	writeFile(t, rules, `version: 1
rules:
  - id: description-required
    type: required
    attribute: description
    locales: [en_US, de_DE]
    channels: [ecommerce, print]
  - id: picture
    type: media
    attribute: picture
`)
	out, msg, code := validateCLI(t, "validate", "--connect", "--config", cfg)
	if code != 1 || !strings.Contains(msg, "3 rule references are unknown to the PIM") {
		t.Fatalf("exit %d (%s), want 1:\n%s", code, msg, out)
	}
	for _, want := range []string{
		rules + `:6:22: rules[0].locales[1]: locale "de_DE" is not enabled in PIM pim (hint: enabled locales there: en_US)`,
		rules + `:7:27: rules[0].channels[1]: channel "print" does not exist in PIM pim (hint: channels there: ecommerce)`,
		rules + `:10:5: rules[1].attribute: attribute "picture" does not exist in PIM pim (hint: attributes there: sku, name, `,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks\n  %s\ngot:\n  %s", want, strings.ReplaceAll(out, "\n", "\n  "))
		}
	}
	if b, err := os.ReadFile(rules); err != nil || !strings.Contains(string(b), "picture") {
		t.Fatal("rules file changed")
	}
}
