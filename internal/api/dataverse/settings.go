// Package dataverse is a thin typed client for the Microsoft Dataverse Web
// API (Dynamics 365 CE, PROTOCOLS.md sections 4 and 5): collection reads with
// server paging and change tracking, entity reads by alternate key, the
// multipart $batch with one change set per write, the Entra ID client
// credentials grant, and a client-side guard of the service protection
// limits. It knows nothing of pipelines; the extractor and loader build on it.
package dataverse

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
)

// Settings is a Dataverse system's own config section.
type Settings struct {
	// Tenant is the Entra ID tenant (id or domain) of the token endpoint
	// https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token, used when
	// auth.token_url is not set.
	Tenant string `yaml:"tenant"`
	// Scope is the token's scope (default "<base_url scheme://host>/.default").
	Scope string `yaml:"scope"`
	// APIPath is the Web API root below base_url (default /api/data/v9.2).
	APIPath string `yaml:"api_path"`
	// PageSize is sent as Prefer: odata.maxpagesize (default 1000, at most
	// 5000); a job's smaller page_size wins.
	PageSize int `yaml:"page_size"`
	// BatchSize is how many writes one $batch carries (default 100, at most
	// 1000).
	BatchSize int `yaml:"batch_size"`
	// Concurrency bounds the requests in flight (default 8, at most 52).
	Concurrency int `yaml:"concurrency"`
	// WindowRequests bounds the requests of any 5-minute window (default
	// 6000, Dataverse's per-user service protection limit).
	WindowRequests int `yaml:"window_requests"`
	// QuotaReserve is how many requests of the 5-minute window are kept
	// back: a run that would dip into them stops "partial" (default 0).
	QuotaReserve int `yaml:"quota_reserve"`
	// PriceCurrency is the currency of the products' price column (default
	// EUR).
	PriceCurrency string `yaml:"price_currency"`
	// Tables maps steward's data types (customers, leads, products,
	// lead_scores) to Dataverse tables; entries override the defaults field
	// by field.
	Tables map[string]Table `yaml:"tables"`
}

// Table says where a data type lives in Dataverse and how it maps.
type Table struct {
	// EntitySet is the table's entity set name (accounts, leads, products).
	EntitySet string `yaml:"entity_set"`
	// ID is the primary key column (accountid).
	ID string `yaml:"id"`
	// ExternalID is the alternate key column upserts address (accountnumber).
	ExternalID string `yaml:"external_id"`
	// Mode is ModeTrackChanges (default) or ModeModifiedOn.
	Mode string `yaml:"mode"`
	// ChangeField is the change time column (default modifiedon).
	ChangeField string `yaml:"change_field"`
	// Fields maps canonical fields to native columns (canonical: native).
	Fields map[string]string `yaml:"fields"`
}

// Extraction modes of a table.
const (
	// ModeTrackChanges reads with Prefer: odata.track-changes and keeps the
	// delta link for the next pass.
	ModeTrackChanges = "track_changes"
	// ModeModifiedOn filters change_field ge X ordered by it and the key, for
	// tables without change tracking.
	ModeModifiedOn = "modifiedon"
)

// Written are the data types a Dataverse loader writes.
var Written = []string{"customers", "lead_scores", "products"}

// Limits of the Web API.
const (
	MaxPageSize    = 5000
	MaxBatch       = 1000
	MaxConcurrency = 52
)

