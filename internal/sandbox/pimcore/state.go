package pimcore

import (
	"encoding/json"
	"fmt"
	"slices"
)

// savedState is what SaveState writes: every object that differs from the
// catalog as planted (written, touched, unpublished or deleted), in id order.
type savedState struct {
	Objects []*object `json:"objects"`
}

// SaveState returns the emulator's mutable data as JSON. Call counts are not
// kept. The same state always gives the same bytes.
func (s *Server) SaveState() ([]byte, error) {
	s.mu.RLock()
	st := savedState{Objects: make([]*object, 0, len(s.changed))}
	for _, o := range s.changed {
		st.Objects = append(st.Objects, o)
	}
	slices.SortFunc(st.Objects, func(a, b *object) int { return a.ID - b.ID })
	b, err := json.Marshal(st)
	s.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("save pimcore state: %w", err)
	}
	return b, nil
}

// LoadState replaces the emulator's objects with a state SaveState wrote for
// the same catalog. It refuses an object id outside the catalog or twice.
func (s *Server) LoadState(b []byte) error {
	var st savedState
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("load pimcore state: %w", err)
	}
	changed := make(map[int]*object, len(st.Objects))
	for k, o := range st.Objects {
		switch {
		case o == nil:
			return fmt.Errorf("load pimcore state: object %d is null", k+1)
		case o.ID < 1 || o.ID > s.size():
			return fmt.Errorf("load pimcore state: object %d: id %d is outside 1..%d", k+1, o.ID, s.size())
		case changed[o.ID-1] != nil:
			return fmt.Errorf("load pimcore state: object %d: id %d is there twice", k+1, o.ID)
		}
		changed[o.ID-1] = o.clone()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changed = changed
	s.dropIndexes()
	return nil
}
