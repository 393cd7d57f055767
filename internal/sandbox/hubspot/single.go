package hubspot

import (
	"encoding/json"
	"net/http"
	"net/url"
)

// singleInput is the body of a single create or update.
type singleInput struct {
	Properties   map[string]*string `json:"properties"`
	Associations json.RawMessage    `json:"associations"`
}

// createSingle serves POST /crm/v3/objects/{type}: 201 with the object;
// invalid properties are 400, a taken unique value 409 CONFLICT.
func (e *Emulator) createSingle(w http.ResponseWriter, r *http.Request, t *table) {
	var in singleInput
	if !e.readJSON(w, r, &in) || !e.checkSingle(w, t, in.Properties) {
		return
	}
	now := e.clock()
	e.mu.Lock()
	res, se := e.createOne(t, batchInput{Properties: in.Properties}, now)
	e.mu.Unlock()
	e.answerSingle(w, http.StatusCreated, res, se)
}

// updateSingle serves PATCH /crm/v3/objects/{type}/{id}[?idProperty=]: 200
// with the object, 404 when there is none.
func (e *Emulator) updateSingle(w http.ResponseWriter, r *http.Request, t *table, rawID string) {
	idProp := r.URL.Query().Get("idProperty")
	if !e.checkIDProperty(w, t, &idProp) {
		return
	}
	var in singleInput
	if !e.readJSON(w, r, &in) || !e.checkSingle(w, t, in.Properties) {
		return
	}
	if in.Associations != nil {
		e.invalid(w, "Invalid input JSON: an update takes only \"properties\"")
		return
	}
	id, _ := url.PathUnescape(rawID)
	now := e.clock()
	e.mu.Lock()
	res, se := e.updateOne(t, batchInput{ID: id, IDProperty: idProp, Properties: in.Properties}, now)
	e.mu.Unlock()
	e.answerSingle(w, http.StatusOK, res, se)
}

// archiveSingle serves DELETE /crm/v3/objects/{type}/{id}: 204, also for an
// id that is not live.
func (e *Emulator) archiveSingle(w http.ResponseWriter, t *table, rawID string) {
	id, _ := url.PathUnescape(rawID)
	e.archiveAll(t, []batchInput{{ID: id}})
	w.WriteHeader(http.StatusNoContent)
}

// checkSingle refuses (400) a body without properties or with invalid ones.
func (e *Emulator) checkSingle(w http.ResponseWriter, t *table, props map[string]*string) bool {
	if props == nil {
		e.invalid(w, "Invalid input JSON: the field \"properties\" is required")
		return false
	}
	if d := e.validateProps(t, props); len(d) > 0 {
		se := propertyError("", "", d)
		e.invalid(w, se.Message, d...)
		return false
	}
	return true
}

// answerSingle writes a single write's object or its error.
func (e *Emulator) answerSingle(w http.ResponseWriter, status int, res batchResult, se *standardError) {
	switch {
	case se == nil:
		writeJSON(w, status, res.object)
	case se.Category == catNotFound:
		e.fail(w, http.StatusNotFound, catNotFound, se.Message)
	case se.Category == catConflict:
		e.fail(w, http.StatusConflict, catConflict, se.Message)
	default:
		e.invalid(w, se.Message)
	}
}
