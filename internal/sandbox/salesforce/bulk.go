package salesforce

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Bulk API 2.0 ingest job states.
const (
	stOpen           = "Open"
	stUploadComplete = "UploadComplete"
	stInProgress     = "InProgress"
	stComplete       = "JobComplete"
	stFailed         = "Failed"
	stAborted        = "Aborted"
)

var delimiters = map[string]rune{"COMMA": ',', "TAB": '\t', "PIPE": '|', "SEMICOLON": ';', "CARET": '^', "BACKQUOTE": '`'}

// job is a Bulk API 2.0 ingest job.
type job struct {
	ID, Object, ExternalIDFieldName, Operation string
	LineEnding, ColumnDelimiter, State, User   string
	Created, Modified                          time.Time
	uploads                                    [][]byte
	size                                       int64
	errorMessage                               string
	processed, failed                          int
	results                                    map[string][][]string // successful, failed, unprocessed (header first)
}

// jobSpec is the body of POST /jobs/ingest.
type jobSpec struct {
	Object              string `json:"object"`
	ExternalIDFieldName string `json:"externalIdFieldName"`
	ContentType         string `json:"contentType"`
	Operation           string `json:"operation"`
	LineEnding          string `json:"lineEnding"`
	ColumnDelimiter     string `json:"columnDelimiter"`
	AssignmentRuleID    string `json:"assignmentRuleId"`
}

// ingest dispatches /jobs/ingest[/{id}[/batches|/successfulResults/|...]].
func (c *call) ingest(seg []string) {
	if len(seg) > 0 && seg[len(seg)-1] == "" {
		seg = seg[:len(seg)-1]
	}
	switch {
	case len(seg) == 0 && c.r.Method == http.MethodPost:
		c.createJob()
	case len(seg) == 0:
		methodNotAllowed(c.w, c.r, "GET,POST")
	case len(seg) == 1:
		c.jobResource(seg[0])
	case len(seg) == 2 && seg[1] == "batches":
		c.upload(seg[0])
	case len(seg) == 2:
		c.results(seg[0], seg[1])
	default:
		notFound(c.w)
	}
}

// createJob validates a job spec and opens the job.
func (c *call) createJob() {
	b, ok := c.jsonBody()
	if !ok {
		return
	}
	var spec jobSpec
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		writeErr(c.w, http.StatusBadRequest, "JSON_PARSER_ERROR", "malformed job: "+err.Error())
		return
	}
	if msg := checkSpec(&spec, c.e.schema); msg != "" {
		writeErr(c.w, http.StatusBadRequest, "INVALIDJOB", msg)
		return
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	now := c.e.clock()
	c.e.seq++
	j := &job{ID: makeID("750", c.e.seq), Object: spec.Object, ExternalIDFieldName: spec.ExternalIDFieldName,
		Operation: spec.Operation, LineEnding: spec.LineEnding, ColumnDelimiter: spec.ColumnDelimiter,
		State: stOpen, User: c.user, Created: now, Modified: now}
	c.e.jobs[j.ID] = j
	writeJSON(c.w, http.StatusOK, c.jobInfo(j))
}

// checkSpec fills defaults and returns what is wrong with a job spec.
func checkSpec(s *jobSpec, sch schema) string {
	o, ok := sch.lookup(s.Object)
	if !ok {
		return "Unable to find object: " + s.Object
	}
	s.Object = o.Name
	s.ContentType, s.LineEnding, s.ColumnDelimiter = orDefault(s.ContentType, "CSV"), orDefault(s.LineEnding, "LF"),
		orDefault(s.ColumnDelimiter, "COMMA")
	switch {
	case s.Operation != "insert" && s.Operation != "update" && s.Operation != "upsert" && s.Operation != "delete":
		return "Invalid operation: '" + s.Operation + "' (insert, update, upsert or delete)"
	case !o.Writable:
		return "Entity '" + o.Name + "' is not supported by the Bulk API"
	case s.ContentType != "CSV":
		return "Invalid contentType: " + s.ContentType
	case s.LineEnding != "LF" && s.LineEnding != "CRLF":
		return "Invalid lineEnding: " + s.LineEnding
	case delimiters[s.ColumnDelimiter] == 0:
		return "Invalid columnDelimiter: " + s.ColumnDelimiter
	case s.Operation == "upsert" && s.ExternalIDFieldName == "":
		return "External ID field name is required for upsert"
	case s.Operation != "upsert" && s.ExternalIDFieldName != "":
		return "externalIdFieldName is only allowed for upsert"
	}
	if s.Operation == "upsert" {
		f, ok := o.field(s.ExternalIDFieldName)
		if !ok || !f.ExtID {
			return "The field " + s.ExternalIDFieldName + " is not an External ID or indexed field for " + o.Name
		}
		s.ExternalIDFieldName = f.Name
	}
	return ""
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// jobInfo is the job's JSON as Salesforce answers it.
func (c *call) jobInfo(j *job) map[string]any {
	ver, _ := strconv.ParseFloat(c.ver[1:], 64)
	info := map[string]any{"id": j.ID, "operation": j.Operation, "object": j.Object, "createdById": c.e.userIDLocked(j.User),
		"createdDate": sfTime(j.Created), "systemModstamp": sfTime(j.Modified), "state": j.State,
		"concurrencyMode": "Parallel", "contentType": "CSV", "apiVersion": ver, "jobType": "V2Ingest",
		"contentUrl": "services/data/" + c.ver + "/jobs/ingest/" + j.ID + "/batches", "lineEnding": j.LineEnding,
		"columnDelimiter": j.ColumnDelimiter, "numberRecordsProcessed": j.processed, "numberRecordsFailed": j.failed,
		"retries": 0, "totalProcessingTime": 0, "apiActiveProcessingTime": 0, "apexProcessingTime": 0}
	if j.ExternalIDFieldName != "" {
		info["externalIdFieldName"] = j.ExternalIDFieldName
	}
	if j.errorMessage != "" {
		info["errorMessage"] = j.errorMessage
	}
	return info
}
