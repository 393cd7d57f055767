package akeneo

import (
	"fmt"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// value is one attribute value.
type value struct {
	Locale *string `json:"locale"`
	Scope  *string `json:"scope"`
	Data   any     `json:"data"`
}

type product struct {
	UUID       string
	Identifier string
	Enabled    bool
	Family     string
	Parent     string
	Categories []string
	Values     map[string][]value
	Created    time.Time
	Updated    time.Time
}

func ptr(s string) *string { return &s }

// planted builds product i as the catalog planted it.
func (s *Server) planted(i int) *product {
	if s.cat.Profile == catalog.Realistic {
		return s.plantedRealistic(i)
	}
	p := s.cat.PIM(i)
	vals := map[string][]value{
		"sku":    {{Data: p.SKU}},
		"name":   {{Locale: ptr(localeCode), Data: p.Name}},
		"color":  {{Data: p.Color}},
		"weight": {{Data: map[string]any{"amount": p.Weight, "unit": p.WeightUnit}}},
		"ean":    {{Data: p.EAN}},
		"price":  {{Data: []map[string]any{{"amount": p.Price, "currency": "EUR"}}}},
	}
	if p.Description != "" {
		vals["description"] = []value{{Locale: ptr(localeCode), Scope: ptr(channelCode), Data: p.Description}}
	}
	up := s.cat.Updated(i)
	return &product{UUID: p.UUID, Identifier: p.SKU, Enabled: true, Family: p.Family, Parent: modelOf(i, p.Family),
		Categories: []string{"master_" + p.Family}, Values: vals, Created: s.cat.Created(), Updated: up}
}

// variantFamilies have product models: every other product of theirs is a
// variant, ten consecutive ones sharing a model.
var variantFamilies = map[string]bool{"shirts": true, "shoes": true}

// modelOf is the product model code of planted product i, "" for a simple product.
func modelOf(i int, family string) string {
	if !variantFamilies[family] || i%2 != 0 {
		return ""
	}
	return fmt.Sprintf("%s_model_%d", family, i/10)
}

// get returns product i (changed or planted); the caller holds s.mu.
func (s *Server) get(i int) *product {
	if p, ok := s.changed[i]; ok {
		return p
	}
	return s.planted(i)
}

// updated returns product i's update time without building it.
func (s *Server) updated(i int) time.Time {
	if p, ok := s.changed[i]; ok {
		return p.Updated
	}
	return s.cat.Updated(i)
}

// indexOfIdentifier finds the product whose identifier is id now (a planted
// product may have been given another one); the caller holds s.mu.
func (s *Server) indexOfIdentifier(id string) (int, bool) {
	if id == "" {
		return 0, false
	}
	if i, ok := s.cat.IndexOfSKU(id); ok && s.identifierOf(i) == id {
		return i, true
	}
	if i, ok := s.bySKU[id]; ok && s.identifierOf(i) == id {
		return i, true
	}
	return 0, false
}

// identifierOf returns the identifier of index i without building the product.
func (s *Server) identifierOf(i int) string {
	if p, ok := s.changed[i]; ok {
		return p.Identifier
	}
	return s.cat.SKU(i)
}

// indexOfUUID finds a product by uuid; the caller holds s.mu.
func (s *Server) indexOfUUID(u string) (int, bool) {
	if i, ok := s.byUUID[u]; ok {
		return i, true
	}
	if i, ok := s.cat.IndexOfUUID(u); ok && i < s.cat.N {
		return i, true
	}
	return 0, false
}

// uuidOf returns the uuid of index i.
func (s *Server) uuidOf(i int) string {
	if p, ok := s.changed[i]; ok {
		return p.UUID
	}
	return s.cat.UUID(i)
}

const timeLayout = "2006-01-02T15:04:05-07:00"

// item renders a product as the API does, restricted to attributes if given.
func (p *product) item(withIdentifier bool, attrs map[string]bool, self string) map[string]any {
	vals := p.Values
	if attrs != nil {
		vals = map[string][]value{}
		for k, v := range p.Values {
			if attrs[k] {
				vals[k] = v
			}
		}
	}
	var parent, family any
	if p.Parent != "" {
		parent = p.Parent
	}
	if p.Family != "" {
		family = p.Family
	}
	cats := p.Categories
	if cats == nil {
		cats = []string{}
	}
	m := map[string]any{
		"_links": map[string]any{"self": map[string]string{"href": self}},
		"uuid":   p.UUID, "enabled": p.Enabled, "family": family, "categories": cats,
		"groups": []string{}, "parent": parent, "values": vals, "associations": map[string]any{},
		"quantified_associations": map[string]any{},
		"created":                 p.Created.UTC().Format(timeLayout), "updated": p.Updated.UTC().Format(timeLayout),
	}
	if withIdentifier {
		m["identifier"] = p.Identifier
	}
	return m
}

// Value returns the data of an attribute's first value of the product with
// identifier; tests use it to inspect the PIM's state.
func (s *Server) Value(identifier, attr string) (any, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, ok := s.indexOfIdentifier(identifier)
	if !ok {
		return nil, false
	}
	vs := s.get(i).Values[attr]
	if len(vs) == 0 {
		return nil, false
	}
	return vs[0].Data, true
}

// Count returns how many products the PIM holds.
func (s *Server) Count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.total
}

// Plant sets the value of attr (no locale, no scope) of the product with
// identifier without the API's validation, as data that entered the PIM some
// other way (an old import, a migration); tests use it to plant what the API
// itself refuses, such as an option code that is not an option. It reports
// whether the product exists.
func (s *Server) Plant(identifier, attr string, data any) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.indexOfIdentifier(identifier)
	if !ok {
		return false
	}
	cp := *s.get(i)
	cp.Values = cloneValues(cp.Values)
	cp.Values[attr] = mergeValue(cp.Values[attr], value{Data: data})
	s.store(i, &cp)
	return true
}
