package salesforce

import (
	"encoding/json"
	"fmt"
	"maps"
)

// Put creates a record of obj as the API would (same checks; required
// fields, references, unique external ids) and returns its id. Values are
// JSON-able Go values (strings, bools, numbers, nil).
func (e *Emulator) Put(obj string, fields map[string]any) (string, error) {
	o, conv, err := e.arrange(obj, fields, opCreate)
	if err != nil {
		return "", err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	id, rerr := e.writer().insert(o, conv)
	if rerr != nil {
		return "", fmt.Errorf("put %s: %s: %s", obj, rerr.StatusCode, rerr.Message)
	}
	return id, nil
}

// Update changes fields of record id of obj, stamping SystemModstamp with
// the emulator's clock.
func (e *Emulator) Update(obj, id string, fields map[string]any) error {
	o, conv, err := e.arrange(obj, fields, opUpdate)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	full, nerr := normalizeID(id)
	if nerr != nil {
		return fmt.Errorf("update %s %s: %w", obj, id, nerr)
	}
	if rerr := e.writer().update(o, full, conv); rerr != nil {
		return fmt.Errorf("update %s %s: %s: %s", obj, id, rerr.StatusCode, rerr.Message)
	}
	return nil
}

// Delete moves record id of obj to the recycle bin (deleted now).
func (e *Emulator) Delete(obj, id string) error {
	o, ok := e.schema.lookup(obj)
	full, err := normalizeID(id)
	if !ok || err != nil {
		return fmt.Errorf("delete %s %s: unknown object or malformed id", obj, id)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if rerr := e.writer().remove(o, full); rerr != nil {
		return fmt.Errorf("delete %s %s: %s", obj, id, rerr.StatusCode)
	}
	return nil
}

// Record returns record id of obj with every field (system fields as
// time.Time and bool, numbers as json.Number), deleted ones included.
func (e *Emulator) Record(obj, id string) (map[string]any, bool) {
	o, ok := e.schema.lookup(obj)
	full, err := normalizeID(id)
	if !ok || err != nil {
		return nil, false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	r := e.tables[o.Name].recs[full]
	if r == nil {
		return nil, false
	}
	out := maps.Clone(r.Fields)
	for _, f := range systemFields {
		out[f.Name] = r.value(f.Name)
	}
	return out, true
}

// IDs lists the ids of obj's records in id order (deleted ones included).
func (e *Emulator) IDs(obj string) []string {
	o, ok := e.schema.lookup(obj)
	if !ok {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, r := range e.tables[o.Name].sorted() {
		out = append(out, r.ID)
	}
	return out
}

// arrange converts test values through the API's own JSON checks.
func (e *Emulator) arrange(obj string, fields map[string]any, kind op) (*object, map[string]any, error) {
	o, ok := e.schema.lookup(obj)
	if !ok {
		return nil, nil, fmt.Errorf("arrange %s: unknown object", obj)
	}
	raw := map[string]json.RawMessage{}
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, nil, fmt.Errorf("arrange %s.%s: %w", obj, k, err)
		}
		raw[k] = b
	}
	conv, rerr, fatal := convert(o, raw, kind)
	switch {
	case fatal != nil:
		return nil, nil, fmt.Errorf("arrange %s: %s", obj, fatal.Message)
	case rerr != nil:
		return nil, nil, fmt.Errorf("arrange %s: %s: %s", obj, rerr.StatusCode, rerr.Message)
	}
	return o, conv, nil
}
