package sftest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// required are the fields a new record must carry.
var required = map[string][]string{"Account": {"Name"}, "Product2": {"Name"}, "Lead": {"LastName", "Company"},
	"PricebookEntry": {"Product2Id", "Pricebook2Id", "UnitPrice"}}

// createOnly are fields an update may not carry.
var createOnly = map[string][]string{"PricebookEntry": {"Product2Id", "Pricebook2Id"}}

type recErr struct {
	StatusCode string   `json:"statusCode"`
	Message    string   `json:"message"`
	Fields     []string `json:"fields"`
}

type saveResult struct {
	ID      string   `json:"id,omitempty"`
	Success bool     `json:"success"`
	Errors  []recErr `json:"errors"`
	Created bool     `json:"created"`
}

// collection serves PATCH /composite/sobjects[/{object}/{extField}].
func (f *Fake) collection(w http.ResponseWriter, r *http.Request, rest string) {
	var body struct {
		AllOrNone *bool `json:"allOrNone"`
		Records   []Rec `json:"records"`
	}
	b, _ := io.ReadAll(r.Body)
	f.Bodies = append(f.Bodies, string(b))
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil || body.Records == nil {
		fail(w, http.StatusBadRequest, "JSON_PARSER_ERROR", "records are required")
		return
	}
	if len(body.Records) > 200 {
		fail(w, http.StatusBadRequest, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call")
		return
	}
	object, ext, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
	out := make([]saveResult, len(body.Records))
	for i, rec := range body.Records {
		attrs, _ := rec["attributes"].(map[string]any)
		typ, _ := attrs["type"].(string)
		delete(rec, "attributes")
		switch {
		case typ == "" || (object != "" && typ != object):
			out[i] = failed("INVALID_TYPE", "attributes.type is missing or differs from the URL", nil)
		case object == "":
			out[i] = f.update(typ, rec)
		default:
			out[i] = f.upsert(typ, ext, rec)
		}
	}
	reply(w, http.StatusOK, out)
}

func failed(code, msg string, fields []string) saveResult {
	return saveResult{Success: false, Errors: []recErr{{StatusCode: code, Message: msg, Fields: fields}}}
}

// unknown returns the first field of rec the object does not have.
func unknown(object string, rec Rec) string {
	for k := range rec {
		if !slices.Contains(Fields[object], k) {
			return k
		}
	}
	return ""
}

// upsert writes rec by its external id.
func (f *Fake) upsert(object, ext string, rec Rec) saveResult {
	if bad := unknown(object, rec); bad != "" || rec["Id"] != nil {
		return failed("INVALID_FIELD", fmt.Sprintf("No such column '%s' on sobject of type %s", bad, object), []string{bad})
	}
	key, _ := rec[ext].(string)
	if key == "" {
		return failed("MISSING_ARGUMENT", ext+" not specified", []string{ext})
	}
	for id, cur := range f.Objects[object] {
		if cur[ext] == key {
			return f.apply(object, id, cur, rec, false)
		}
	}
	for _, req := range required[object] {
		if rec[req] == nil {
			return failed("REQUIRED_FIELD_MISSING", "Required fields are missing: ["+req+"]", []string{req})
		}
	}
	id := f.newID(map[string]string{"Account": "001", "Product2": "01t", "PricebookEntry": "01u", "Lead": "00Q"}[object])
	rec["Id"] = id
	return f.apply(object, id, Rec{}, rec, true)
}

// update writes rec by its Id.
func (f *Fake) update(object string, rec Rec) saveResult {
	id, _ := rec["Id"].(string)
	if bad := unknown(object, rec); bad != "" {
		return failed("INVALID_FIELD", fmt.Sprintf("No such column '%s' on sobject of type %s", bad, object), []string{bad})
	}
	cur, ok := f.Objects[object][id]
	if !ok {
		return failed("ENTITY_IS_DELETED", "entity is deleted", nil)
	}
	return f.apply(object, id, cur, rec, false)
}

func (f *Fake) apply(object, id string, cur, rec Rec, created bool) saveResult {
	if !created {
		for _, c := range createOnly[object] {
			if _, ok := rec[c]; ok {
				return failed("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "+c, []string{c})
			}
		}
	}
	for k, v := range rec {
		cur[k] = v
	}
	cur["SystemModstamp"] = f.tick()
	if f.Objects[object] == nil {
		f.Objects[object] = map[string]Rec{}
	}
	f.Objects[object][id] = cur
	return saveResult{ID: id, Success: true, Errors: []recErr{}, Created: created}
}
