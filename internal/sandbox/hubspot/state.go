package hubspot

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// savedState is what SaveState writes: every record of every type, with
// each type's next id.
type savedState struct {
	Tables map[string]savedTable `json:"tables"`
}

type savedTable struct {
	Next    int64         `json:"next"`
	Records []savedRecord `json:"records"`
}

type savedRecord struct {
	ID         int64             `json:"id"`
	Props      map[string]string `json:"properties"`
	Created    time.Time         `json:"created"`
	Updated    time.Time         `json:"updated"`
	ArchivedAt *time.Time        `json:"archived_at,omitempty"`
}

// SaveState returns every record (archived ones included) by type in id
// order; tokens, limits and call counts are not kept. The same portal
// always gives the same bytes.
func (e *Emulator) SaveState() ([]byte, error) {
	e.mu.RLock()
	st := savedState{Tables: map[string]savedTable{}}
	for name, t := range e.tables {
		st.Tables[name] = t.save()
	}
	b, err := json.Marshal(st)
	e.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("save hubspot state: %w", err)
	}
	return b, nil
}

func (t *table) save() savedTable {
	out := savedTable{Next: t.next, Records: []savedRecord{}}
	for _, r := range t.recs {
		sr := savedRecord{ID: r.ID, Props: r.Props, Created: r.Created.UTC(), Updated: r.Updated.UTC()}
		if r.Archived {
			at := r.ArchivedAt.UTC()
			sr.ArchivedAt = &at
		}
		out.Records = append(out.Records, sr)
	}
	slices.SortFunc(out.Records, func(a, b savedRecord) int { return int(a.ID - b.ID) })
	return out
}

// LoadState replaces the records with a state SaveState wrote. It refuses
// an unknown type, an unknown property, an id twice or at or above its
// type's next id, and two live records sharing a unique value.
func (e *Emulator) LoadState(b []byte) error {
	var st savedState
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("load hubspot state: %w", err)
	}
	tables := map[string]*table{}
	for name, props := range schemas() {
		tables[name] = newTable(name, props)
	}
	for name, saved := range st.Tables {
		t := tables[name]
		if t == nil {
			return fmt.Errorf("load hubspot state: no object type %q", name)
		}
		if err := t.load(saved); err != nil {
			return fmt.Errorf("load hubspot state: %s: %w", name, err)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tables = tables
	return nil
}

// load fills an empty table from its saved form.
func (t *table) load(st savedTable) error {
	t.next = st.Next
	for _, sr := range st.Records {
		if err := t.checkSaved(sr); err != nil {
			return err
		}
		r := &record{ID: sr.ID, Props: sr.Props, Created: sr.Created, Updated: sr.Updated}
		if r.Props == nil {
			r.Props = map[string]string{}
		}
		if sr.ArchivedAt != nil {
			r.Archived, r.ArchivedAt = true, *sr.ArchivedAt
		}
		t.recs[r.ID] = r
	}
	t.reindex()
	for name, idx := range t.unique {
		live := 0
		for _, r := range t.recs {
			if _, ok := r.Props[name]; ok && !r.Archived {
				live++
			}
		}
		if live != len(idx) {
			return fmt.Errorf("two live records share a value of the unique property %s", name)
		}
	}
	return nil
}

func (t *table) checkSaved(sr savedRecord) error {
	switch {
	case sr.ID < 1 || sr.ID >= t.next:
		return fmt.Errorf("record id %d is outside 1..%d", sr.ID, t.next-1)
	case t.recs[sr.ID] != nil:
		return fmt.Errorf("record id %d is there twice", sr.ID)
	}
	for name := range sr.Props {
		if p, ok := t.byName[name]; !ok || p.ReadOnly {
			return fmt.Errorf("record %d: %q is not a writable property", sr.ID, name)
		}
	}
	return nil
}
