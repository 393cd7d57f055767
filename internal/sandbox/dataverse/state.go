package dataverse

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// SaveState returns every table's rows and deletions and the version
// counters as JSON (tokens and limits are not kept). encoding/json sorts map
// keys, so the same state gives the same bytes.
func (e *Emulator) SaveState() ([]byte, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	b, err := json.Marshal(e.st)
	if err != nil {
		return nil, fmt.Errorf("save dataverse state: %w", err)
	}
	return b, nil
}

// LoadState replaces the store with one SaveState wrote. It refuses an
// unknown table, a column the table does not have, or a row version above
// the counter.
func (e *Emulator) LoadState(b []byte) error {
	st := newStore()
	var in store
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		return fmt.Errorf("load dataverse state: %w", err)
	}
	for name, t := range in.Tables {
		if err := checkTable(name, t, in.Version); err != nil {
			return fmt.Errorf("load dataverse state: %w", err)
		}
		if t.Rows == nil {
			t.Rows = map[string]*row{}
		}
		st.Tables[name] = t
	}
	st.Version, st.Created = in.Version, in.Created
	e.mu.Lock()
	defer e.mu.Unlock()
	e.st = st
	return nil
}

func checkTable(name string, t *table, version int64) error {
	es := sets[name]
	if es == nil || t == nil {
		return fmt.Errorf("table %q is not served", name)
	}
	for id, r := range t.Rows {
		if r == nil || r.ID != id || r.Version > version {
			return fmt.Errorf("%s row %q does not fit the state", name, id)
		}
		for c := range r.Fields {
			if _, ok := es.cols[c]; !ok {
				return fmt.Errorf("%s row %q: no column %q", name, id, c)
			}
		}
	}
	return nil
}
