package salesforce

import (
	"encoding/json"
	"net/http"
	"strings"
)

// saveResult is a record's result in a collection call (SaveResult, and
// UpsertResult with Created).
type saveResult struct {
	ID      string      `json:"id,omitempty"`
	Success bool        `json:"success"`
	Errors  []*recError `json:"errors"`
	Created *bool       `json:"created,omitempty"`
}

// collections dispatches /composite/sobjects[/{Obj}/{ExtIdField}].
func (c *call) collections(seg []string) {
	switch {
	case len(seg) == 0 && c.r.Method == http.MethodPost:
		c.createMany()
	case len(seg) == 0 && c.r.Method == http.MethodPatch:
		c.updateMany()
	case len(seg) == 0:
		methodNotAllowed(c.w, c.r, "POST,PATCH")
	case len(seg) == 2 && c.r.Method == http.MethodPatch:
		c.upsertMany(seg[0], seg[1])
	case len(seg) == 2:
		methodNotAllowed(c.w, c.r, "PATCH")
	default:
		notFound(c.w)
	}
}

// upsertMany serves PATCH /composite/sobjects/{Obj}/{ExtIdField} (v46.0+).
func (c *call) upsertMany(objName, extName string) {
	o, ok := c.e.schema.lookup(objName)
	if c.v < upsertVersion || !ok {
		notFound(c.w)
		return
	}
	ext, ok := o.extID(extName)
	if !ok {
		writeErr(c.w, http.StatusBadRequest, "INVALID_FIELD",
			"Field name provided, "+extName+" is not an External ID or indexed field for "+o.Name)
		return
	}
	body, recs, ok := c.readCollection()
	if !ok {
		return
	}
	for _, rec := range recs {
		if !strings.EqualFold(rec.typ, o.Name) {
			writeErr(c.w, http.StatusBadRequest, "INVALID_TYPE",
				"One or more records have a type of "+rec.typ+" that does not match the type "+o.Name+" of the call")
			return
		}
	}
	prepared, fatal := prepare(recs, opCreate, c.e.schema)
	if fatal != nil {
		writeErr(c.w, http.StatusBadRequest, fatal.ErrorCode, fatal.Message)
		return
	}
	writeJSON(c.w, http.StatusOK, c.e.upsertAll(o, ext, prepared, body.AllOrNone))
}

// prepared is a record converted for writing, or its error.
type prepared struct {
	obj    *object
	fields map[string]any
	err    *recError
}

// prepare converts every record before anything is written, so a value of
// the wrong type fails the call and nothing else.
func prepare(recs []inRecord, kind op, sch schema) ([]prepared, *fatalError) {
	out := make([]prepared, len(recs))
	for i, rec := range recs {
		o, ok := sch.lookup(rec.typ)
		if !ok {
			return nil, &fatalError{apiError{ErrorCode: "INVALID_TYPE", Message: "sObject type '" + rec.typ + "' is not supported."}}
		}
		raw := rec.fields
		if kind == opUpdate {
			raw = without(raw, "Id")
		}
		fields, rerr, fatal := convert(o, raw, kind)
		if fatal != nil {
			return nil, fatal
		}
		out[i] = prepared{obj: o, fields: fields, err: rerr}
	}
	return out, nil
}

func without(m map[string]json.RawMessage, key string) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		if !strings.EqualFold(k, key) {
			out[k] = v
		}
	}
	return out
}

