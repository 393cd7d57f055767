package hubspottest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

type batchIn struct {
	IDProperty string `json:"idProperty"`
	Inputs     []struct {
		ID                 string            `json:"id"`
		IDProperty         string            `json:"idProperty"`
		Properties         map[string]string `json:"properties"`
		ObjectWriteTraceID string            `json:"objectWriteTraceId"`
	} `json:"inputs"`
	Properties []string `json:"properties"`
}

// find returns the object of typ whose idProperty (or id) is v.
func (f *Fake) find(typ, idProperty, v string) *Object {
	for _, o := range f.objs[typ] {
		if o.Archived {
			continue
		}
		if (idProperty == "" && o.ID == v) || (idProperty != "" && o.Props[idProperty] == v) {
			return o
		}
	}
	return nil
}

func (f *Fake) batchRead(w http.ResponseWriter, r *http.Request, typ string) {
	var in batchIn
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Inputs) > 100 {
		f.fail(w, r, 400, "VALIDATION_ERROR", "invalid batch read")
		return
	}
	res := []any{}
	for _, i := range in.Inputs {
		if o := f.find(typ, in.IDProperty, i.ID); o != nil {
			res = append(res, f.view(o, in.Properties))
		}
	}
	f.write(w, r, 200, map[string]any{"status": "COMPLETE", "results": res})
}

// batchWrite upserts (by idProperty) or updates (by id). An unknown
// property refuses the batch (400); a rejected or missing object is an
// error of a 207.
func (f *Fake) batchWrite(w http.ResponseWriter, r *http.Request, typ string, upsert bool) {
	var in batchIn
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Inputs) == 0 || len(in.Inputs) > 100 {
		f.fail(w, r, 400, "VALIDATION_ERROR", "invalid batch input")
		return
	}
	if f.refuseUnknown(w, r, typ, in) {
		return
	}
	var res, errs []any
	for _, i := range in.Inputs {
		if msg, ok := f.Reject[i.ID]; ok {
			errs = append(errs, map[string]any{"status": "error", "category": "VALIDATION_ERROR", "message": msg,
				"context": map[string]any{"objectWriteTraceId": []string{i.ObjectWriteTraceID}}})
			continue
		}
		idp := ""
		if upsert {
			idp = i.IDProperty
		}
		o := f.find(typ, idp, i.ID)
		isNew := o == nil
		if o == nil && !upsert {
			errs = append(errs, map[string]any{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "Object not found. objectId are usually numeric.",
				"context": map[string]any{"ids": []string{i.ID}}})
			continue
		}
		if o == nil {
			f.nextID++
			o = &Object{ID: strconv.Itoa(f.nextID), Props: map[string]string{idp: i.ID}}
		}
		for k, v := range i.Properties {
			o.Props[k] = v
		}
		o.Modified = time.Now().UTC()
		f.put(typ, o)
		v := f.view(o, nil)
		v["new"] = isNew
		res = append(res, v)
	}
	body := map[string]any{"status": "COMPLETE", "results": res, "startedAt": "2026-01-01T00:00:00Z", "completedAt": "2026-01-01T00:00:01Z"}
	status := 200
	if len(errs) > 0 {
		status = 207
		body["numErrors"], body["errors"] = len(errs), errs
	}
	f.write(w, r, status, body)
}

// refuseUnknown answers 400 PROPERTY_DOESNT_EXIST for a batch naming a
// property the type does not have.
func (f *Fake) refuseUnknown(w http.ResponseWriter, r *http.Request, typ string, in batchIn) bool {
	for _, i := range in.Inputs {
		for p := range i.Properties {
			if bad := f.unknown(typ, []string{p}); bad != "" {
				f.write(w, r, 400, map[string]any{"status": "error", "category": "VALIDATION_ERROR", "correlationId": "c-2",
					"message": errorf("Property values were not valid: [{\"name\":%q,\"error\":\"PROPERTY_DOESNT_EXIST\"}]", bad),
					"errors":  []any{map[string]any{"message": errorf("Property %q does not exist", bad), "code": "PROPERTY_DOESNT_EXIST"}}})
				return true
			}
		}
	}
	return false
}
