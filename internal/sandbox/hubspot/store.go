package hubspot

import (
	"slices"
	"strconv"
	"time"
)

// stamp is HubSpot's time format: ISO-8601 UTC with milliseconds.
const stamp = "2006-01-02T15:04:05.000Z"

// record is one stored object. Props holds the writable properties with a
// value; the system properties come from ID and the times.
type record struct {
	ID         int64
	Props      map[string]string
	Created    time.Time
	Updated    time.Time
	Archived   bool
	ArchivedAt time.Time
}

// table holds the records of one object type.
type table struct {
	name   string
	props  []prop
	byName map[string]prop
	recs   map[int64]*record
	next   int64
	// unique indexes live records by unique property value.
	unique map[string]map[string]int64
}

// idBase is where each type's ids start, so ids of two types never meet.
var idBase = map[string]int64{"contacts": 101, "companies": 5001001, "products": 9001001}

func newTable(name string, props []prop) *table {
	t := &table{name: name, props: props, byName: map[string]prop{}, recs: map[int64]*record{}, next: idBase[name], unique: map[string]map[string]int64{}}
	for _, p := range props {
		t.byName[p.Name] = p
		if p.Unique && !p.ReadOnly {
			t.unique[p.Name] = map[string]int64{}
		}
	}
	return t
}

// ids returns the ids of the records (archived ones if archived, else live
// ones) in ascending order.
func (t *table) ids(archived bool) []int64 {
	out := make([]int64, 0, len(t.recs))
	for id, r := range t.recs {
		if r.Archived == archived {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// value returns property name of r, system properties included; ok is
// false for a property without a value (null on the wire).
func (t *table) value(r *record, name string) (string, bool) {
	switch name {
	case "hs_object_id":
		return strconv.FormatInt(r.ID, 10), true
	case "createdate":
		return r.Created.Format(stamp), true
	case Modified[t.name]:
		return r.Updated.Format(stamp), true
	}
	v, ok := r.Props[name]
	return v, ok
}

// find returns the live record whose property name holds value (hs_object_id
// or a unique property).
func (t *table) find(name, value string) (*record, bool) {
	if name == "hs_object_id" {
		id, err := strconv.ParseInt(value, 10, 64)
		if r, ok := t.recs[id]; err == nil && ok && !r.Archived {
			return r, true
		}
		return nil, false
	}
	id, ok := t.unique[name][value]
	if !ok {
		return nil, false
	}
	return t.recs[id], true
}

// byID returns a record by id, archived or not.
func (t *table) byID(s string) (*record, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, false
	}
	r, ok := t.recs[id]
	return r, ok
}

// create stores a new record with props (already validated) at now.
func (t *table) create(props map[string]*string, now time.Time) *record {
	r := &record{ID: t.next, Props: map[string]string{}, Created: now, Updated: now}
	t.next++
	t.recs[r.ID] = r
	t.apply(r, props, now)
	r.Updated = now
	return r
}

// apply writes props onto r (nil or "" clears a value) and reports whether
// anything changed; the modified date moves only then.
func (t *table) apply(r *record, props map[string]*string, now time.Time) bool {
	changed := false
	for name, v := range props {
		old, had := r.Props[name]
		switch {
		case v == nil || *v == "":
			if had {
				delete(r.Props, name)
				t.unindex(name, old)
				changed = true
			}
		case !had || old != *v:
			t.unindex(name, old)
			r.Props[name] = *v
			if idx := t.unique[name]; idx != nil && !r.Archived {
				idx[*v] = r.ID
			}
			changed = true
		}
	}
	if changed {
		r.Updated = now
	}
	return changed
}

func (t *table) unindex(name, value string) {
	if idx := t.unique[name]; idx != nil && value != "" {
		delete(idx, value)
	}
}

// archive archives a live record at now.
func (t *table) archive(r *record, now time.Time) {
	for name, v := range r.Props {
		if idx := t.unique[name]; idx != nil && idx[v] == r.ID {
			delete(idx, v)
		}
	}
	r.Archived, r.ArchivedAt, r.Updated = true, now, now
}

// reindex rebuilds the unique indexes from the records.
func (t *table) reindex() {
	for name := range t.unique {
		t.unique[name] = map[string]int64{}
	}
	for _, r := range t.recs {
		if r.Archived {
			continue
		}
		for name, v := range r.Props {
			if idx := t.unique[name]; idx != nil {
				idx[v] = r.ID
			}
		}
	}
}
