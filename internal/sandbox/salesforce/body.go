package salesforce

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strings"
)

// maxBody caps a JSON request body.
const maxBody = 50 << 20

// jsonBody checks the request's JSON content type and reads its body; on
// failure it has answered (415 for another content type).
func (c *call) jsonBody() ([]byte, bool) {
	ct := c.r.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
		writeErr(c.w, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
			"Content-Type header specified in HTTP request is not supported: "+ct)
		return nil, false
	}
	b, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody+1))
	if err != nil || len(b) > maxBody {
		writeErr(c.w, http.StatusBadRequest, "JSON_PARSER_ERROR", "the request body could not be read")
		return nil, false
	}
	return b, true
}

// collectionBody is the body of an sObject Collections write.
type collectionBody struct {
	AllOrNone bool              `json:"allOrNone"`
	Records   []json.RawMessage `json:"records"`
}

// inRecord is one decoded record of a write: its type and fields.
type inRecord struct {
	typ    string
	fields map[string]json.RawMessage
}

// readCollection decodes a collection body strictly: unknown keys, a
// missing or empty records list, more than 200 records or a record without
// attributes.type fail the call.
func (c *call) readCollection() (collectionBody, []inRecord, bool) {
	b, ok := c.jsonBody()
	if !ok {
		return collectionBody{}, nil, false
	}
	var body collectionBody
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		writeErr(c.w, http.StatusBadRequest, "JSON_PARSER_ERROR", "malformed request body: "+err.Error())
		return body, nil, false
	}
	switch {
	case len(body.Records) == 0:
		writeErr(c.w, http.StatusBadRequest, "MISSING_ARGUMENT", "records: at least one record is required")
		return body, nil, false
	case len(body.Records) > MaxCollection:
		writeErr(c.w, http.StatusBadRequest, "EXCEEDED_ID_LIMIT",
			"record limit reached. cannot submit more than 200 records into this call")
		return body, nil, false
	}
	recs := make([]inRecord, len(body.Records))
	for i, raw := range body.Records {
		rec, err := decodeRecord(raw, true)
		if err != nil {
			writeErr(c.w, http.StatusBadRequest, err.ErrorCode, err.Message)
			return body, nil, false
		}
		recs[i] = rec
	}
	return body, recs, true
}

// decodeRecord reads one record object; needType requires attributes.type.
func decodeRecord(raw json.RawMessage, needType bool) (inRecord, *fatalError) {
	var fields map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil || fields == nil {
		return inRecord{}, parserError("a record must be a JSON object")
	}
	var attrs struct {
		Type string `json:"type"`
	}
	if a, ok := fields["attributes"]; ok && json.Unmarshal(a, &attrs) != nil {
		return inRecord{}, parserError("attributes must be an object")
	}
	if needType && strings.TrimSpace(attrs.Type) == "" {
		return inRecord{}, &fatalError{apiError{ErrorCode: "INVALID_TYPE", Message: "Must send a concrete entity type."}}
	}
	return inRecord{typ: attrs.Type, fields: fields}, nil
}
