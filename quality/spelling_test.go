package quality

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stewardhq/steward/quality/spell"
)

// needDictionaries skips where the Debian dictionaries are not installed
// and STEWARD_REQUIRE_DICTIONARIES is unset (CI sets it).
func needDictionaries(t *testing.T) {
	t.Helper()
	for _, loc := range []string{"en_US", "de_DE"} {
		if err := spell.Available(spell.DefaultDir, loc); err != nil && os.Getenv("STEWARD_REQUIRE_DICTIONARIES") == "" {
			t.Skip(err)
		}
	}
}

func TestSpellingRule(t *testing.T) {
	needDictionaries(t)
	rules := `version: 1
rules:
  - id: spelling
    type: spelling
    attributes: [name, description]
    locales: [en_US, de_DE]
    allow: [Stewardo]
`
	p := product(
		at(txt("name", "Stewardo shirt"), "en_US", ""),
		at(txt("description", "You will recieve it in seperate packaging."), "en_US", "ecommerce"),
		at(txt("description", "Hohe Qualitaet in stabiler Verpackung."), "de_DE", "ecommerce"),
		at(txt("description", "Ce prodiut"), "fr_FR", "ecommerce"), // not a locale of the rule
		txt("name", "Teh"), // no locale: its language is not known
	)
	res, sum := checkOne(t, rules, nil, p)
	if !res.Passing || len(res.Violations) != 2 {
		t.Fatalf("violations %+v", res.Violations)
	}
	en, de := res.Violations[0], res.Violations[1]
	if en.Severity != Warning || en.Attribute != "description" || en.Locale != "en_US" || en.Channel != "ecommerce" ||
		en.Message != `description in en_US: unknown words "recieve", "seperate"` || en.Value != "recieve seperate" {
		t.Errorf("en_US violation %+v", en)
	}
	if de.Locale != "de_DE" || !strings.Contains(de.Message, `unknown word "Qualitaet"`) {
		t.Errorf("de_DE violation %+v", de)
	}
	if sum.Rules[0].Violations != 2 || res.Consistency != 100.0/3 {
		t.Errorf("rule count %+v, consistency %v", sum.Rules[0], res.Consistency)
	}
}

func TestSpellingRuleMissingDictionary(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "en_US.aff"), []byte("SET UTF-8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rules := "version: 1\nrules:\n  - id: spelling\n    type: spelling\n    attribute: description\n    locales: [en_US, de_DE]\n    dictionaries: " + dir + "\n"
	_, err := ParseRules("rules.yaml", []byte(rules))
	if err == nil {
		t.Fatal("a rule whose dictionaries are missing was accepted")
	}
	for _, want := range []string{"rules.yaml:6", filepath.Join(dir, "en_US.dic"), "hunspell-en-us", filepath.Join(dir, "de_DE.aff"), "hunspell-de-de"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problem lacks %q:\n%v", want, err)
		}
	}
	_, err = ParseRules("rules.yaml", []byte("version: 1\nrules:\n  - {id: s, type: spelling}\n"))
	if err == nil || !strings.Contains(err.Error(), "locales is empty") || !strings.Contains(err.Error(), "attributes is empty") {
		t.Errorf("a spelling rule without locales or attributes: %v", err)
	}
}
