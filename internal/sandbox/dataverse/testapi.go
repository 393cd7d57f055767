package dataverse

import (
	"encoding/json"
	"fmt"
	"maps"
)

// Put stores fields (column → value: string, json.Number or nil; lookups as
// "_ownerid_value") as row id of set, a change stamped by the clock; id ""
// creates a new row. It returns the row's id.
func (e *Emulator) Put(set, id string, fields map[string]any) (string, error) {
	es := sets[set]
	if es == nil {
		return "", fmt.Errorf("put %s: no such entity set", set)
	}
	for c := range fields {
		if _, ok := es.cols[c]; !ok || c == es.key {
			return "", fmt.Errorf("put %s: no writable column %q", set, c)
		}
	}
	now := e.clock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if id == "" {
		id = e.st.newID()
	}
	merged := map[string]any{}
	if old := e.st.Tables[set].Rows[id]; old != nil {
		maps.Copy(merged, old.Fields)
	}
	maps.Copy(merged, fields)
	e.st.put(set, id, merged, now)
	return id, nil
}

// Delete removes row id of set, as a user deleting it would; false when
// there is none.
func (e *Emulator) Delete(set, id string) bool {
	now := e.clock()
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.st.Tables[set]
	if t == nil || t.Rows[id] == nil {
		return false
	}
	e.st.remove(set, id, now)
	return true
}

// Get returns row id of set as the Web API renders it (all columns, etag),
// nil when there is none.
func (e *Emulator) Get(set, id string) map[string]any {
	e.mu.RLock()
	defer e.mu.RUnlock()
	es, t := sets[set], e.st.Tables[set]
	if t == nil || t.Rows[id] == nil {
		return nil
	}
	return entity(es, t.Rows[id], nil)
}

// FindByAltKey returns the id of the row of set whose alternate key holds
// value ("" when none).
func (e *Emulator) FindByAltKey(set, value string) string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	es := sets[set]
	if es == nil || es.altKey == "" {
		return ""
	}
	if r := e.st.byAltKey(es, value); r != nil {
		return r.ID
	}
	return ""
}

// Count returns how many rows set holds.
func (e *Emulator) Count(set string) int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if t := e.st.Tables[set]; t != nil {
		return len(t.Rows)
	}
	return 0
}

// Dec is a decimal column value for Put ("12.50").
func Dec(s string) json.Number { return json.Number(s) }
