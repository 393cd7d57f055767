package salesforce

import (
	"net/http"
	"net/url"
	"strings"
)

// createOne serves POST /sobjects/{Obj} (201 {"id","success","errors"}) and
// a basic GET of the object.
func (c *call) createOne(o *object) {
	if c.r.Method == http.MethodGet {
		writeJSON(c.w, http.StatusOK, map[string]any{"objectDescribe": map[string]any{"name": o.Name, "keyPrefix": o.Prefix}})
		return
	}
	if c.r.Method != http.MethodPost {
		methodNotAllowed(c.w, c.r, "GET,HEAD,POST")
		return
	}
	p, ok := c.single(o, opCreate)
	if !ok {
		return
	}
	c.e.mu.Lock()
	w := c.e.writer()
	id, err := w.insert(o, p)
	c.e.mu.Unlock()
	if err != nil {
		writeRecError(c.w, err)
		return
	}
	writeJSON(c.w, http.StatusCreated, saveResult{ID: id, Success: true, Errors: []*recError{}})
}

// single reads the flat JSON body of a one-record write; on failure it has
// answered 400 with the record's error.
func (c *call) single(o *object, kind op) (map[string]any, bool) {
	b, ok := c.jsonBody()
	if !ok {
		return nil, false
	}
	rec, fatal := decodeRecord(b, false)
	if fatal == nil && rec.typ != "" && !strings.EqualFold(rec.typ, o.Name) {
		fatal = &fatalError{apiError{ErrorCode: "INVALID_TYPE", Message: "attributes.type " + rec.typ + " does not match " + o.Name}}
	}
	if fatal != nil {
		writeErr(c.w, http.StatusBadRequest, fatal.ErrorCode, fatal.Message)
		return nil, false
	}
	fields, rerr, fatal := convert(o, rec.fields, kind)
	if fatal != nil {
		writeErr(c.w, http.StatusBadRequest, fatal.ErrorCode, fatal.Message)
		return nil, false
	}
	if rerr != nil {
		writeRecError(c.w, rerr)
		return nil, false
	}
	return fields, true
}

// writeRecError answers a single-record write's error as 400 (404 for a
// record that is not there).
func writeRecError(w http.ResponseWriter, err *recError) {
	status := http.StatusBadRequest
	switch err.StatusCode {
	case "INVALID_CROSS_REFERENCE_KEY":
		if len(err.Fields) == 0 {
			status = http.StatusNotFound
		}
	case "ENTITY_IS_DELETED":
		status = http.StatusNotFound
	}
	writeErr(w, status, err.StatusCode, err.Message, err.Fields...)
}

// row serves GET, PATCH (204) and DELETE (204) of /sobjects/{Obj}/{Id}.
func (c *call) row(o *object, raw string) {
	id, err := normalizeID(raw)
	if err != nil || !strings.HasPrefix(id, o.Prefix) {
		writeErr(c.w, http.StatusNotFound, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "+raw)
		return
	}
	switch c.r.Method {
	case http.MethodGet:
		c.e.mu.Lock()
		rec := c.e.tables[o.Name].recs[id]
		c.e.mu.Unlock()
		if rec == nil || rec.Deleted != nil {
			notFound(c.w)
			return
		}
		c.w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		_, _ = c.w.Write(render(rec, fieldNames(o), c.ver))
	case http.MethodPatch:
		c.patchRow(o, id)
	case http.MethodDelete:
		c.e.mu.Lock()
		rerr := c.e.writer().remove(o, id)
		c.e.mu.Unlock()
		c.done(rerr, http.StatusNoContent)
	default:
		methodNotAllowed(c.w, c.r, "GET,HEAD,PATCH,DELETE")
	}
}

func (c *call) patchRow(o *object, id string) {
	fields, ok := c.single(o, opUpdate)
	if !ok {
		return
	}
	c.e.mu.Lock()
	rerr := c.e.writer().update(o, id, fields)
	c.e.mu.Unlock()
	c.done(rerr, http.StatusNoContent)
}

// done answers a single write: status without a body, or its error.
func (c *call) done(rerr *recError, status int) {
	if rerr != nil {
		if rerr.StatusCode == "INVALID_CROSS_REFERENCE_KEY" && len(rerr.Fields) == 0 {
			notFound(c.w)
			return
		}
		writeRecError(c.w, rerr)
		return
	}
	c.w.WriteHeader(status)
}

// upsertOne serves PATCH /sobjects/{Obj}/{ExtIdField}/{value}: 201 created,
// 200 updated, 300 when several records hold the value.
func (c *call) upsertOne(o *object, extName, escaped string) {
	value, err := url.PathUnescape(escaped)
	ext, ok := o.extID(extName)
	if err != nil || value == "" {
		notFound(c.w)
		return
	}
	if !ok {
		writeErr(c.w, http.StatusNotFound, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "+extName)
		return
	}
	if c.r.Method != http.MethodPatch {
		methodNotAllowed(c.w, c.r, "PATCH")
		return
	}
	fields, ok := c.single(o, opCreate)
	if !ok {
		return
	}
	if v, set := fields[ext.Name]; set && v != value {
		writeErr(c.w, http.StatusBadRequest, "INVALID_FIELD", "The external ID field "+ext.Name+" in the body does not match the URL", ext.Name)
		return
	}
	fields[ext.Name] = value
	c.e.mu.Lock()
	w := c.e.writer()
	res := w.upsert(o, ext, prepared{obj: o, fields: fields}, map[string]int{})
	var urls []string
	for _, m := range c.e.tables[o.Name].byExt(ext.Name, value) {
		urls = append(urls, dataPrefix+c.ver+"/sobjects/"+o.Name+"/"+m.ID)
	}
	c.e.mu.Unlock()
	c.upserted(res, urls)
}

// upserted answers a single upsert; several matches are 300 with the list
// of the matching records' URLs.
func (c *call) upserted(res saveResult, matches []string) {
	switch {
	case res.Success && *res.Created:
		writeJSON(c.w, http.StatusCreated, res)
	case res.Success:
		writeJSON(c.w, http.StatusOK, res)
	case res.Errors[0].StatusCode == "DUPLICATE_EXTERNAL_ID":
		writeJSON(c.w, http.StatusMultipleChoices, matches)
	default:
		writeRecError(c.w, res.Errors[0])
	}
}
