// Package hubspot is a thin typed client for the HubSpot CRM API v3
// (PROTOCOLS.md section 3): object listing with limit/after and the server's
// next links, the search endpoint for incremental reads, the batch write
// endpoints with their 207 multi-status answers, and a limiter fed by the
// X-HubSpot-RateLimit-* headers that slows down before a 429. It knows
// nothing of pipelines; the extractor and loader build on it.
package hubspot

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	// A host without a zoneinfo database must still resolve time_zone.
	_ "time/tzdata"

	"github.com/stewardhq/steward/config"
)

// Settings is a HubSpot system's own config section.
type Settings struct {
	// PathPrefix is the objects root (default /crm/v3/objects; HubSpot's
	// date-versioned paths look like /crm/objects/2026-03).
	PathPrefix string `yaml:"path_prefix"`
	// PageSize is the list page size (default and maximum 100); a job's
	// page_size, when smaller, wins.
	PageSize int `yaml:"page_size"`
	// SearchPageSize is the search page size (default and maximum 200).
	SearchPageSize int `yaml:"search_page_size"`
	// BatchSize is how many inputs one batch write carries (at most 100).
	BatchSize int `yaml:"batch_size"`
	// SearchPerSecond limits search requests, which carry no rate-limit
	// headers (default 4 per second per token).
	SearchPerSecond float64 `yaml:"search_per_second"`
	// QuotaReserve is the daily remaining count at which a run stops with
	// retry.ErrQuotaReserve, leaving the rest of the day's quota to others.
	QuotaReserve int `yaml:"quota_reserve"`
	// Companies, Contacts and Products describe the objects read and written
	// as customers, leads (and lead scores) and products.
	Companies ObjectMap `yaml:"companies"`
	Contacts  ObjectMap `yaml:"contacts"`
	Products  ObjectMap `yaml:"products"`
	// PriceCurrency is the currency of the products' price property.
	PriceCurrency string `yaml:"price_currency"`
	// PriceAttribute is the canonical attribute a product's price is read
	// from and written as (default price).
	PriceAttribute string `yaml:"price_attribute"`
	// DeletionsEvery is how often an incremental pass reads the archived
	// listing for deletions (default 6h; 0 = every pass): the listing holds
	// every archived object, so reading it each pass of a frequent job would
	// spend the daily quota. Passes between listings report no deletions;
	// the next listing reports those since the last one.
	DeletionsEvery config.Duration `yaml:"deletions_every"`
	// TimeZone is the account's time zone (an IANA name such as
	// America/New_York; default UTC), the one set in the portal's account
	// defaults: a private app's daily limit resets at its midnight, so the
	// quota alert counts days in it.
	TimeZone string `yaml:"time_zone"`
}

// ObjectMap is one HubSpot object type and its property map.
type ObjectMap struct {
	// Type is the objectType path segment (companies, contacts, products,
	// a custom object id).
	Type string `yaml:"type"`
	// IDProperty is the unique property batch upserts match by
	// (steward_external_id for companies, hs_sku for products).
	IDProperty string `yaml:"id_property"`
	// Modified is the modified-date property searched and sorted by
	// (lastmodifieddate for contacts, hs_lastmodifieddate otherwise).
	Modified string `yaml:"modified_property"`
	// Fields map canonical field names to native properties; entries given
	// in the config override the defaults one by one ("" unmaps a field).
	Fields map[string]string `yaml:"fields"`
}

// Limits of the API.
const (
	MaxPageSize       = 100
	MaxSearchPageSize = 200
	MaxBatch          = 100
	// SearchCap is the most results one search query pages through.
	SearchCap = 10000
)

// zone is the portal's time zone (UTC when TimeZone is empty or, which
// DecodeSettings refuses, not a zone).
func (s Settings) zone() *time.Location {
	if loc, err := time.LoadLocation(s.TimeZone); err == nil && s.TimeZone != "Local" {
		return loc
	}
	return time.UTC
}

// Defaults returns the default settings: the sandbox-schemas mappings.
func Defaults() Settings {
	return Settings{
		PathPrefix: "/crm/v3/objects", PageSize: MaxPageSize, SearchPageSize: MaxSearchPageSize,
		BatchSize: MaxBatch, SearchPerSecond: 4, PriceAttribute: "price", DeletionsEvery: config.Duration(6 * time.Hour), TimeZone: "UTC",
		Companies: ObjectMap{Type: "companies", IDProperty: "steward_external_id", Modified: "hs_lastmodifieddate", Fields: map[string]string{
			"external_id": "steward_external_id", "name": "name", "vat_id": "vat_id", "street": "address", "postal_code": "zip",
			"city": "city", "country": "country", "domain": "domain", "phone": "phone", "owner": "hubspot_owner_id"}},
		Contacts: ObjectMap{Type: "contacts", Modified: "lastmodifieddate", Fields: map[string]string{
			"email": "email", "first_name": "firstname", "last_name": "lastname", "phone": "phone", "company": "company",
			"domain": "website", "country": "country", "message": "message", "products_of_interest": "product_interest",
			"owner": "hubspot_owner_id", "score": "steward_score", "model": "steward_score_model", "reasons": "steward_score_reasons",
			"matched_products": "steward_matched_products", "next_steps": "steward_next_steps"}},
		Products: ObjectMap{Type: "products", IDProperty: "hs_sku", Modified: "hs_lastmodifieddate", Fields: map[string]string{
			"identifier": "hs_sku", "name": "name", "description": "description", "price": "price"}},
	}
}

