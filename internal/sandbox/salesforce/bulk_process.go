package salesforce

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// parsed is a job's uploaded CSV: one header for all uploads, then rows.
type parsed struct {
	header []string
	fields []field
	rows   [][]string
}

// process runs a job's rows and sets JobComplete, or Failed when the data
// cannot be read (line ending, delimiter, header); the caller holds e.mu.
func (e *Emulator) process(j *job) {
	o := e.schema[j.Object]
	p, err := parseUploads(j, o)
	if err != nil {
		j.State, j.errorMessage = stFailed, "InvalidBatch : "+err.Error()
		j.results = map[string][][]string{"successful": {{"sf__Id", "sf__Created"}}, "failed": {{"sf__Id", "sf__Error"}},
			"unprocessed": {}}
		return
	}
	ok := [][]string{append([]string{"sf__Id", "sf__Created"}, p.header...)}
	bad := [][]string{append([]string{"sf__Id", "sf__Error"}, p.header...)}
	for _, row := range p.rows {
		id, created, rerr := e.applyRow(j, o, p, row)
		if rerr != nil {
			bad = append(bad, append([]string{id, rerr.StatusCode + ":" + rerr.Message + ":" + strings.Join(rerr.Fields, ",") + " --"}, row...))
			continue
		}
		ok = append(ok, append([]string{id, fmt.Sprint(created)}, row...))
	}
	j.processed, j.failed = len(p.rows), len(bad)-1
	j.results = map[string][][]string{"successful": ok, "failed": bad, "unprocessed": {p.header}}
	j.State = stComplete
}

// abort keeps every uploaded row as unprocessed.
func (e *Emulator) abort(j *job) {
	un := [][]string{}
	if p, err := parseUploads(j, e.schema[j.Object]); err == nil {
		un = append([][]string{p.header}, p.rows...)
	}
	j.results = map[string][][]string{"successful": {{"sf__Id", "sf__Created"}}, "failed": {{"sf__Id", "sf__Error"}}, "unprocessed": un}
}

// parseUploads reads the uploads with the job's delimiter and line ending
// and checks the header against the object and the operation.
func parseUploads(j *job, o *object) (*parsed, error) {
	if len(j.uploads) == 0 {
		return nil, fmt.Errorf("no data was uploaded")
	}
	p := &parsed{}
	for k, data := range j.uploads {
		if err := checkLineEnding(data, j.LineEnding); err != nil {
			return nil, fmt.Errorf("upload %d: %w", k+1, err)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.Comma = delimiters[j.ColumnDelimiter]
		recs, err := r.ReadAll()
		if err != nil || len(recs) == 0 {
			return nil, fmt.Errorf("upload %d: malformed CSV with delimiter %s: %v", k+1, j.ColumnDelimiter, err)
		}
		if k > 0 && !slices.Equal(recs[0], p.header) {
			return nil, fmt.Errorf("upload %d: its header differs from the first upload's", k+1)
		}
		p.header = recs[0]
		p.rows = append(p.rows, recs[1:]...)
	}
	return p, p.resolve(j, o)
}

// checkLineEnding refuses data whose line breaks differ from the job's.
func checkLineEnding(data []byte, ending string) error {
	crlf := bytes.Count(data, []byte("\r\n"))
	if ending == "LF" && crlf > 0 {
		return fmt.Errorf("the data has CRLF line endings but the job's lineEnding is LF")
	}
	if ending == "CRLF" && bytes.Count(data, []byte("\n")) != crlf {
		return fmt.Errorf("the data has LF line endings but the job's lineEnding is CRLF")
	}
	return nil
}

// resolve maps the header's columns to fields and checks the columns the
// operation needs.
func (p *parsed) resolve(j *job, o *object) error {
	for _, h := range p.header {
		f, ok := o.field(strings.TrimSpace(h))
		if !ok {
			return fmt.Errorf("Field name not found : %s", h)
		}
		p.fields = append(p.fields, f)
	}
	has := func(name string) bool {
		return slices.ContainsFunc(p.fields, func(f field) bool { return f.Name == name })
	}
	switch {
	case (j.Operation == "update" || j.Operation == "delete") && !has("Id"):
		return fmt.Errorf("the Id column is required for %s", j.Operation)
	case j.Operation == "delete" && len(p.fields) != 1:
		return fmt.Errorf("a delete job takes only the Id column")
	case j.Operation == "upsert" && !has(j.ExternalIDFieldName):
		return fmt.Errorf("the external id column %s is missing", j.ExternalIDFieldName)
	}
	return nil
}

// applyRow writes one row: empty cells leave a field alone, #N/A clears it.
func (e *Emulator) applyRow(j *job, o *object, p *parsed, row []string) (string, bool, *recError) {
	raw := map[string]json.RawMessage{}
	var id string
	for i, f := range p.fields {
		switch {
		case f.Name == "Id":
			id = row[i]
		case row[i] == "":
		case row[i] == "#N/A":
			raw[f.Name] = json.RawMessage("null")
		default:
			raw[f.Name] = csvValue(f, row[i])
		}
	}
	kind := opCreate
	if j.Operation == "update" || j.Operation == "delete" {
		kind = opUpdate
	}
	fields, rerr, fatal := convert(o, raw, kind)
	if fatal != nil {
		return "", false, newRecError("INVALID_TYPE_ON_FIELD_IN_RECORD", fatal.Message)
	}
	if rerr != nil {
		return "", false, rerr
	}
	return e.applyFields(j, o, id, fields)
}

// csvValue turns a cell into the JSON value its field takes.
func csvValue(f field, cell string) json.RawMessage {
	if f.Kind == kBool {
		switch strings.ToLower(cell) {
		case "true", "1":
			return json.RawMessage("true")
		case "false", "0":
			return json.RawMessage("false")
		}
	}
	b, _ := json.Marshal(cell)
	return b
}

// applyFields runs the job's operation on one converted row.
func (e *Emulator) applyFields(j *job, o *object, rawID string, fields map[string]any) (string, bool, *recError) {
	w := e.writer()
	switch j.Operation {
	case "insert":
		if rawID != "" {
			return "", false, newRecError("INVALID_FIELD", "cannot specify Id in an insert call", "Id")
		}
		id, err := w.insert(o, fields)
		return id, err == nil, err
	case "upsert":
		ext, _ := o.field(j.ExternalIDFieldName)
		res := w.upsert(o, ext, prepared{obj: o, fields: fields}, map[string]int{})
		if !res.Success {
			return "", false, res.Errors[0]
		}
		return res.ID, *res.Created, nil
	}
	id, err := normalizeID(rawID)
	if err != nil || !strings.HasPrefix(id, o.Prefix) {
		return rawID, false, newRecError("MALFORMED_ID", "Id: id value of incorrect type: "+rawID, "Id")
	}
	if j.Operation == "delete" {
		return id, false, w.remove(o, id)
	}
	return id, false, w.update(o, id, fields)
}
