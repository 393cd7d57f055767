package akeneo

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// savedState is what SaveState writes: every product that differs from the
// catalog as planted (written, corrected or created through the API), with
// the identifier index, so that LoadState serves the PIM exactly as it was.
type savedState struct {
	// Total is how many products the PIM holds, created ones included.
	Total    int            `json:"total"`
	Products []savedProduct `json:"products"`
	// Identifiers maps identifiers written through the API to their product.
	Identifiers map[string]int `json:"identifiers"`
}

type savedProduct struct {
	Index      int                `json:"index"`
	UUID       string             `json:"uuid"`
	Identifier string             `json:"identifier"`
	Enabled    bool               `json:"enabled"`
	Family     string             `json:"family"`
	Parent     string             `json:"parent"`
	Categories []string           `json:"categories"`
	Values     map[string][]value `json:"values"`
	Created    time.Time          `json:"created"`
	Updated    time.Time          `json:"updated"`
}

// SaveState returns the emulator's mutable data as JSON: the products changed
// or created through the API, in index order. Tokens and call counts are not
// kept. The same state always gives the same bytes.
func (s *Server) SaveState() ([]byte, error) {
	s.mu.RLock()
	st := savedState{Total: s.total, Products: make([]savedProduct, 0, len(s.changed)), Identifiers: make(map[string]int, len(s.bySKU))}
	for i, p := range s.changed {
		st.Products = append(st.Products, savedProduct{Index: i, UUID: p.UUID, Identifier: p.Identifier, Enabled: p.Enabled,
			Family: p.Family, Parent: p.Parent, Categories: p.Categories, Values: p.Values, Created: p.Created.UTC(), Updated: p.Updated.UTC()})
	}
	for id, i := range s.bySKU {
		st.Identifiers[id] = i
	}
	sortProducts(st.Products)
	b, err := json.Marshal(st)
	s.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("save akeneo state: %w", err)
	}
	return b, nil
}

// sortProducts orders saved products by index.
func sortProducts(ps []savedProduct) {
	slices.SortFunc(ps, func(a, b savedProduct) int { return a.Index - b.Index })
}

// LoadState replaces the emulator's products with a state SaveState wrote
// for the same catalog. It refuses a state that does not fit the catalog: a
// product index out of range, twice, or missing below the total.
func (s *Server) LoadState(b []byte) error {
	var st savedState
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("load akeneo state: %w", err)
	}
	changed, byUUID, err := s.restore(st)
	if err != nil {
		return fmt.Errorf("load akeneo state: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changed, s.byUUID, s.bySKU, s.total = changed, byUUID, st.Identifiers, st.Total
	if s.bySKU == nil {
		s.bySKU = map[string]int{}
	}
	return nil
}

// restore checks a saved state against the catalog and rebuilds the product
// and uuid indexes.
func (s *Server) restore(st savedState) (map[int]*product, map[string]int, error) {
	if st.Total < s.cat.N {
		return nil, nil, fmt.Errorf("total %d is below the catalog's %d products", st.Total, s.cat.N)
	}
	changed := make(map[int]*product, len(st.Products))
	byUUID := make(map[string]int, len(st.Products))
	for k, sp := range st.Products {
		switch {
		case sp.Index < 0 || sp.Index >= st.Total:
			return nil, nil, fmt.Errorf("product %d: index %d is outside 0..%d", k+1, sp.Index, st.Total-1)
		case changed[sp.Index] != nil:
			return nil, nil, fmt.Errorf("product %d: index %d is there twice", k+1, sp.Index)
		case sp.UUID == "":
			return nil, nil, fmt.Errorf("product %d (index %d): no uuid", k+1, sp.Index)
		}
		if sp.Values == nil {
			sp.Values = map[string][]value{}
		}
		changed[sp.Index] = &product{UUID: sp.UUID, Identifier: sp.Identifier, Enabled: sp.Enabled, Family: sp.Family,
			Parent: sp.Parent, Categories: sp.Categories, Values: sp.Values, Created: sp.Created, Updated: sp.Updated}
		byUUID[sp.UUID] = sp.Index
	}
	for i := s.cat.N; i < st.Total; i++ {
		if changed[i] == nil {
			return nil, nil, fmt.Errorf("product index %d is below the total %d but not in the state", i, st.Total)
		}
	}
	for id, i := range st.Identifiers {
		if i < 0 || i >= st.Total {
			return nil, nil, fmt.Errorf("identifier %q: index %d is outside 0..%d", id, i, st.Total-1)
		}
	}
	return changed, byUUID, nil
}