// upsertAll matches each record by its external id and creates or updates
// it; a value shared by two records of the call fails both.
func (e *Emulator) upsertAll(o *object, ext field, recs []prepared, allOrNone bool) []saveResult {
	seen := map[string]int{}
	for _, p := range recs {
		if v, ok := p.fields[ext.Name].(string); ok && v != "" && p.err == nil {
			seen[strings.ToLower(v)]++
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	w := e.writer()
	out := make([]saveResult, len(recs))
	for i, p := range recs {
		out[i] = w.upsert(o, ext, p, seen)
	}
	return w.finish(out, allOrNone)
}

// upsert writes one record of an upsert call.
func (w *writer) upsert(o *object, ext field, p prepared, seen map[string]int) saveResult {
	if p.err != nil {
		return failed(p.err)
	}
	v, _ := p.fields[ext.Name].(string)
	switch {
	case v == "":
		return failed(newRecError("MISSING_ARGUMENT", ext.Name+" not specified", ext.Name))
	case seen[strings.ToLower(v)] > 1:
		return failed(newRecError("DUPLICATE_EXTERNAL_ID", "Duplicate external id specified: "+v, ext.Name))
	}
	matches := w.e.tables[o.Name].byExt(ext.Name, v)
	if len(matches) > 1 {
		ids := make([]string, len(matches))
		for i, m := range matches {
			ids[i] = m.ID
		}
		return failed(newRecError("DUPLICATE_EXTERNAL_ID", "more than one record found for external id field: ["+
			strings.Join(ids, ", ")+"]", ext.Name))
	}
	if len(matches) == 1 {
		if err := w.update(o, matches[0].ID, p.fields); err != nil {
			return failed(err)
		}
		return saveResult{ID: matches[0].ID, Success: true, Errors: []*recError{}, Created: new(false)}
	}
	id, err := w.insert(o, p.fields)
	if err != nil {
		return failed(err)
	}
	return saveResult{ID: id, Success: true, Errors: []*recError{}, Created: new(true)}
}

func failed(err *recError) saveResult { return saveResult{Errors: []*recError{err}} }

// finish rolls an allOrNone call back when a record failed: the successful
// records then report ALL_OR_NONE_OPERATION_ROLLED_BACK.
func (w *writer) finish(out []saveResult, allOrNone bool) []saveResult {
	if !allOrNone {
		return out
	}
	anyFailed := false
	for _, r := range out {
		anyFailed = anyFailed || !r.Success
	}
	if !anyFailed {
		return out
	}
	w.log.rollback()
	for i, r := range out {
		if r.Success {
			out[i] = failed(newRecError("ALL_OR_NONE_OPERATION_ROLLED_BACK",
				"Record rolled back because not all records were valid and the request was using AllOrNone header"))
		}
	}
	return out
}

// createMany serves POST /composite/sobjects: records of up to ten
// consecutive type chunks, no Id.
func (c *call) createMany() {
	body, recs, ok := c.readCollection()
	if !ok {
		return
	}
	chunks := 0
	for i, rec := range recs {
		if i == 0 || !strings.EqualFold(rec.typ, recs[i-1].typ) {
			chunks++
		}
	}
	if chunks > 10 {
		writeErr(c.w, http.StatusBadRequest, "INVALID_BATCH_REQUEST",
			"Cannot have more than 10 chunks in a single operation. Please rearrange the data to reduce chunking.")
		return
	}
	ps, fatal := prepare(recs, opCreate, c.e.schema)
	if fatal != nil {
		writeErr(c.w, http.StatusBadRequest, fatal.ErrorCode, fatal.Message)
		return
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	w := c.e.writer()
	out := make([]saveResult, len(ps))
	for i, p := range ps {
		out[i] = w.createResult(p, recs[i])
	}
	writeJSON(c.w, http.StatusOK, w.finish(out, body.AllOrNone))
}

func (w *writer) createResult(p prepared, rec inRecord) saveResult {
	if _, hasID := rec.fields["Id"]; hasID {
		return failed(newRecError("INVALID_FIELD", "cannot specify Id in an insert call", "Id"))
	}
	if p.err != nil {
		return failed(p.err)
	}
	id, err := w.insert(p.obj, p.fields)
	if err != nil {
		return failed(err)
	}
	return saveResult{ID: id, Success: true, Errors: []*recError{}}
}

// updateMany serves PATCH /composite/sobjects: records by Id.
func (c *call) updateMany() {
	body, recs, ok := c.readCollection()
	if !ok {
		return
	}
	ps, fatal := prepare(recs, opUpdate, c.e.schema)
	if fatal != nil {
		writeErr(c.w, http.StatusBadRequest, fatal.ErrorCode, fatal.Message)
		return
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	w := c.e.writer()
	out := make([]saveResult, len(ps))
	for i, p := range ps {
		out[i] = w.updateResult(p, recs[i])
	}
	writeJSON(c.w, http.StatusOK, w.finish(out, body.AllOrNone))
}

func (w *writer) updateResult(p prepared, rec inRecord) saveResult {
	var raw string
	if json.Unmarshal(rec.fields["Id"], &raw) != nil || raw == "" {
		return failed(newRecError("MISSING_ARGUMENT", "Id not specified in an update call", "Id"))
	}
	id, err := normalizeID(raw)
	if err != nil || !strings.HasPrefix(id, p.obj.Prefix) {
		return failed(newRecError("MALFORMED_ID", "Id: id value of incorrect type: "+raw, "Id"))
	}
	if p.err != nil {
		return saveResult{ID: id, Errors: []*recError{p.err}}
	}
	if err := w.update(p.obj, id, p.fields); err != nil {
		return saveResult{ID: id, Errors: []*recError{err}}
	}
	return saveResult{ID: id, Success: true, Errors: []*recError{}}
}
