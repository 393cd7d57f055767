package salsify

import (
	"encoding/json"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// Property ids of the sandbox organization (the brief's contract): "Product
// ID" holds the product-id role and is the SKU; Weight and Price are number
// properties, the others strings.
const (
	PropProductID   = "Product ID"
	PropFamily      = "Family"
	PropName        = "Product Name"
	PropDescription = "Description"
	PropDraft       = "Description Draft"
	PropColor       = "Color"
	PropWeight      = "Weight"
	PropWeightUnit  = "Weight Unit"
	PropEAN         = "EAN"
	PropPrice       = "Price"
)

// numberProps are the properties of Salsify's number data type: their values
// are JSON numbers, kept with their exact text.
var numberProps = map[string]bool{PropWeight: true, PropPrice: true}

// timeLayout is Salsify's time stamp: RFC 3339 in UTC with milliseconds.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// product is one Salsify product. Props values are string, json.Number, bool
// or []any of those (a multi-valued property); a property without a value is
// absent.
type product struct {
	ID        string
	Props     map[string]any
	Created   time.Time
	Updated   time.Time
	Version   int
	SystemID  string
	Destroyed time.Time // zero while the product exists
	// Parent is a child product's salsify:parent_id ("" for none); Kids
	// marks a parent product (one with children).
	Parent string
	Kids   bool
}

// planted builds product i as the catalog planted it, with the same defects
// the Akeneo emulator shows: a missing description is an absent property.
func (s *Server) planted(i int) *product {
	if s.cat.Profile == catalog.Realistic {
		return s.plantedRealistic(i)
	}
	p := s.cat.PIM(i)
	props := map[string]any{
		PropProductID:  p.SKU,
		PropFamily:     p.Family,
		PropName:       p.Name,
		PropColor:      p.Color,
		PropWeight:     json.Number(p.Weight),
		PropWeightUnit: p.WeightUnit,
		PropEAN:        p.EAN,
		PropPrice:      json.Number(p.Price),
	}
	if p.Description != "" {
		props[PropDescription] = p.Description
	}
	return &product{ID: p.SKU, Props: props, Created: s.cat.Created(), Updated: s.cat.Updated(i),
		Version: 1, SystemID: "s-" + p.UUID}
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
	if i >= s.cat.N {
		return s.cat.Created() // a parent is not updated after it was created
	}
	return s.cat.Updated(i)
}

// idOf returns the salsify:id of index i without building the product.
func (s *Server) idOf(i int) string {
	if p, ok := s.changed[i]; ok {
		return p.ID
	}
	return s.plantedID(i)
}

// indexOf finds a product (live or destroyed) by salsify:id; the caller holds s.mu.
func (s *Server) indexOf(id string) (int, bool) {
	if i, ok := s.plantedIndex(id); ok {
		return i, true
	}
	i, ok := s.bySKU[id]
	return i, ok
}

// live finds a product that is not destroyed; the caller holds s.mu.
func (s *Server) live(id string) (int, bool) {
	i, ok := s.indexOf(id)
	if !ok {
		return 0, false
	}
	if p, changed := s.changed[i]; changed && !p.Destroyed.IsZero() {
		return 0, false
	}
	return i, true
}

// doc renders a product as the API does: system fields, then every property
// by its id. salsify:destroyed_at is there only for a destroyed product.
func (p *product) doc() map[string]any {
	m := make(map[string]any, len(p.Props)+8)
	for k, v := range p.Props {
		m[k] = v
	}
	m["salsify:id"] = p.ID
	m["salsify:created_at"] = p.Created.UTC().Format(timeLayout)
	m["salsify:updated_at"] = p.Updated.UTC().Format(timeLayout)
	m["salsify:version"] = p.Version
	m["salsify:parent_id"] = nil
	if p.Parent != "" {
		m["salsify:parent_id"] = p.Parent
	}
	m["salsify:system_id"] = p.SystemID
	m["salsify:profile_asset_id"] = nil
	if !p.Destroyed.IsZero() {
		m["salsify:destroyed_at"] = p.Destroyed.UTC().Format(timeLayout)
	}
	return m
}

// clone copies a product so that a write never changes a value a reader holds.
func (p *product) clone() *product {
	cp := *p
	cp.Props = make(map[string]any, len(p.Props))
	for k, v := range p.Props {
		cp.Props[k] = v
	}
	return &cp
}

// store saves product i as changed and drops the cached orders; the caller
// holds s.mu for writing.
func (s *Server) store(i int, p *product) {
	s.changed[i] = p
	s.orders.invalidate()
}
