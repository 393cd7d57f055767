package hubspot

import (
	"fmt"
	"net/http"
	"time"
)

// createAll serves batch/create. Partial success is opt-in: when every
// input carries an objectWriteTraceId each input is written or answered as
// an error (207, developers.hubspot.com "Error handling", multi-status
// errors). Otherwise one failing input refuses the batch as a whole (400, or
// 409 for a taken unique value; the emulator's choice of status) and nothing
// is written.
func (e *Emulator) createAll(w http.ResponseWriter, t *table, inputs []batchInput, started time.Time) {
	if traced(inputs) {
		e.answer(w, e.writeAll(t, inputs, started, e.createOne), started, http.StatusCreated)
		return
	}
	var resp batchResponse
	e.mu.Lock()
	se := e.firstCreateError(t, inputs)
	if se == nil {
		for _, in := range inputs {
			resp.Results = append(resp.Results, t.written(t.create(in.Properties, started), in))
		}
	}
	e.mu.Unlock()
	if se == nil {
		e.answer(w, resp, started, http.StatusCreated)
		return
	}
	status := http.StatusBadRequest
	if se.Category == catConflict {
		status = http.StatusConflict
	}
	e.fail(w, status, se.Category, se.Message, se.Errors...)
}

// traced reports whether every input carries an objectWriteTraceId.
func traced(inputs []batchInput) bool {
	for _, in := range inputs {
		if in.ObjectWriteTraceID == "" {
			return false
		}
	}
	return len(inputs) > 0
}

// firstCreateError returns the error of the first input that cannot be
// created: invalid properties, or a unique value another record or an
// earlier input holds; nil when all can. The caller holds e.mu.
func (e *Emulator) firstCreateError(t *table, inputs []batchInput) *standardError {
	taken := map[string]bool{}
	for k, in := range inputs {
		if d := e.validateProps(t, in.Properties); len(d) > 0 {
			se := propertyError("", "", d)
			se.Message = fmt.Sprintf("inputs[%d]: %s", k, se.Message)
			return &se
		}
		if se := t.conflict(in.Properties, -1, in); se != nil {
			return se
		}
		for name, v := range in.Properties {
			if v == nil || *v == "" || t.unique[name] == nil {
				continue
			}
			key := name + "\x00" + *v
			if taken[key] {
				se := inputError(catConflict, fmt.Sprintf("inputs[%d]: %s %q is given twice in the batch", k, name, *v), "", "", nil)
				return &se
			}
			taken[key] = true
		}
	}
	return nil
}
