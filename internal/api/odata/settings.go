// Package odata is a thin client for OData v4 services (SAP S/4HANA's A2X APIs
// among them): server-driven paging with @odata.nextLink, $filter, $select,
// $top/$skip, Prefer: odata.maxpagesize, $count, OData error bodies and SAP's
// CSRF token for writes. It works against any conforming OData v4 server.
package odata

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
)

// Settings is an OData system's own config section.
type Settings struct {
	// CSRF fetches an X-CSRF-Token before writes (SAP Gateway).
	CSRF bool `yaml:"csrf"`
	// MaxPageSize is sent as Prefer: odata.maxpagesize (0: let the server choose).
	MaxPageSize int `yaml:"max_page_size"`
	// Entities maps a job's entity name to the entity set to read.
	Entities map[string]Entity `yaml:"entities"`
}

// Entity says where an entity set lives and how to read it.
type Entity struct {
	// Path is the entity set's path below the base URL.
	Path string `yaml:"path"`
	// Key lists the key properties; their values joined by "/" key a record.
	Key []string `yaml:"key"`
	// Select lists the properties to read (empty: all).
	Select []string `yaml:"select"`
	// Filter is an extra $filter clause AND-ed to the cursor bound.
	Filter string `yaml:"filter"`
	// Map renames source properties to canonical fields (canonical: source).
	Map map[string]string `yaml:"map"`
	// Canonical chooses the entity's mapping: CanonicalPrice maps a sales
	// price condition record to the canonical price; empty keeps the
	// entity's properties as they are.
	Canonical string `yaml:"canonical"`
	// Paging is PagingKeyset (the default) or PagingServer.
	Paging string `yaml:"paging"`
	// Version is the service's OData version: 4 (the default) or 2 (SAP's
	// API_*_SRV and API_BUSINESS_PARTNER services: verbose JSON, v2 literals).
	Version int `yaml:"version"`
	// Expand lists navigation properties read inline ($expand); the
	// customer mapping of a v2 business partner expands its address and tax
	// numbers when this is empty.
	Expand []string `yaml:"expand"`
	// CursorTime is the Edm.Time property holding the time of day of a v2
	// entity whose cursor field is an Edm.DateTime date (default
	// LastChangeTime, SAP's business partner, PROTOCOLS.md §6.6).
	CursorTime string `yaml:"cursor_time"`
	// CreatedDate and CreatedTime are the Edm.DateTime date and Edm.Time
	// time of day of a v2 entity's creation: the change time of an entity
	// never changed since, whose cursor field is null (SAP's business
	// partner sends LastChangeDate null then). Default for canonical
	// customer: CreationDate and CreationTime; else none (such rows are
	// quarantined).
	CreatedDate string `yaml:"created_date"`
	CreatedTime string `yaml:"created_time"`
	// TimeZone is the IANA zone (e.g. Europe/Berlin) in which a v2 service
	// stamps Edm.DateTime and Edm.Time values: on-premise SAP writes local
	// time. Values are read in it and kept in UTC; filter literals are
	// written back in it. Default UTC.
	TimeZone string `yaml:"time_zone"`
	// KeyTypes gives the Edm type of key properties that are not Edm.String
	// (property: type name, one of EdmTypes); key set paging writes their
	// literals by type. The cursor field is an Edm.DateTimeOffset.
	KeyTypes map[string]string `yaml:"key_types"`
}

// Paging modes of an entity set.
const (
	// PagingKeyset pages by key set: each page asks for the rows after the
	// last one read, $filter (cursor gt X) or (cursor eq X and key gt K),
	// $orderby cursor,key and $top. Rows that leave the result set during a
	// pass cannot shift later pages, whatever the server's $skiptoken means.
	PagingKeyset = "keyset"
	// PagingServer follows the server's @odata.nextLink, for services that
	// cannot $filter and $orderby on the cursor and key properties; complete
	// only when the server's skiptoken is stable against deletions.
	PagingServer = "server"
)

// Canonical mappings of an entity set.
const (
	// CanonicalPrice maps a sales price condition record (SAP's
	// ConditionRateValue, ConditionRateValueUnit, ... unless map renames
	// them) to the canonical price.
	CanonicalPrice = "price"
	// CanonicalCustomer maps an SAP business partner (OData v2
	// A_BusinessPartner with its address and tax numbers) to the canonical
	// customer.
	CanonicalCustomer = "customer"
)

