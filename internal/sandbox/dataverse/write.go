package dataverse

import (
	"net/http"
	"strings"
	"time"
)

// serveGet answers GET /{set}(<key>) with the row's columns.
func (e *Emulator) serveGet(w http.ResponseWriter, r *http.Request, es *entitySet, k keyRef) {
	q, err := parseQuery(es, r.URL.RawQuery)
	if err != nil {
		writeError(w, err)
		return
	}
	e.mu.RLock()
	row := e.find(es, k)
	e.mu.RUnlock()
	if row == nil {
		writeError(w, notFound(es, k))
		return
	}
	e.writeRow(w, r, es, row, q.sel, http.StatusOK)
}

// writeRow writes one row as an entity with its context and ETag.
func (e *Emulator) writeRow(w http.ResponseWriter, r *http.Request, es *entitySet, row *row, sel []string, status int) {
	out := entity(es, row, sel)
	out["@odata.context"] = contextURL(e.baseURL(r), es, sel, "/$entity")
	w.Header().Set("ETag", etag(row))
	writeJSON(w, status, out)
}

// written answers a successful write: 204 + OData-EntityId, or the row with
// Prefer: return=representation.
func (e *Emulator) written(w http.ResponseWriter, r *http.Request, es *entitySet, row *row, status int) {
	w.Header().Set("OData-EntityId", e.baseURL(r)+apiRoot+es.name+"("+row.ID+")")
	if _, ok := prefer(r)["return"]; ok && prefer(r)["return"] == "representation" {
		w.Header().Set("Preference-Applied", "return=representation")
		e.writeRow(w, r, es, row, nil, status)
		return
	}
	w.Header().Set("OData-Version", "4.0")
	w.WriteHeader(http.StatusNoContent)
}

func readOnlySet(es *entitySet) *apiError {
	return fail(http.StatusMethodNotAllowed, "", "The emulator serves '"+es.name+"' read-only.")
}

// serveCreate answers POST /{set}.
func (e *Emulator) serveCreate(w http.ResponseWriter, r *http.Request, es *entitySet) {
	if es.readOnly {
		writeError(w, readOnlySet(es))
		return
	}
	body, err := readBody(r)
	if err != nil {
		writeError(w, err)
		return
	}
	now := e.clock()
	e.mu.Lock()
	row, err := e.create(es, body, e.baseURL(r), now)
	e.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	e.written(w, r, es, row, http.StatusCreated)
}

// create stores a new row from body; the caller holds e.mu.
func (e *Emulator) create(es *entitySet, body []byte, base string, now time.Time) (*row, *apiError) {
	fields, err := e.decodeFields(es, body, base)
	if err != nil {
		return nil, err
	}
	id, _ := fields[es.key].(string)
	delete(fields, es.key)
	if id == "" {
		id = e.st.newID()
	} else if e.st.Tables[es.name].Rows[id] != nil {
		return nil, fail(http.StatusPreconditionFailed, codeDuplicate, "Cannot insert duplicate key.")
	}
	if err := e.uniqueAlt(es, id, fields); err != nil {
		return nil, err
	}
	return e.st.put(es.name, id, fields, now), nil
}

// uniqueAlt refuses an alternate key value another row holds.
func (e *Emulator) uniqueAlt(es *entitySet, id string, fields map[string]any) *apiError {
	if es.altKey == "" {
		return nil
	}
	if v, ok := fields[es.altKey].(string); ok {
		if other := e.st.byAltKey(es, v); other != nil && other.ID != id {
			return fail(http.StatusPreconditionFailed, codeDuplicateKey, "A record with matching key values already exists.")
		}
	}
	return nil
}

// precondition applies If-Match and If-None-Match to the row a key names.
func precondition(r *http.Request, es *entitySet, k keyRef, row *row) *apiError {
	match, none := r.Header.Get("If-Match"), r.Header.Get("If-None-Match")
	switch {
	case match != "" && row == nil:
		return notFound(es, k)
	case match != "" && match != "*" && match != etag(row):
		return fail(http.StatusPreconditionFailed, codeVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.")
	case none == "*" && row != nil:
		return fail(http.StatusPreconditionFailed, codeDuplicate, "A record with matching key values already exists.")
	}
	return nil
}

// serveUpsert answers PATCH /{set}(<key>): update, or create when missing
// (PROTOCOLS.md §5.4).
func (e *Emulator) serveUpsert(w http.ResponseWriter, r *http.Request, es *entitySet, k keyRef) {
	if es.readOnly {
		writeError(w, readOnlySet(es))
		return
	}
	body, err := readBody(r)
	if err != nil {
		writeError(w, err)
		return
	}
	now := e.clock()
	e.mu.Lock()
	row, created, err := e.upsert(r, es, k, body, now)
	e.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	e.written(w, r, es, row, status)
}

// upsert merges body into the keyed row or creates it; the caller holds e.mu.
func (e *Emulator) upsert(r *http.Request, es *entitySet, k keyRef, body []byte, now time.Time) (*row, bool, *apiError) {
	old := e.find(es, k)
	if err := precondition(r, es, k, old); err != nil {
		return nil, false, err
	}
	fields, err := e.decodeFields(es, body, e.baseURL(r))
	if err != nil {
		return nil, false, err
	}
	if id, ok := fields[es.key].(string); ok && (k.id == "" || id != k.id) {
		return nil, false, badQuery("The primary key '" + es.key + "' in the body does not match the key in the URL.")
	}
	delete(fields, es.key)
	if k.alt != "" {
		v, ok := fields[es.altKey]
		if s, _ := v.(string); ok && !strings.EqualFold(s, k.alt) {
			return nil, false, badQuery("The alternate key '" + es.altKey + "' in the body does not match the key in the URL.")
		}
		if !ok && old == nil {
			fields[es.altKey] = k.alt // a row found keeps its key's spelling
		}
	}
	id := k.id
	if old != nil {
		id = old.ID
		merged := make(map[string]any, len(old.Fields)+len(fields))
		for c, v := range old.Fields {
			merged[c] = v
		}
		for c, v := range fields {
			merged[c] = v
		}
		fields = merged
	} else if id == "" {
		id = e.st.newID()
	}
	if err := e.uniqueAlt(es, id, fields); err != nil {
		return nil, false, err
	}
	return e.st.put(es.name, id, fields, now), old == nil, nil
}

// serveDelete answers DELETE /{set}(<key>).
func (e *Emulator) serveDelete(w http.ResponseWriter, r *http.Request, es *entitySet, k keyRef) {
	if es.readOnly {
		writeError(w, readOnlySet(es))
		return
	}
	now := e.clock()
	e.mu.Lock()
	row := e.find(es, k)
	err := precondition(r, es, k, row)
	if err == nil && row == nil {
		err = notFound(es, k)
	}
	if err == nil {
		e.st.remove(es.name, row.ID, now)
	}
	e.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("OData-Version", "4.0")
	w.WriteHeader(http.StatusNoContent)
}
