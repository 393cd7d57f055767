package hubspot

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// batchInput is one input of a batch request; which fields an operation
// takes is checked by checkInputs.
type batchInput struct {
	ID                 string             `json:"id"`
	IDProperty         string             `json:"idProperty"`
	Properties         map[string]*string `json:"properties"`
	ObjectWriteTraceID string             `json:"objectWriteTraceId"`
	Associations       json.RawMessage    `json:"associations"`
}

// batchRequest is the body of every batch endpoint; properties,
// propertiesWithHistory and idProperty belong to batch/read only.
type batchRequest struct {
	Inputs                []batchInput `json:"inputs"`
	Properties            []string     `json:"properties"`
	PropertiesWithHistory []string     `json:"propertiesWithHistory"`
	IDProperty            string       `json:"idProperty"`
}

// batchResult is a result of batch create, update and upsert ("new" only
// for upsert).
type batchResult struct {
	object
	New *bool `json:"new,omitempty"`
}

// batchResponse is a batch's answer: 200 COMPLETE, or 207 with numErrors
// and errors when some inputs failed.
type batchResponse struct {
	Status      string          `json:"status"`
	Results     []batchResult   `json:"results"`
	NumErrors   int             `json:"numErrors,omitempty"`
	Errors      []standardError `json:"errors,omitempty"`
	StartedAt   string          `json:"startedAt"`
	CompletedAt string          `json:"completedAt"`
}

// batch serves POST /crm/v3/objects/{type}/batch/{op}.
func (e *Emulator) batch(w http.ResponseWriter, r *http.Request, t *table, op string) {
	if op != "create" && op != "read" && op != "update" && op != "upsert" && op != "archive" {
		e.fail(w, http.StatusNotFound, catNotFound, "Not Found")
		return
	}
	var req batchRequest
	if !e.readJSON(w, r, &req) || !e.checkBatch(w, t, op, &req) {
		return
	}
	started := e.clock()
	var resp batchResponse
	switch op {
	case "archive":
		e.archiveAll(t, req.Inputs)
		w.WriteHeader(http.StatusNoContent)
		return
	case "read":
		if resp, ok := e.readAll(w, r, t, req); ok {
			e.answer(w, resp, started, http.StatusOK)
		}
		return
	case "create":
		e.createAll(w, t, req.Inputs, started)
		return
	case "update":
		resp = e.writeAll(t, req.Inputs, started, e.updateOne)
	default:
		resp = e.writeAll(t, req.Inputs, started, e.upsertOne)
	}
	e.answer(w, resp, started, http.StatusOK)
}

// answer writes a batch response: 207 when an input failed, else ok (201
// for batch/create, 200 for the others, as HubSpot's OpenAPI spec has it).
func (e *Emulator) answer(w http.ResponseWriter, resp batchResponse, started time.Time, ok int) {
	resp.Status, resp.StartedAt, resp.CompletedAt = "COMPLETE", started.Format(stamp), e.clock().Format(stamp)
	if resp.Results == nil {
		resp.Results = []batchResult{}
	}
	resp.NumErrors = len(resp.Errors)
	status := ok
	if resp.NumErrors > 0 {
		status = http.StatusMultiStatus
	}
	writeJSON(w, status, resp)
}

// checkBatch refuses a batch as a whole (400): no inputs field, more than
// BatchMax inputs, fields the operation does not take, duplicate ids, or an
// idProperty without unique values.
func (e *Emulator) checkBatch(w http.ResponseWriter, t *table, op string, req *batchRequest) bool {
	switch {
	case req.Inputs == nil:
		e.invalid(w, "Invalid input JSON: the field \"inputs\" is required")
		return false
	case len(req.Inputs) > e.opt.BatchMax:
		e.invalid(w, fmt.Sprintf("Too many inputs: %d; a batch takes at most %d", len(req.Inputs), e.opt.BatchMax))
		return false
	case op != "read" && (req.Properties != nil || req.PropertiesWithHistory != nil || req.IDProperty != ""):
		e.invalid(w, "Invalid input JSON: batch/"+op+" takes only \"inputs\"")
		return false
	}
	if msg := checkInputs(op, req.Inputs); msg != "" {
		e.invalid(w, msg)
		return false
	}
	if op == "read" {
		return e.checkIDProperty(w, t, &req.IDProperty)
	}
	for k := range req.Inputs {
		if in := &req.Inputs[k]; (op == "update" || op == "upsert") && !e.checkIDProperty(w, t, &in.IDProperty) {
			return false
		}
	}
	return true
}

// checkInputs returns why the inputs do not fit the operation ("" when
// they do).
func checkInputs(op string, inputs []batchInput) string {
	seen := map[string]bool{}
	for k, in := range inputs {
		if msg := checkInput(op, in); msg != "" {
			return fmt.Sprintf("Invalid input JSON: inputs[%d]: %s", k, msg)
		}
		if op == "create" {
			continue
		}
		if key := in.IDProperty + "\x00" + in.ID; seen[key] {
			return "Duplicate IDs found in batch input: [" + in.ID + "]. IDs must be unique"
		}
		seen[in.IDProperty+"\x00"+in.ID] = true
	}
	return ""
}

// checkInput returns why one input does not fit the operation.
func checkInput(op string, in batchInput) string {
	switch {
	case in.Associations != nil && op != "create":
		return "associations are taken by batch/create only"
	case op == "create" && (in.ID != "" || in.IDProperty != ""):
		return "batch/create inputs take no id or idProperty"
	case op != "create" && in.ID == "":
		return "the field \"id\" is required"
	case op == "upsert" && (in.IDProperty == "" || in.IDProperty == "hs_object_id"):
		return "the field \"idProperty\" is required and must name a unique property other than hs_object_id"
	case (op == "read" || op == "archive") && (in.Properties != nil || in.IDProperty != "" || in.ObjectWriteTraceID != ""):
		return "batch/" + op + " inputs take only \"id\""
	case op != "read" && op != "archive" && in.Properties == nil:
		return "the field \"properties\" is required"
	}
	return ""
}
