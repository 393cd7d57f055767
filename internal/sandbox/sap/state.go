package sap

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// savedState is what SaveState writes: per entity set, the entities changed
// through the API (or moved by the Mode) and the ones deleted.
type savedState struct {
	Sets map[string]savedSet `json:"sets"`
	// Partners holds the v2 business partner service's rows, whole.
	Partners bpTables `json:"business_partners,omitempty"`
}

type savedSet struct {
	Changed []savedEntity `json:"changed"`
	Deleted []int         `json:"deleted"`
}

type savedEntity struct {
	Index int            `json:"index"`
	Keys  []string       `json:"keys"`
	Props map[string]any `json:"props"`
}

// SaveState returns the emulator's mutable data as JSON, in index order.
// Tokens, CSRF sessions, the Mode and call counts are not kept. The same state
// always gives the same bytes.
func (s *Server) SaveState() ([]byte, error) {
	s.mu.RLock()
	st := savedState{Sets: map[string]savedSet{}}
	for _, set := range sets {
		ss := savedSet{Changed: []savedEntity{}, Deleted: []int{}}
		for _, i := range slices.Sorted(maps.Keys(s.changed[set.name])) {
			e := s.changed[set.name][i]
			ss.Changed = append(ss.Changed, savedEntity{Index: i, Keys: e.keys, Props: e.props})
		}
		for _, i := range slices.Sorted(maps.Keys(s.deleted[set.name])) {
			if s.deleted[set.name][i] {
				ss.Deleted = append(ss.Deleted, i)
			}
		}
		st.Sets[set.name] = ss
	}
	st.Partners = s.bp
	b, err := json.Marshal(st)
	s.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("save sap state: %w", err)
	}
	return b, nil
}

// LoadState replaces the emulator's changed and deleted entities with a state
// SaveState wrote for the same catalog. It refuses an unknown entity set and
// an index outside the catalog.
func (s *Server) LoadState(b []byte) error {
	var st savedState
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("load sap state: %w", err)
	}
	changed, deleted := map[string]map[int]entity{}, map[string]map[int]bool{}
	for name, ss := range st.Sets {
		if _, ok := setNamed(name); !ok {
			return fmt.Errorf("load sap state: unknown entity set %q", name)
		}
		changed[name], deleted[name] = map[int]entity{}, map[int]bool{}
		for _, e := range ss.Changed {
			if err := s.checkIndex(name, e.Index); err != nil {
				return err
			}
			if len(e.Keys) == 0 || e.Props == nil {
				return fmt.Errorf("load sap state: %s entity %d has no keys or properties", name, e.Index)
			}
			changed[name][e.Index] = entity{keys: e.Keys, props: e.Props}
		}
		for _, i := range ss.Deleted {
			if err := s.checkIndex(name, i); err != nil {
				return err
			}
			deleted[name][i] = true
		}
	}
	for name := range st.Partners {
		if _, ok := bpSets[name]; !ok {
			return fmt.Errorf("load sap state: unknown business partner entity set %q", name)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changed, s.deleted = changed, deleted
	if st.Partners != nil {
		s.bp = st.Partners
	}
	return nil
}

func (s *Server) checkIndex(set string, i int) error {
	if i < 0 || i >= s.cat.N {
		return fmt.Errorf("load sap state: %s entity index %d is outside the catalog's 0..%d", set, i, s.cat.N-1)
	}
	return nil
}