// DecodeSettings reads and checks a system's settings section; every problem
// carries its line:col and key path.
func DecodeSettings(f *config.File, system string) (Settings, config.Problems) {
	s := Settings{APIPath: "/api/data/v9.2", PageSize: 1000, BatchSize: 100, Concurrency: 8, WindowRequests: 6000, PriceCurrency: "EUR"}
	ps := f.Section(system, &s)
	s.Tables = mergeTables(DefaultTables(), s.Tables)
	p := "systems." + system + ".settings"
	bound := func(key string, v, lo, hi int, hint string) {
		if v < lo || v > hi {
			ps = append(ps, f.Problem(p+"."+key, fmt.Sprintf("%s %d is outside %d to %d", key, v, lo, hi), hint))
		}
	}
	bound("page_size", s.PageSize, 1, MaxPageSize, "rows per page sent as odata.maxpagesize (default 1000, at most 5000)")
	bound("batch_size", s.BatchSize, 1, MaxBatch, "writes per $batch (default 100, at most 1000)")
	bound("concurrency", s.Concurrency, 1, MaxConcurrency, "requests in flight (default 8; Dataverse allows 52 per user)")
	bound("window_requests", s.WindowRequests, 1, 1<<30, "requests per 5-minute window (default 6000)")
	bound("quota_reserve", s.QuotaReserve, 0, s.WindowRequests-1, "requests of the window kept back (default 0), below window_requests")
	if !strings.HasPrefix(s.APIPath, "/") {
		ps = append(ps, f.Problem(p+".api_path", fmt.Sprintf("api_path %q must start with /", s.APIPath), "the Web API root, e.g. /api/data/v9.2"))
	}
	if sys := f.Systems[system]; sys.Auth.Type == AuthEntra && sys.Auth.TokenURL == "" && strings.TrimSpace(s.Tenant) == "" {
		ps = append(ps, f.Problem(p+".tenant", "tenant is empty and auth.token_url is not set", "the Entra ID tenant id or domain, e.g. contoso.onmicrosoft.com"))
	}
	for _, dt := range slices.Sorted(maps.Keys(s.Tables)) {
		ps = append(ps, s.Tables[dt].check(f, p+".tables."+dt)...)
	}
	return s, append(ps, s.checkJobs(f, system)...)
}

// check reports a table's empty names and unknown mode.
func (t Table) check(f *config.File, p string) config.Problems {
	var ps config.Problems
	for key, v := range map[string]string{"entity_set": t.EntitySet, "id": t.ID, "change_field": t.ChangeField} {
		if strings.TrimSpace(v) == "" {
			ps = append(ps, f.Problem(p+"."+key, key+" is empty", "the table's "+key+", e.g. accounts / accountid / modifiedon"))
		}
	}
	if t.Mode != ModeTrackChanges && t.Mode != ModeModifiedOn {
		ps = append(ps, f.Problem(p+".mode", fmt.Sprintf("mode %q is not known", t.Mode), "track_changes (default) or modifiedon for a table without change tracking"))
	}
	for c, n := range t.Fields {
		if strings.TrimSpace(n) == "" {
			ps = append(ps, f.Problem(p+".fields."+c, "column of "+c+" is empty", "the native column name, e.g. address1_city"))
		}
	}
	return ps
}

// checkJobs reports jobs on this system whose data type has no table or
// whose entity is not the table's entity set.
func (s Settings) checkJobs(f *config.File, system string) config.Problems {
	var ps config.Problems
	for i, j := range f.Jobs {
		for k, tg := range j.Load.Targets {
			if tg.System == system && !slices.Contains(Written, j.DataType) {
				ps = append(ps, f.Problem(fmt.Sprintf("jobs[%d].load.targets[%d].system", i, k), fmt.Sprintf("data type %q is not written to Dataverse", j.DataType), "Dataverse takes customers, lead_scores and products"))
			}
		}
		if j.Extract.System != system {
			continue
		}
		t, ok := s.Tables[j.DataType]
		switch {
		case !ok:
			ps = append(ps, f.Problem(fmt.Sprintf("jobs[%d].data_type", i), fmt.Sprintf("data type %q has no Dataverse table", j.DataType), "one of customers, leads, products, or add it under systems."+system+".settings.tables"))
		case j.Extract.Entity != "" && j.Extract.Entity != t.EntitySet:
			ps = append(ps, f.Problem(fmt.Sprintf("jobs[%d].extract.entity", i), fmt.Sprintf("entity %q is not the %s table's entity set %q", j.Extract.Entity, j.DataType, t.EntitySet), "write "+t.EntitySet+" or change tables."+j.DataType+".entity_set"))
		}
	}
	return ps
}

// CheckSettings reports every problem in a system's settings section.
func CheckSettings(f *config.File, system string) config.Problems {
	_, ps := DecodeSettings(f, system)
	return ps
}
