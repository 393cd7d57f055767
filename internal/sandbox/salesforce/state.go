package salesforce

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// savedState is what SaveState writes: every record of every object
// (deleted ones too) and each object's id counter.
type savedState struct {
	Next    map[string]int `json:"next"`
	Records []*record      `json:"records"`
}

// SaveState returns every record as JSON in object and id order; sessions,
// query locators, bulk jobs and the request count are not kept. The same
// state always gives the same bytes.
func (e *Emulator) SaveState() ([]byte, error) {
	e.mu.Lock()
	st := savedState{Next: map[string]int{}}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range e.tables {
			if !yield(k) {
				return
			}
		}
	}) {
		st.Next[name] = e.tables[name].next
		st.Records = append(st.Records, e.tables[name].sorted()...)
	}
	b, err := json.Marshal(st)
	e.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("save salesforce state: %w", err)
	}
	return b, nil
}

// LoadState replaces every record with a state SaveState wrote. It refuses
// a record of an unknown object, with a malformed or foreign id, twice, or
// with a field the object does not have.
func (e *Emulator) LoadState(b []byte) error {
	var st savedState
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&st); err != nil {
		return fmt.Errorf("load salesforce state: %w", err)
	}
	tables := map[string]*table{}
	for name, o := range e.schema {
		tables[name] = newTable(o)
		tables[name].next = max(st.Next[name], 1)
	}
	for k, r := range st.Records {
		if err := checkSaved(tables, r); err != nil {
			return fmt.Errorf("load salesforce state: record %d: %w", k+1, err)
		}
		tables[r.Obj].put(r.ID, r)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tables = tables
	e.locators = map[string]*locator{}
	return nil
}

// checkSaved checks one saved record against the schema and those before.
func checkSaved(tables map[string]*table, r *record) error {
	if r == nil || tables[r.Obj] == nil {
		return fmt.Errorf("unknown object")
	}
	t := tables[r.Obj]
	if id, err := normalizeID(r.ID); err != nil || id != r.ID || !strings.HasPrefix(id, t.obj.Prefix) {
		return fmt.Errorf("id %q is not an id of %s", r.ID, r.Obj)
	}
	if t.recs[r.ID] != nil {
		return fmt.Errorf("id %s is there twice", r.ID)
	}
	if r.Fields == nil {
		r.Fields = map[string]any{}
	}
	for name := range r.Fields {
		if f, ok := t.obj.field(name); !ok || f.Name != name || f.Name == "Id" {
			return fmt.Errorf("%s %s has no field %q", r.Obj, r.ID, name)
		}
	}
	r.Created, r.Modified = r.Created.UTC(), r.Modified.UTC()
	return nil
}
