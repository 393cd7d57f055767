package salsify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// savedState is what SaveState writes: every product that differs from the
// catalog as planted (written, destroyed or created through the API), so
// that LoadState serves the organization exactly as it was.
type savedState struct {
	// Total is how many products the organization holds, created ones included.
	Total    int            `json:"total"`
	Products []savedProduct `json:"products"`
}

type savedProduct struct {
	Index     int            `json:"index"`
	ID        string         `json:"id"`
	SystemID  string         `json:"system_id"`
	Props     map[string]any `json:"properties"`
	Created   time.Time      `json:"created"`
	Updated   time.Time      `json:"updated"`
	Version   int            `json:"version"`
	Destroyed *time.Time     `json:"destroyed,omitempty"`
	Parent    string         `json:"parent_id,omitempty"`
	Kids      bool           `json:"has_children,omitempty"`
}

// SaveState returns the emulator's mutable data as JSON: the products changed
// or created through the API, in index order. The token, the rate-limit
// counter and call counts are not kept. The same state always gives the
// same bytes.
func (s *Server) SaveState() ([]byte, error) {
	s.mu.RLock()
	st := savedState{Total: s.total, Products: make([]savedProduct, 0, len(s.changed))}
	for i, p := range s.changed {
		sp := savedProduct{Index: i, ID: p.ID, SystemID: p.SystemID, Props: p.Props, Created: p.Created.UTC(),
			Updated: p.Updated.UTC(), Version: p.Version, Parent: p.Parent, Kids: p.Kids}
		if !p.Destroyed.IsZero() {
			d := p.Destroyed.UTC()
			sp.Destroyed = &d
		}
		st.Products = append(st.Products, sp)
	}
	slices.SortFunc(st.Products, func(a, b savedProduct) int { return a.Index - b.Index })
	b, err := json.Marshal(st)
	s.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("save salsify state: %w", err)
	}
	return b, nil
}

// LoadState replaces the emulator's products with a state SaveState wrote
// for the same catalog. It refuses a state that does not fit the catalog: an
// index out of range or twice, a planted product under another id, an id
// twice, or a created product missing below the total.
func (s *Server) LoadState(b []byte) error {
	var st savedState
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&st); err != nil {
		return fmt.Errorf("load salsify state: %w", err)
	}
	changed, bySKU, err := s.restore(st)
	if err != nil {
		return fmt.Errorf("load salsify state: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changed, s.bySKU, s.total = changed, bySKU, st.Total
	s.orders.invalidate()
	return nil
}

// restore checks a saved state against the catalog and rebuilds the product
// and id indexes.
func (s *Server) restore(st savedState) (map[int]*product, map[string]int, error) {
	if st.Total < s.base() {
		return nil, nil, fmt.Errorf("total %d is below the catalog's %d products", st.Total, s.base())
	}
	changed := make(map[int]*product, len(st.Products))
	bySKU := map[string]int{}
	for k, sp := range st.Products {
		if err := s.checkSaved(sp, st.Total, changed, bySKU); err != nil {
			return nil, nil, fmt.Errorf("product %d: %w", k+1, err)
		}
		if sp.Props == nil {
			sp.Props = map[string]any{}
		}
		p := &product{ID: sp.ID, Props: sp.Props, Created: sp.Created, Updated: sp.Updated, Version: sp.Version, SystemID: sp.SystemID,
			Parent: sp.Parent, Kids: sp.Kids}
		if sp.Destroyed != nil {
			p.Destroyed = *sp.Destroyed
		}
		changed[sp.Index] = p
		if sp.Index >= s.base() {
			bySKU[sp.ID] = sp.Index
		}
	}
	for i := s.base(); i < st.Total; i++ {
		if changed[i] == nil {
			return nil, nil, fmt.Errorf("product index %d is below the total %d but not in the state", i, st.Total)
		}
	}
	return changed, bySKU, nil
}

// checkSaved checks one saved product against the catalog and those before it.
func (s *Server) checkSaved(sp savedProduct, total int, changed map[int]*product, bySKU map[string]int) error {
	switch {
	case sp.Index < 0 || sp.Index >= total:
		return fmt.Errorf("index %d is outside 0..%d", sp.Index, total-1)
	case changed[sp.Index] != nil:
		return fmt.Errorf("index %d is there twice", sp.Index)
	case sp.Index < s.base() && sp.ID != s.plantedID(sp.Index):
		return fmt.Errorf("index %d has id %q, the catalog's is %q", sp.Index, sp.ID, s.plantedID(sp.Index))
	case sp.Index >= s.base() && sp.ID == "":
		return fmt.Errorf("index %d has no id", sp.Index)
	}
	if _, planted := s.plantedIndex(sp.ID); sp.Index >= s.base() && planted {
		return fmt.Errorf("index %d reuses the catalog's id %q", sp.Index, sp.ID)
	}
	if _, dup := bySKU[sp.ID]; dup {
		return fmt.Errorf("id %q is there twice", sp.ID)
	}
	return nil
}
