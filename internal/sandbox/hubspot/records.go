package hubspot

import (
	"fmt"
	"time"
)

// Record is a stored object as tests see it: every property with a value
// (system properties included), its times and whether it is archived.
type Record struct {
	ID         string
	Properties map[string]string
	Created    time.Time
	Updated    time.Time
	Archived   bool
}

// snapshot copies r; the caller holds e.mu.
func (t *table) snapshot(r *record) Record {
	props := map[string]string{}
	for _, p := range t.props {
		if v, ok := t.value(r, p.Name); ok {
			props[p.Name] = v
		}
	}
	return Record{ID: idString(r.ID), Properties: props, Created: r.Created, Updated: r.Updated, Archived: r.Archived}
}

// tableOf returns the table of typ or an error naming it.
func (e *Emulator) tableOf(typ string) (*table, error) {
	t := e.tables[typ]
	if t == nil {
		return nil, fmt.Errorf("hubspot emulator: no object type %q", typ)
	}
	return t, nil
}

// plain turns test properties into write values ("" clears), refusing
// properties the type does not have.
func plain(t *table, props map[string]string) (map[string]*string, error) {
	out := make(map[string]*string, len(props))
	for k, v := range props {
		if _, ok := t.byName[k]; !ok {
			return nil, fmt.Errorf("hubspot emulator: %s has no property %q", t.name, k)
		}
		out[k] = &v
	}
	return out, nil
}

// Put creates a record of typ with props at the clock's time, as an edit in
// the HubSpot app would (no type checks beyond the property names), and
// returns its id.
func (e *Emulator) Put(typ string, props map[string]string) (string, error) {
	now := e.clock()
	e.mu.Lock()
	defer e.mu.Unlock()
	t, err := e.tableOf(typ)
	if err != nil {
		return "", err
	}
	p, err := plain(t, props)
	if err != nil {
		return "", err
	}
	return idString(t.create(p, now).ID), nil
}

// Update sets props of the live record id ("" clears one) at the clock's
// time; the modified date moves only when a value changes.
func (e *Emulator) Update(typ, id string, props map[string]string) error {
	now := e.clock()
	e.mu.Lock()
	defer e.mu.Unlock()
	t, err := e.tableOf(typ)
	if err != nil {
		return err
	}
	r, ok := t.find("hs_object_id", id)
	if !ok {
		return fmt.Errorf("hubspot emulator: no live %s %s", typ, id)
	}
	p, err := plain(t, props)
	if err != nil {
		return err
	}
	t.apply(r, p, now)
	return nil
}

// Delete archives the live record id at the clock's time; it reports
// whether there was one.
func (e *Emulator) Delete(typ, id string) bool {
	now := e.clock()
	e.mu.Lock()
	defer e.mu.Unlock()
	t := e.tables[typ]
	if t == nil {
		return false
	}
	r, ok := t.find("hs_object_id", id)
	if ok {
		t.archive(r, now)
	}
	return ok
}

// Get returns record id of typ, archived or not.
func (e *Emulator) Get(typ, id string) (Record, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	t := e.tables[typ]
	if t == nil {
		return Record{}, false
	}
	r, ok := t.byID(id)
	if !ok {
		return Record{}, false
	}
	return t.snapshot(r), true
}

// Find returns the live record of typ whose unique property holds value.
func (e *Emulator) Find(typ, property, value string) (Record, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	t := e.tables[typ]
	if t == nil {
		return Record{}, false
	}
	r, ok := t.find(property, value)
	if !ok {
		return Record{}, false
	}
	return t.snapshot(r), true
}

// Count returns how many live records of typ the portal holds.
func (e *Emulator) Count(typ string) int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if t := e.tables[typ]; t != nil {
		return len(t.ids(false))
	}
	return 0
}
