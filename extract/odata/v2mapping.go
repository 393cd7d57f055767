package odata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// v2Mapper turns v2 entities into records: the canonical customer for an SAP
// business partner (api.CanonicalCustomer), else the entity's properties
// without __metadata and deferred navigation properties.
type v2Mapper struct {
	customer  bool
	key       []string
	dateField string // Edm.DateTime cursor field ("" without a cursor)
	timeField string // Edm.Time property holding the time of day
	// createdDate and createdTime hold the creation time, the change time
	// of an entity whose date field is null ("": no such fallback).
	createdDate, createdTime string
	loc                      *time.Location // zone of the values; nil: UTC
}

// decodeV2 reads one entity's properties, numbers kept as text.
func decodeV2(raw json.RawMessage) (map[string]any, error) {
	if len(raw) > MaxEntityBytes {
		return nil, fmt.Errorf("entity is %d bytes, over the %d byte limit", len(raw), MaxEntityBytes)
	}
	if !utf8.Valid(raw) {
		return nil, fmt.Errorf("entity is not valid UTF-8")
	}
	props := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&props); err != nil {
		return nil, fmt.Errorf("decode entity: %w", err)
	}
	return props, nil
}

func (m v2Mapper) mapOne(raw json.RawMessage) (record.Record, error) {
	r, _, err := m.mapSpan(raw)
	return r, err
}

// mapSpan maps an entity; with a cursor its record's Updated is the
// earliest instant its change time can mean and latest the latest one
// (they differ in the repeated hour of a change back from daylight saving
// time).
func (m v2Mapper) mapSpan(raw json.RawMessage) (r record.Record, latest time.Time, err error) {
	props, err := decodeV2(raw)
	if err != nil {
		return r, latest, err
	}
	if r.Key, err = (mapper{key: m.key}).keyOf(props); err != nil {
		return r, latest, err
	}
	if m.dateField != "" {
		if r.Updated, latest, err = m.changed(props); err != nil {
			return r, latest, fmt.Errorf("entity %s: %w", r.Key, err)
		}
	}
	if m.customer {
		r.Payload, err = m.customerOf(r.Key, props, r.Updated)
	} else {
		r.Payload, err = json.Marshal(plainV2(props))
	}
	if err != nil {
		return r, latest, fmt.Errorf("entity %s: %w", r.Key, err)
	}
	return r, latest, nil
}

// changed is the earliest and latest UTC instant of the entity's change
// time (PROTOCOLS.md §6.6: no single timestamp): its wall clock read in the
// service's zone.
func (m v2Mapper) changed(props map[string]any) (earliest, latest time.Time, err error) {
	w, _, err := m.wall(props)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	loc := m.loc
	if loc == nil {
		loc = time.UTC
	}
	earliest, latest = api.WallInstants(w, loc)
	return earliest, latest, nil
}

// neverChanged reports whether the entity's date field is null and its
// creation time stands for its change time.
func (m v2Mapper) neverChanged(props map[string]any) bool {
	v, ok := props[m.dateField]
	return ok && v == nil && m.createdDate != ""
}

// wall is the entity's change time as the service's wall clock (a
// UTC-labelled time): the date field's day plus the time field's time of
// day, or the creation date and time of an entity never changed.
func (m v2Mapper) wall(props map[string]any) (time.Time, bool, error) {
	created := m.neverChanged(props)
	w, err := m.wallOf(props, created)
	return w, created, err
}

// wallOf is the wall clock date and time of the entity's date and time
// fields, or of its creation fields (created).
func (m v2Mapper) wallOf(props map[string]any, created bool) (time.Time, error) {
	date, tod := m.dateField, m.timeField
	if created {
		date, tod = m.createdDate, m.createdTime
	}
	ds, ok := props[date].(string)
	if !ok {
		return time.Time{}, fmt.Errorf("date field %s is missing or not a string", date)
	}
	day, err := api.ParseDateV2(ds)
	if err != nil {
		return time.Time{}, fmt.Errorf("date field %s: %w", date, err)
	}
	day = day.Truncate(24 * time.Hour)
	if tod == "" {
		return day, nil
	}
	ts, ok := props[tod].(string)
	if !ok {
		return time.Time{}, fmt.Errorf("time field %s is missing or not a string", tod)
	}
	d, err := api.ParseTimeV2(ts)
	if err != nil {
		return time.Time{}, fmt.Errorf("time field %s: %w", tod, err)
	}
	return day.Add(d), nil
}

// plainV2 drops __metadata and deferred navigation properties.
func plainV2(props map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range props {
		if nav, ok := v.(map[string]any); k == "__metadata" || (ok && nav["__deferred"] != nil) {
			continue
		}
		out[k] = v
	}
	return out
}

// customerOf maps a business partner with its expanded address and tax
// numbers to transform.Customer.
func (m v2Mapper) customerOf(key string, props map[string]any, changed time.Time) ([]byte, error) {
	c := transform.Customer{ID: key, Changed: changed}
	c.ExternalID = text(props, "BusinessPartnerIDByExtSystem")
	// SAP builds the full name from name lines 1 and 2; the loader writes
	// the lines, so the name is read from them.
	if c.Name = strings.TrimSpace(text(props, "OrganizationBPName1") + " " + text(props, "OrganizationBPName2")); c.Name == "" {
		c.Name = text(props, "BusinessPartnerFullName")
	}
	if c.Name == "" {
		return nil, fmt.Errorf("OrganizationBPName1, OrganizationBPName2 and BusinessPartnerFullName are empty")
	}
	addrs, err := expanded(props, "to_BusinessPartnerAddress")
	if err != nil {
		return nil, err
	}
	if len(addrs) > 0 {
		a := addrs[0]
		c.Street = strings.TrimSpace(text(a, "StreetName") + " " + text(a, "HouseNumber"))
		c.PostalCode, c.City, c.Country = text(a, "PostalCode"), text(a, "CityName"), text(a, "Country")
	}
	taxes, err := expanded(props, "to_BusinessPartnerTax")
	if err != nil {
		return nil, err
	}
	for _, t := range taxes {
		if c.VATID = text(t, "BPTaxNumber"); c.VATID != "" {
			break
		}
	}
	return json.Marshal(c)
}

// expanded returns an expanded collection navigation property's entities;
// a deferred one (not in $expand) is an error, as its data would be lost.
func expanded(props map[string]any, nav string) ([]map[string]any, error) {
	v, ok := props[nav].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("navigation %s is missing; $expand it", nav)
	}
	if v["__deferred"] != nil {
		return nil, fmt.Errorf("navigation %s is deferred; $expand it", nav)
	}
	items, ok := v["results"].([]any)
	if !ok {
		return nil, fmt.Errorf("navigation %s has no results array", nav)
	}
	out := make([]map[string]any, 0, len(items))
	for i, it := range items {
		e, ok := it.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("navigation %s entity %d is not an object", nav, i)
		}
		out = append(out, e)
	}
	return out, nil
}

func text(props map[string]any, k string) string {
	s, _ := props[k].(string)
	return strings.TrimSpace(s)
}
