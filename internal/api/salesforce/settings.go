// Package salesforce is a thin typed client for the Salesforce REST API
// (PROTOCOLS.md section 2): SOQL queries with nextRecordsUrl paging, the
// deleted-records feed, sObject Collections upserts and updates, Bulk API 2.0
// ingest jobs, the client-credentials and JWT bearer flows, and the daily
// request allocation read from Sforce-Limit-Info. It knows nothing of
// pipelines; the extractor and loader build on it.
package salesforce

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
)

// Settings is a Salesforce system's own config section.
type Settings struct {
	// APIVersion is the REST API version, "59.0" by default (vNN.0).
	APIVersion string `yaml:"api_version"`
	// PathPrefix is the REST root below the instance URL.
	PathPrefix string `yaml:"path_prefix"`
	// Objects maps a data type (customers, leads, lead_scores, products) to
	// its sObject and canonical→native field names; every entry missing
	// defaults to the sandbox schema (Account, Lead, Product2).
	Objects map[string]Object `yaml:"objects"`
	// ExternalIDField is the external-id field upserts match by.
	ExternalIDField string `yaml:"external_id_field"`
	// PageSize is the query batch size sent as Sforce-Query-Options
	// (200 to 2000, default 2000; the server may page differently).
	PageSize int `yaml:"page_size"`
	// BatchSize is how many records one sObject Collections call carries
	// (at most 200).
	BatchSize int `yaml:"batch_size"`
	// BulkThreshold: a write of more items goes through a Bulk API 2.0
	// ingest job (default 2000; 0 keeps the default).
	BulkThreshold int `yaml:"bulk_threshold"`
	// BulkBatchSize is the most items one bulk write carries (default 10000).
	BulkBatchSize int `yaml:"bulk_batch_size"`
	// QuotaReserve is how many requests of the daily allocation are left for
	// others; nil means 10 % of the allocation.
	QuotaReserve *int `yaml:"quota_reserve"`
	// Currency is the org's currency for price book entries (default EUR).
	Currency string `yaml:"currency"`
	// MultiCurrency says the org has multiple currencies enabled: price book
	// entries are written with CurrencyIsoCode = Currency (a single-currency
	// org has no such field and rejects it).
	MultiCurrency bool `yaml:"multi_currency"`
	// JWTAudience is the aud claim of the JWT bearer flow.
	JWTAudience string `yaml:"jwt_audience"`
}

// Object is one sObject and its field map.
type Object struct {
	Name string `yaml:"name"`
	// Fields maps canonical field names to native field names.
	Fields map[string]string `yaml:"fields"`
}

// Limits of the protocol.
const (
	MaxCollection   = 200
	MinPageSize     = 200
	MaxPageSize     = 2000
	DefaultBulk     = 2000
	DefaultBulkSize = 10000
	DefaultAudience = "https://login.salesforce.com"
)

var versionRE = regexp.MustCompile(`^[0-9]{2}\.0$`)

// DecodeSettings reads and checks a system's settings section; every problem
// carries its line:col and key path.
func DecodeSettings(f *config.File, system string) (Settings, config.Problems) {
	s := Settings{APIVersion: "59.0", PathPrefix: "/services/data", ExternalIDField: "External_ID__c", PageSize: MaxPageSize,
		BatchSize: MaxCollection, BulkThreshold: DefaultBulk, BulkBatchSize: DefaultBulkSize, Currency: "EUR", JWTAudience: DefaultAudience}
	ps := f.Section(system, &s)
	p := "systems." + system + ".settings"
	bad := func(key, msg, hint string) { ps = append(ps, f.Problem(p+"."+key, msg, hint)) }
	if !versionRE.MatchString(s.APIVersion) {
		bad("api_version", fmt.Sprintf("api_version %q is not a version", s.APIVersion), `like "59.0" (the vNN.0 of /services/data)`)
	}
	if !strings.HasPrefix(s.PathPrefix, "/") {
		bad("path_prefix", "path_prefix must start with /", "/services/data")
	}
	if strings.TrimSpace(s.ExternalIDField) == "" {
		bad("external_id_field", "external_id_field is empty", "the unique external-id field, e.g. External_ID__c")
	}
	if s.PageSize < MinPageSize || s.PageSize > MaxPageSize {
		bad("page_size", fmt.Sprintf("page_size %d is out of range", s.PageSize), "200 to 2000 (Sforce-Query-Options batchSize; default 2000)")
	}
	if s.BatchSize < 1 || s.BatchSize > MaxCollection {
		bad("batch_size", fmt.Sprintf("batch_size %d is out of range", s.BatchSize), "1 to 200 (sObject Collections)")
	}
	if s.BulkThreshold < 1 || s.BulkBatchSize <= s.BulkThreshold {
		bad("bulk_threshold", fmt.Sprintf("bulk_threshold %d with bulk_batch_size %d", s.BulkThreshold, s.BulkBatchSize), "bulk_threshold ≥ 1 and below bulk_batch_size (defaults 2000 and 10000)")
	}
	if s.QuotaReserve != nil && *s.QuotaReserve < 0 {
		bad("quota_reserve", "quota_reserve is negative", "requests of the daily allocation to leave for others (default 10 %)")
	}
	if len(s.Currency) != 3 {
		bad("currency", fmt.Sprintf("currency %q is not an ISO code", s.Currency), "EUR")
	}
	s.Objects = withDefaults(s.Objects)
	return s, append(ps, s.checkObjects(f, p+".objects")...)
}

// checkObjects reports unknown data types and unknown canonical fields.
func (s Settings) checkObjects(f *config.File, p string) config.Problems {
	var ps config.Problems
	for dt, o := range s.Objects {
		def, ok := DefaultObjects[dt]
		known := Canonical[dt]
		if !ok {
			ps = append(ps, f.Problem(p+"."+dt, fmt.Sprintf("data type %q has no Salesforce mapping", dt), "one of: customers, leads, lead_scores, products"))
			continue
		}
		if strings.TrimSpace(o.Name) == "" {
			ps = append(ps, f.Problem(p+"."+dt+".name", "name is empty", "the sObject, e.g. "+def.Name))
		}
		for canon, native := range o.Fields {
			if !slices.Contains(known, canon) {
				ps = append(ps, f.Problem(p+"."+dt+".fields."+canon, fmt.Sprintf("canonical field %q is not one of %s", canon, dt), "the canonical fields of transform's "+dt))
			} else if strings.TrimSpace(native) == "" {
				ps = append(ps, f.Problem(p+"."+dt+".fields."+canon, "native field is empty", "a Salesforce field API name"))
			}
		}
	}
	return ps
}

// Object returns the mapping of data type dt.
func (s Settings) Object(dt string) (Object, error) {
	o, ok := s.Objects[dt]
	if !ok {
		return o, fmt.Errorf("salesforce has no mapping for data type %q (known: customers, leads, lead_scores, products)", dt)
	}
	return o, nil
}

// Root is the REST root of the configured version, e.g. /services/data/v59.0.
func (s Settings) Root() string { return strings.TrimRight(s.PathPrefix, "/") + "/v" + s.APIVersion }

// Reserve is the number of requests to leave of an allocation of max.
func (s Settings) Reserve(max int) int {
	if s.QuotaReserve != nil {
		return *s.QuotaReserve
	}
	return max / 10
}
