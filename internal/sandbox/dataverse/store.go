package dataverse

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"
)

// row is one record. Rows are never changed in place: a write stores a new
// row, so a copy of the maps is a snapshot (see snapshot).
type row struct {
	ID       string         `json:"id"`
	Fields   map[string]any `json:"fields"` // string, json.Number or nil, by column
	Version  int64          `json:"version"`
	Created  time.Time      `json:"created"`
	Modified time.Time      `json:"modified"`
}

// tomb is a deleted row, kept for change tracking.
type tomb struct {
	ID      string    `json:"id"`
	Version int64     `json:"version"`
	At      time.Time `json:"at"`
}

// table holds one entity set's rows and deletions.
type table struct {
	Rows  map[string]*row `json:"rows"`
	Tombs []tomb          `json:"tombs"`
}

// store is every table plus the organization's row version counter, which
// rises on each change like Dataverse's versionnumber (rowversion).
type store struct {
	Tables  map[string]*table `json:"tables"`
	Version int64             `json:"version"`
	Created int64             `json:"created"` // rows created through the API, for their ids
}

func newStore() *store {
	st := &store{Tables: map[string]*table{}}
	for _, n := range setNames {
		st.Tables[n] = &table{Rows: map[string]*row{}}
	}
	return st
}

// snapshot copies the store so that a failed change set can be rolled back.
func (st *store) snapshot() *store {
	cp := &store{Tables: map[string]*table{}, Version: st.Version, Created: st.Created}
	for n, t := range st.Tables {
		cp.Tables[n] = &table{Rows: maps.Clone(t.Rows), Tombs: append([]tomb(nil), t.Tombs...)}
	}
	return cp
}

// put stores fields as row id of set, stamping a new version and now; it
// returns the new row.
func (st *store) put(set, id string, fields map[string]any, now time.Time) *row {
	st.Version++
	t := st.Tables[set]
	r := &row{ID: id, Fields: fields, Version: st.Version, Created: now, Modified: now}
	if old := t.Rows[id]; old != nil {
		r.Created = old.Created
	}
	t.Rows[id] = r
	return r
}

// remove deletes row id of set and records the deletion.
func (st *store) remove(set, id string, now time.Time) {
	st.Version++
	t := st.Tables[set]
	delete(t.Rows, id)
	t.Tombs = append(t.Tombs, tomb{ID: id, Version: st.Version, At: now})
}

// byAltKey finds the row of set whose alternate key column holds value,
// ignoring case as Dataverse's case-insensitive collation does.
func (st *store) byAltKey(es *entitySet, value string) *row {
	for _, r := range st.Tables[es.name].Rows {
		if s, ok := r.Fields[es.altKey].(string); ok && strings.EqualFold(s, value) {
			return r
		}
	}
	return nil
}

// guid returns a deterministic GUID for a seed.
func guid(seed string) string {
	h := sha1.Sum([]byte(seed))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// newID returns the id of the next row created through the API.
func (st *store) newID() string {
	st.Created++
	return guid("created-" + strconv.FormatInt(st.Created, 10))
}

// timeText is how Dataverse writes a DateTimeOffset (UTC, whole seconds).
func timeText(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// etag is a row's weak entity tag.
func etag(r *row) string { return `W/"` + strconv.FormatInt(r.Version, 10) + `"` }

// value returns column col of r as the Web API writes it.
func value(es *entitySet, r *row, col string) any {
	switch {
	case col == es.key:
		return r.ID
	case col == "createdon":
		return timeText(r.Created)
	case col == "modifiedon":
		return timeText(r.Modified)
	case col == "versionnumber":
		return json.Number(strconv.FormatInt(r.Version, 10))
	}
	return r.Fields[col]
}

// entity renders r with the selected columns (all when cols is empty), the
// primary key and the etag, as a GET returns it.
func entity(es *entitySet, r *row, cols []string) map[string]any {
	out := map[string]any{"@odata.etag": etag(r), es.key: r.ID}
	if len(cols) == 0 {
		for c := range es.cols {
			out[c] = value(es, r, c)
		}
		return out
	}
	for _, c := range cols {
		out[c] = value(es, r, c)
	}
	return out
}
