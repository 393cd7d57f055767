package salesforce

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// record is one stored sObject record. Records are never changed in place:
// a write stores a new record, so query snapshots and undo logs may keep
// pointers.
type record struct {
	Obj      string         `json:"object"`
	ID       string         `json:"id"`
	Fields   map[string]any `json:"fields"` // by canonical field name; json.Number, string, bool or nil
	Created  time.Time      `json:"created"`
	Modified time.Time      `json:"modified"`
	Deleted  *time.Time     `json:"deleted,omitempty"`
}

// value returns a field's value, system fields included.
func (r *record) value(f string) any {
	switch f {
	case "Id":
		return r.ID
	case "IsDeleted":
		return r.Deleted != nil
	case "CreatedDate":
		return r.Created
	case "LastModifiedDate", "SystemModstamp":
		return r.Modified
	}
	return r.Fields[f]
}

// with returns a copy of r with fields set and the modification time now.
func (r *record) with(fields map[string]any, now time.Time) *record {
	c := *r
	c.Fields = maps.Clone(r.Fields)
	maps.Copy(c.Fields, fields)
	c.Modified = now
	return &c
}

// table holds one object's records with its external id indexes.
type table struct {
	obj  *object
	recs map[string]*record
	next int                                   // the counter of the next id
	ext  map[string]map[string]map[string]bool // ext field -> lower-cased value -> ids of live records holding it
}

func newTable(o *object) *table {
	return &table{obj: o, recs: map[string]*record{}, next: 1, ext: map[string]map[string]map[string]bool{}}
}

// newID reserves the table's next record id.
func (t *table) newID() string {
	id := makeID(t.obj.Prefix, t.next)
	t.next++
	return id
}

// put stores rec (nil removes id), keeping the external id index.
func (t *table) put(id string, rec *record) {
	if old := t.recs[id]; old != nil {
		t.index(old, false)
	}
	if rec == nil {
		delete(t.recs, id)
		return
	}
	t.recs[id] = rec
	t.index(rec, true)
}

func (t *table) index(r *record, add bool) {
	if r.Deleted != nil {
		return
	}
	for _, f := range t.obj.Fields {
		v, ok := r.Fields[f.Name].(string)
		if !f.ExtID || !ok || v == "" {
			continue
		}
		m := t.ext[f.Name]
		if m == nil {
			m = map[string]map[string]bool{}
			t.ext[f.Name] = m
		}
		k := strings.ToLower(v)
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		if add {
			m[k][r.ID] = true
		} else {
			delete(m[k], r.ID)
		}
	}
}

// byExt returns the live records whose external id field f equals v
// (case-insensitively), in id order.
func (t *table) byExt(f, v string) []*record {
	var out []*record
	for id := range t.ext[f][strings.ToLower(v)] {
		out = append(out, t.recs[id])
	}
	slices.SortFunc(out, func(a, b *record) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// sorted returns every record in id order, deleted ones included.
func (t *table) sorted() []*record {
	out := slices.Collect(maps.Values(t.recs))
	slices.SortFunc(out, func(a, b *record) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// undo is the log of a write call, to roll back an allOrNone call.
type undo []func()

func (u *undo) put(t *table, id string, rec *record) {
	old := t.recs[id]
	next := t.next
	*u = append(*u, func() { t.put(id, old); t.next = next })
	t.put(id, rec)
}

// rollback restores the tables as they were before the logged writes.
func (u undo) rollback() {
	for i := len(u) - 1; i >= 0; i-- {
		u[i]()
	}
}
