package salesforce_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/salesforce"
)

func decode(t *testing.T, settings string) (api.Settings, config.Problems) {
	t.Helper()
	f, err := config.Parse("t.yaml", []byte(yamlFor("https://acme.my.salesforce.com", ccAuth, settings)), nil, func(string) (string, bool) { return "x", true })
	if err != nil {
		t.Fatal(err)
	}
	return api.DecodeSettings(f, "src")
}

// TestSettingsDefaults: an empty section gives the sandbox schema's maps.
func TestSettingsDefaults(t *testing.T) {
	s, ps := decode(t, "{}")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	acc, _ := s.Object("customers")
	if acc.Name != "Account" || acc.Fields["vat_id"] != "VAT_ID__c" || s.Root() != "/services/data/v59.0" || s.Reserve(15000) != 1500 {
		t.Fatalf("defaults: %+v root %s", acc, s.Root())
	}
	if sc, _ := s.Object("lead_scores"); sc.Fields["score"] != "Steward_Score__c" || sc.Name != "Lead" {
		t.Fatalf("lead score defaults: %+v", sc)
	}
}

// TestSettingsOverrideFieldByField keeps the other defaults.
func TestSettingsOverrideFieldByField(t *testing.T) {
	s, ps := decode(t, "{objects: {customers: {fields: {vat_id: Tax_Number__c}}}, quota_reserve: 50}")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	acc, _ := s.Object("customers")
	if acc.Fields["vat_id"] != "Tax_Number__c" || acc.Fields["name"] != "Name" || acc.Name != "Account" || s.Reserve(15000) != 50 {
		t.Fatalf("override: %+v reserve %d", acc, s.Reserve(15000))
	}
}

// TestSettingsProblems name the key path and a hint.
func TestSettingsProblems(t *testing.T) {
	_, ps := decode(t, "{page_size: 50, batch_size: 500, api_version: v59, objects: {orders: {name: Order}, customers: {fields: {colour: Colour__c}}}, quota_reserve: -1}")
	text := ps.Error()
	for _, want := range []string{"settings.page_size", "200 to 2000", "settings.batch_size", "settings.api_version", "objects.orders", "objects.customers.fields.colour", "settings.quota_reserve"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems lack %q:\n%s", want, text)
		}
	}
}

// TestDocumentedLimitInfo reads PROTOCOLS §2.6's Sforce-Limit-Info examples.
func TestDocumentedLimitInfo(t *testing.T) {
	for v, want := range map[string][2]int{
		"api-usage=25/5000": {25, 5000},
		"api-usage=25/5000; per-app-api-usage=17/250(appName=sample-app)": {25, 5000},
	} {
		u, m, ok := api.ParseLimitInfo(v)
		if !ok || u != want[0] || m != want[1] {
			t.Errorf("%s: %d/%d %v", v, u, m, ok)
		}
	}
	if _, _, ok := api.ParseLimitInfo("per-app-api-usage=17/250(appName=x)"); ok {
		t.Error("per-app usage read as the org's")
	}
}

// TestDocumentedTimes reads SystemModstamp as Salesforce writes it.
func TestDocumentedTimes(t *testing.T) {
	a, err := api.ParseTime("2024-05-01T10:00:00.000+0000")
	b, err2 := api.ParseTime("2024-05-01T12:00:00.000+02:00")
	if err != nil || err2 != nil || !a.Equal(b) || api.FormatTime(a) != "2024-05-01T10:00:00.000Z" {
		t.Fatalf("%v %v %v %v", a, b, err, err2)
	}
}
