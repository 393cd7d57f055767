package salesforce

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// job finds a job of the calling user; on failure it has answered 404.
func (c *call) job(id string) *job {
	j := c.e.jobs[id]
	if j == nil || j.User != c.user {
		notFound(c.w)
		return nil
	}
	return j
}

// jobResource serves GET (a poll that moves a closed job on), PATCH
// (UploadComplete or Aborted) and DELETE of /jobs/ingest/{id}.
func (c *call) jobResource(id string) {
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	j := c.job(id)
	if j == nil {
		return
	}
	switch c.r.Method {
	case http.MethodGet:
		c.e.advance(j)
		writeJSON(c.w, http.StatusOK, c.jobInfo(j))
	case http.MethodPatch:
		c.setState(j)
	case http.MethodDelete:
		if j.State != stComplete && j.State != stFailed && j.State != stAborted {
			writeErr(c.w, http.StatusBadRequest, "INVALIDJOBSTATE", "Job must be in a terminal state to be deleted; it is "+j.State)
			return
		}
		delete(c.e.jobs, id)
		c.w.WriteHeader(http.StatusNoContent)
	default:
		methodNotAllowed(c.w, c.r, "GET,PATCH,DELETE")
	}
}

// advance moves a closed job one step per poll: UploadComplete to
// InProgress, InProgress to JobComplete (or Failed) by processing it.
func (e *Emulator) advance(j *job) {
	switch j.State {
	case stUploadComplete:
		j.State, j.Modified = stInProgress, e.clock()
	case stInProgress:
		e.process(j)
		j.Modified = e.clock()
	}
}

// setState applies a PATCH {"state": ...}: Open to UploadComplete; Open,
// UploadComplete or InProgress to Aborted; anything else is 400.
func (c *call) setState(j *job) {
	b, ok := c.jsonBody()
	if !ok {
		return
	}
	var body struct {
		State string `json:"state"`
	}
	if err := json.Unmarshal(b, &body); err != nil {
		writeErr(c.w, http.StatusBadRequest, "JSON_PARSER_ERROR", "malformed request body: "+err.Error())
		return
	}
	switch {
	case body.State == stUploadComplete && j.State == stOpen:
		j.State = stUploadComplete
	case body.State == stAborted && (j.State == stOpen || j.State == stUploadComplete || j.State == stInProgress):
		j.State = stAborted
		c.e.abort(j)
	default:
		writeErr(c.w, http.StatusBadRequest, "INVALIDJOBSTATE", "Invalid state transition from "+j.State+" to "+body.State)
		return
	}
	j.Modified = c.e.clock()
	writeJSON(c.w, http.StatusOK, c.jobInfo(j))
}

// upload serves PUT /jobs/ingest/{id}/batches: text/csv to an Open job,
// at most MaxUpload bytes per upload; 201 without a body.
func (c *call) upload(id string) {
	if c.r.Method != http.MethodPut {
		methodNotAllowed(c.w, c.r, "PUT")
		return
	}
	if mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); mt != "text/csv" {
		writeErr(c.w, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
			"Content-Type header specified in HTTP request is not supported: "+c.r.Header.Get("Content-Type"))
		return
	}
	data, err := io.ReadAll(io.LimitReader(c.r.Body, c.e.opts.MaxUpload+1))
	if err != nil || int64(len(data)) > c.e.opts.MaxUpload {
		writeErr(c.w, http.StatusBadRequest, "INVALIDBATCH", "The upload exceeds the maximum of "+
			strconv.FormatInt(c.e.opts.MaxUpload, 10)+" bytes; split the data into several jobs")
		return
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	j := c.job(id)
	if j == nil {
		return
	}
	if j.State != stOpen {
		writeErr(c.w, http.StatusConflict, "INVALIDJOBSTATE", "Job is not in the Open state; it is "+j.State)
		return
	}
	j.uploads = append(j.uploads, data)
	c.w.WriteHeader(http.StatusCreated)
}

// results serves the result CSVs of a finished job.
func (c *call) results(id, kind string) {
	if c.r.Method != http.MethodGet {
		methodNotAllowed(c.w, c.r, "GET")
		return
	}
	key := map[string]string{"successfulResults": "successful", "failedResults": "failed", "unprocessedrecords": "unprocessed"}[kind]
	if key == "" {
		notFound(c.w)
		return
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	j := c.job(id)
	if j == nil {
		return
	}
	if j.State != stComplete && j.State != stFailed && j.State != stAborted {
		writeErr(c.w, http.StatusBadRequest, "INVALIDJOBSTATE", "Results are available once the job is complete; it is "+j.State)
		return
	}
	c.w.Header().Set("Content-Type", "text/csv")
	c.w.WriteHeader(http.StatusOK)
	cw := csv.NewWriter(c.w)
	cw.Comma = delimiters[j.ColumnDelimiter]
	cw.UseCRLF = j.LineEnding == "CRLF"
	_ = cw.WriteAll(j.results[key])
}