// DecodeSettings reads and checks a system's settings section; every problem
// carries its line:col and key path.
func DecodeSettings(f *config.File, system string) (Settings, config.Problems) {
	d := Defaults()
	s := d
	s.Companies.Fields, s.Contacts.Fields, s.Products.Fields = nil, nil, nil
	ps := f.Section(system, &s)
	p := "systems." + system + ".settings"
	s.Companies.Fields = merged(d.Companies.Fields, s.Companies.Fields)
	s.Contacts.Fields = merged(d.Contacts.Fields, s.Contacts.Fields)
	s.Products.Fields = merged(d.Products.Fields, s.Products.Fields)
	if !strings.HasPrefix(s.PathPrefix, "/") {
		ps = append(ps, f.Problem(p+".path_prefix", fmt.Sprintf("path_prefix %q does not start with /", s.PathPrefix), "the objects root, e.g. /crm/v3/objects or /crm/objects/2026-03"))
	}
	ps = append(ps, rangeProblem(f, p+".page_size", s.PageSize, MaxPageSize)...)
	ps = append(ps, rangeProblem(f, p+".search_page_size", s.SearchPageSize, MaxSearchPageSize)...)
	ps = append(ps, rangeProblem(f, p+".batch_size", s.BatchSize, MaxBatch)...)
	if s.SearchPerSecond <= 0 {
		ps = append(ps, f.Problem(p+".search_per_second", fmt.Sprintf("search_per_second %g is not positive", s.SearchPerSecond), "search requests per second per token (default 4)"))
	}
	if s.DeletionsEvery < 0 {
		ps = append(ps, f.Problem(p+".deletions_every", "deletions_every is negative", "how often the archived listing is read, e.g. 6h (default), 0 for every pass"))
	}
	if s.QuotaReserve < 0 {
		ps = append(ps, f.Problem(p+".quota_reserve", "quota_reserve is negative", "daily requests left for others, e.g. 10000 (default 0)"))
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" || s.TimeZone == "Local" {
		ps = append(ps, f.Problem(p+".time_zone", fmt.Sprintf("time_zone %q is not an IANA time zone name", s.TimeZone), "the portal's time zone (Settings > Account defaults), e.g. America/New_York or Europe/Berlin; default UTC"))
	}
	for _, o := range []struct {
		key string
		obj ObjectMap
	}{{"companies", s.Companies}, {"contacts", s.Contacts}, {"products", s.Products}} {
		ps = append(ps, o.obj.check(f, p+"."+o.key)...)
	}
	if s.Companies.IDProperty == "" {
		ps = append(ps, f.Problem(p+".companies.id_property", "id_property is empty", "the unique property customers are upserted by, e.g. steward_external_id"))
	}
	if s.Products.IDProperty == "" {
		ps = append(ps, f.Problem(p+".products.id_property", "id_property is empty", "the unique property products are upserted by, e.g. hs_sku"))
	}
	return s, ps
}

func merged(def, over map[string]string) map[string]string {
	m := maps.Clone(def)
	for k, v := range over {
		if v == "" {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	return m
}

func rangeProblem(f *config.File, at string, v, most int) config.Problems {
	if v >= 1 && v <= most {
		return nil
	}
	key := at[strings.LastIndex(at, ".")+1:]
	return config.Problems{f.Problem(at, fmt.Sprintf("%s %d is out of range", key, v), fmt.Sprintf("1 to %d (default %d)", most, most))}
}

// check reports an object without type or modified property and a native
// property mapped from two canonical fields.
func (o ObjectMap) check(f *config.File, p string) config.Problems {
	var ps config.Problems
	if strings.TrimSpace(o.Type) == "" {
		ps = append(ps, f.Problem(p+".type", "type is empty", "the objectType path segment, e.g. companies"))
	}
	if strings.TrimSpace(o.Modified) == "" {
		ps = append(ps, f.Problem(p+".modified_property", "modified_property is empty", "lastmodifieddate for contacts, hs_lastmodifieddate otherwise"))
	}
	seen := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(o.Fields)) {
		if prev, ok := seen[o.Fields[k]]; ok {
			ps = append(ps, f.Problem(p+".fields."+k, fmt.Sprintf("property %s is mapped from %s and %s", o.Fields[k], prev, k), "map each property from one canonical field"))
		}
		seen[o.Fields[k]] = k
	}
	return ps
}

// Read returns the native properties to read for the canonical fields,
// sorted, with the modified-date property.
func (o ObjectMap) Read(canonical []string) []string {
	set := map[string]bool{o.Modified: true}
	for _, c := range canonical {
		if v, ok := o.Fields[c]; ok {
			set[v] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}
