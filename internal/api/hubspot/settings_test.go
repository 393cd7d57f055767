package hubspot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/hubspot"
)

func decode(t *testing.T, settings string) (api.Settings, config.Problems) {
	t.Helper()
	text := "version: 1\nstaging: {sqlite: x.db, parquet_dir: pq}\nsystems:\n  crm:\n    kind: hubspot\n    base_url: https://api.hubapi.com\n    auth: {type: bearer, token: \"${T}\"}\n    settings:\n" + settings
	file, err := config.Parse("t.yaml", []byte(text), nil, func(string) (string, bool) { return "x", true })
	if err != nil {
		t.Fatal(err)
	}
	return api.DecodeSettings(file, "crm")
}

// TestSettingsDefaults: the defaults are the sandbox schemas' mappings, and
// a config overrides a field map entry by entry.
func TestSettingsDefaults(t *testing.T) {
	s, ps := decode(t, "      companies:\n        fields: {vat_id: tax_number, phone: \"\"}\n")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if s.PathPrefix != "/crm/v3/objects" || s.PageSize != 100 || s.SearchPageSize != 200 || s.BatchSize != 100 || s.SearchPerSecond != 4 ||
		s.DeletionsEvery.Std() != 6*time.Hour {
		t.Fatalf("defaults %+v", s)
	}
	c := s.Companies
	if c.Type != "companies" || c.IDProperty != "steward_external_id" || c.Modified != "hs_lastmodifieddate" ||
		c.Fields["vat_id"] != "tax_number" || c.Fields["name"] != "name" || c.Fields["street"] != "address" {
		t.Fatalf("companies %+v", c)
	}
	if _, ok := c.Fields["phone"]; ok {
		t.Fatal(`phone: "" should unmap the field`)
	}
	if s.Contacts.Modified != "lastmodifieddate" || s.Contacts.Fields["score"] != "steward_score" || s.Products.IDProperty != "hs_sku" {
		t.Fatalf("contacts/products %+v %+v", s.Contacts, s.Products)
	}
}

// TestSettingsProblems reports each bad key with its path and a hint.
func TestSettingsProblems(t *testing.T) {
	_, ps := decode(t, "      path_prefix: crm/v3\n      page_size: 500\n      search_page_size: 0\n      batch_size: 101\n      search_per_second: 0\n      quota_reserve: -1\n      deletions_every: -1m\n      products: {id_property: \"\", modified_property: \"\"}\n      contacts:\n        fields: {first_name: email}\n")
	text := ps.Error()
	for _, want := range []string{"settings.path_prefix", "settings.page_size", "settings.search_page_size", "settings.batch_size",
		"settings.search_per_second", "settings.quota_reserve", "settings.deletions_every", "settings.products.id_property", "settings.products.modified_property", "mapped from email and first_name"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems lack %q:\n%s", want, text)
		}
	}
}

// TestSettingsDeletionsEveryZero: deletions_every 0 means every pass, not
// the default.
func TestSettingsDeletionsEveryZero(t *testing.T) {
	s, ps := decode(t, "      deletions_every: 0s\n")
	if len(ps) > 0 || s.DeletionsEvery != 0 {
		t.Fatalf("deletions_every %v, problems %v", s.DeletionsEvery.Std(), ps)
	}
}

// TestSettingsTimeZone: time_zone defaults to UTC, takes an IANA name, and
// anything else is a problem at its line:col with a hint.
func TestSettingsTimeZone(t *testing.T) {
	s, ps := decode(t, "      page_size: 100\n")
	if len(ps) > 0 || s.TimeZone != "UTC" {
		t.Fatalf("default time_zone %q, problems %v", s.TimeZone, ps)
	}
	if s, ps = decode(t, "      time_zone: America/Los_Angeles\n"); len(ps) > 0 || s.TimeZone != "America/Los_Angeles" {
		t.Fatalf("time_zone %q, problems %v", s.TimeZone, ps)
	}
	for _, bad := range []string{"Pacific Standard Time", "Local", "\"\""} {
		_, ps := decode(t, "      time_zone: "+bad+"\n")
		if text := ps.Error(); !strings.Contains(text, "t.yaml:9:7: systems.crm.settings.time_zone: time_zone") || !strings.Contains(text, "is not an IANA time zone name (hint: ") {
			t.Errorf("time_zone %s: problems %s", bad, text)
		}
	}
}
