package hubspot

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// writeFunc applies one validated input; the caller holds e.mu.
type writeFunc func(t *table, in batchInput, now time.Time) (batchResult, *standardError)

// writeAll validates and applies each input in order; an input that fails
// becomes an error of the answer, the others are written.
func (e *Emulator) writeAll(t *table, inputs []batchInput, now time.Time, f writeFunc) batchResponse {
	var resp batchResponse
	for _, in := range inputs {
		if d := e.validateProps(t, in.Properties); len(d) > 0 {
			resp.Errors = append(resp.Errors, propertyError(in.ID, in.ObjectWriteTraceID, d))
			continue
		}
		e.mu.Lock()
		res, se := f(t, in, now)
		e.mu.Unlock()
		if se != nil {
			resp.Errors = append(resp.Errors, *se)
			continue
		}
		resp.Results = append(resp.Results, res)
	}
	return resp
}

// written renders a written record with the properties the input set.
func (t *table) written(r *record, in batchInput) batchResult {
	names := make([]string, 0, len(in.Properties)+3)
	for n := range in.Properties {
		names = append(names, n)
	}
	slices.Sort(names)
	return batchResult{object: t.render(r, append(names, alwaysProps(t.name)...))}
}

// conflict returns the CONFLICT error of an input whose unique value
// another live record holds (self excepted); nil when there is none.
func (t *table) conflict(props map[string]*string, self int64, in batchInput) *standardError {
	for name, v := range props {
		if v == nil || t.unique[name] == nil {
			continue
		}
		if id, taken := t.unique[name][*v]; taken && id != self {
			se := inputError(catConflict, fmt.Sprintf("A %s object with %s %q already exists. Existing ID: %d", t.name, name, *v, id),
				in.ID, in.ObjectWriteTraceID, nil)
			return &se
		}
	}
	return nil
}

func (e *Emulator) createOne(t *table, in batchInput, now time.Time) (batchResult, *standardError) {
	if se := t.conflict(in.Properties, -1, in); se != nil {
		return batchResult{}, se
	}
	return t.written(t.create(in.Properties, now), in), nil
}

func (e *Emulator) updateOne(t *table, in batchInput, now time.Time) (batchResult, *standardError) {
	r, ok := t.find(in.IDProperty, in.ID)
	if !ok {
		se := inputError(catNotFound, "Could not get some "+t.name+" objects, they may be deleted or not exist. Check that ids are valid.",
			in.ID, in.ObjectWriteTraceID, nil)
		return batchResult{}, &se
	}
	if se := t.conflict(in.Properties, r.ID, in); se != nil {
		return batchResult{}, se
	}
	t.apply(r, in.Properties, now)
	return t.written(r, in), nil
}

// upsertOne updates the record whose idProperty holds id, or creates it
// with idProperty set to id.
func (e *Emulator) upsertOne(t *table, in batchInput, now time.Time) (batchResult, *standardError) {
	if v, set := in.Properties[in.IDProperty]; set && (v == nil || *v != in.ID) {
		se := inputError(catValidation, fmt.Sprintf("Property %q must equal the input's id %q in an upsert", in.IDProperty, in.ID),
			in.ID, in.ObjectWriteTraceID, nil)
		return batchResult{}, &se
	}
	props := make(map[string]*string, len(in.Properties)+1)
	for k, v := range in.Properties {
		props[k] = v
	}
	id := in.ID
	props[in.IDProperty] = &id
	isNew := false
	r, ok := t.find(in.IDProperty, in.ID)
	self := int64(-1)
	if ok {
		self = r.ID
	}
	if se := t.conflict(props, self, in); se != nil {
		return batchResult{}, se
	}
	if ok {
		t.apply(r, props, now)
	} else {
		r, isNew = t.create(props, now), true
	}
	res := t.written(r, batchInput{Properties: props})
	res.New = &isNew
	return res, nil
}

// readAll serves batch/read: found records in input order, a 207 error
// for the ids not found.
func (e *Emulator) readAll(w http.ResponseWriter, r *http.Request, t *table, req batchRequest) (batchResponse, bool) {
	archived, ok := e.boolParam(w, r.URL.Query(), "archived")
	if !ok {
		return batchResponse{}, false
	}
	names, ok := e.propertyNames(w, t, req.Properties)
	if !ok {
		return batchResponse{}, false
	}
	var resp batchResponse
	var missing []string
	e.mu.RLock()
	for _, in := range req.Inputs {
		if rec, found := t.lookup(req.IDProperty, in.ID, archived); found {
			resp.Results = append(resp.Results, batchResult{object: t.render(rec, names)})
		} else {
			missing = append(missing, in.ID)
		}
	}
	e.mu.RUnlock()
	if len(missing) > 0 {
		se := inputError(catNotFound, "Could not get some "+t.name+" objects, they may be deleted or not exist. Check that ids are valid.", "", "", nil)
		se.Context["ids"] = missing
		resp.Errors = append(resp.Errors, se)
	}
	return resp, true
}

// archiveAll archives the live records of the inputs' ids; ids that are not
// live are ignored, as HubSpot answers 204 for them too.
func (e *Emulator) archiveAll(t *table, inputs []batchInput) {
	now := e.clock()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, in := range inputs {
		if r, ok := t.find("hs_object_id", in.ID); ok {
			t.archive(r, now)
		}
	}
}

// idString formats a record id.
func idString(id int64) string { return strconv.FormatInt(id, 10) }