// DecodeSettings reads and checks a system's settings section.
func DecodeSettings(f *config.File, system string) (Settings, config.Problems) {
	var s Settings
	ps := f.Section(system, &s)
	p := "systems." + system + ".settings"
	if s.MaxPageSize < 0 {
		ps = append(ps, f.Problem(p+".max_page_size", "max_page_size is negative", "a page size such as 1000, or 0 to let the server choose"))
	}
	if len(s.Entities) == 0 {
		ps = append(ps, f.Problem(p+".entities", "no entities are configured", "map each entity a job reads to its entity set path and key"))
	}
	for name, e := range s.Entities {
		ep := p + ".entities." + name
		if !strings.HasPrefix(e.Path, "/") {
			ps = append(ps, f.Problem(ep+".path", fmt.Sprintf("path %q must start with /", e.Path), "the entity set path below base_url, e.g. /sap/opu/odata4/.../Product"))
		}
		if len(e.Key) == 0 {
			ps = append(ps, f.Problem(ep+".key", "key is missing", "the entity's key properties, e.g. [Product]"))
		}
		if e.Paging != "" && e.Paging != PagingKeyset && e.Paging != PagingServer {
			ps = append(ps, f.Problem(ep+".paging", fmt.Sprintf("paging %q is not known", e.Paging), "keyset (default: the service filters and orders by the cursor and key) or server (follow @odata.nextLink)"))
		}
		if e.Canonical != "" && e.Canonical != CanonicalPrice && e.Canonical != CanonicalCustomer {
			ps = append(ps, f.Problem(ep+".canonical", fmt.Sprintf("canonical %q is not a known mapping", e.Canonical), "price (a sales price condition record), customer (an SAP business partner, version 2), or leave it out for the entity's properties as they are"))
		}
		ps = append(ps, checkVersion(f, ep, e)...)
		ps = append(ps, checkKeyTypes(f, ep+".key_types", e.KeyTypes)...)
	}
	for i, j := range f.Jobs {
		if j.Extract.System != system {
			continue
		}
		e, ok := s.Entities[j.Extract.Entity]
		if !ok {
			ps = append(ps, f.Problem(fmt.Sprintf("jobs[%d].extract.entity", i), fmt.Sprintf("entity %q is not configured for system %s", j.Extract.Entity, system), "add it under systems."+system+".settings.entities"))
		}
		if c := j.Extract.CursorField; c != "" && e.KeyTypes[c] != "" && e.KeyTypes[c] != EdmDateTimeOffset {
			ps = append(ps, f.Problem(p+".entities."+j.Extract.Entity+".key_types."+c, fmt.Sprintf("cursor field %s is typed %s", c, e.KeyTypes[c]), "the cursor field is read as an Edm.DateTimeOffset; remove it from key_types or choose such a cursor field"))
		}
	}
	return s, ps
}

// checkVersion reports an unknown OData version, and a customer mapping of a
// v4 service (business partners are served by the v2 API_BUSINESS_PARTNER).
func checkVersion(f *config.File, ep string, e Entity) config.Problems {
	var ps config.Problems
	if e.Version != 0 && e.Version != 2 && e.Version != 4 {
		ps = append(ps, f.Problem(ep+".version", fmt.Sprintf("version %d is not an OData version steward reads", e.Version), "4 (the default) or 2 (SAP's API_*_SRV services)"))
	}
	if _, err := e.Location(); err != nil {
		ps = append(ps, f.Problem(ep+".time_zone", err.Error(), "an IANA time zone name such as Europe/Berlin, or leave it out for UTC"))
	}
	if e.TimeZone != "" && e.Version != 2 {
		ps = append(ps, f.Problem(ep+".time_zone", "time_zone applies to OData v2 services", "set version: 2, or leave time_zone out (v4 Edm.DateTimeOffset values carry their offset)"))
	}
	if e.Canonical == CanonicalCustomer && e.Version != 2 {
		ps = append(ps, f.Problem(ep+".canonical", "canonical customer reads SAP business partners, an OData v2 service", "set version: 2 on this entity (path /sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner)"))
	}
	return ps
}

// checkKeyTypes reports each key type name that is not known, in property order.
func checkKeyTypes(f *config.File, path string, types map[string]string) config.Problems {
	var ps config.Problems
	for _, prop := range slices.Sorted(maps.Keys(types)) {
		if !slices.Contains(EdmTypes, types[prop]) {
			ps = append(ps, f.Problem(path+"."+prop, fmt.Sprintf("type %q of %s is not known", types[prop], prop), "one of "+strings.Join(EdmTypes, ", ")))
		}
	}
	return ps
}

// CheckSettings reports every problem in a system's settings section.
func CheckSettings(f *config.File, system string) config.Problems {
	_, ps := DecodeSettings(f, system)
	return ps
}
