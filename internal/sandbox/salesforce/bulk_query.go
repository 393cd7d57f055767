package salesforce

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// defaultMaxRecords is how many rows a query job's results call returns
// without maxRecords.
const defaultMaxRecords = 50000

// queryJob is a Bulk API 2.0 query job: its rows are taken when it
// completes, its result pages are handed out by opaque locators.
type queryJob struct {
	ID, Operation, Query, State, User   string
	Object, LineEnding, ColumnDelimiter string
	Created, Modified                   time.Time
	header                              []string
	rows                                [][]string
	locators                            map[string]int // locator -> offset
}

// queryJobs dispatches /jobs/query[/{id}[/results]].
func (c *call) queryJobs(seg []string) {
	switch {
	case len(seg) == 0 && c.r.Method == http.MethodPost:
		c.createQueryJob()
	case len(seg) == 0:
		methodNotAllowed(c.w, c.r, "GET,POST")
	case len(seg) == 1 && c.r.Method == http.MethodGet:
		c.e.mu.Lock()
		defer c.e.mu.Unlock()
		if j := c.queryJob(seg[0]); j != nil {
			c.e.advanceQuery(j)
			writeJSON(c.w, http.StatusOK, queryJobInfo(j, c.ver))
		}
	case len(seg) == 2 && seg[1] == "results" && c.r.Method == http.MethodGet:
		c.queryResults(seg[0])
	default:
		notFound(c.w)
	}
}

func (c *call) queryJob(id string) *queryJob {
	j := c.e.qjobs[id]
	if j == nil || j.User != c.user {
		notFound(c.w)
		return nil
	}
	return j
}

// querySpec is the body of POST /jobs/query: operation and query, and the
// optional object, contentType, columnDelimiter and lineEnding.
type querySpec struct {
	Operation       string `json:"operation"`
	Query           string `json:"query"`
	Object          string `json:"object"`
	ContentType     string `json:"contentType"`
	ColumnDelimiter string `json:"columnDelimiter"`
	LineEnding      string `json:"lineEnding"`
}

// createQueryJob checks the body and the SOQL and opens the job
// (UploadComplete; it runs over the next polls).
func (c *call) createQueryJob() {
	b, ok := c.jsonBody()
	if !ok {
		return
	}
	var spec querySpec
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		writeErr(c.w, http.StatusBadRequest, "JSON_PARSER_ERROR", "malformed job: "+err.Error())
		return
	}
	s, err := parseSOQL(spec.Query, c.e.schema)
	if err != nil {
		writeErr(c.w, http.StatusBadRequest, err.code, err.message(spec.Query))
		return
	}
	if msg := checkQuerySpec(&spec, s.obj); msg != "" {
		writeErr(c.w, http.StatusBadRequest, "INVALIDJOB", msg)
		return
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	now := c.e.clock()
	c.e.seq++
	j := &queryJob{ID: makeID("750", c.e.seq), Operation: spec.Operation, Query: spec.Query, State: stUploadComplete,
		Object: s.obj.Name, LineEnding: spec.LineEnding, ColumnDelimiter: spec.ColumnDelimiter,
		User: c.user, Created: now, Modified: now, locators: map[string]int{}}
	c.e.qjobs[j.ID] = j
	writeJSON(c.w, http.StatusOK, queryJobInfo(j, c.ver))
}

// checkQuerySpec fills a query job's defaults and returns what is wrong
// with it; obj is the object its query reads.
func checkQuerySpec(s *querySpec, obj *object) string {
	s.ContentType, s.LineEnding, s.ColumnDelimiter = orDefault(s.ContentType, "CSV"), orDefault(s.LineEnding, "LF"),
		orDefault(s.ColumnDelimiter, "COMMA")
	switch {
	case s.Operation != "query" && s.Operation != "queryAll":
		return "Invalid operation: '" + s.Operation + "' (query or queryAll)"
	case s.ContentType != "CSV":
		return "Invalid contentType: " + s.ContentType
	case s.LineEnding != "LF" && s.LineEnding != "CRLF":
		return "Invalid lineEnding: " + s.LineEnding
	case delimiters[s.ColumnDelimiter] == 0:
		return "Invalid columnDelimiter: " + s.ColumnDelimiter
	case s.Object != "" && !strings.EqualFold(s.Object, obj.Name):
		return "The object " + s.Object + " does not match the object " + obj.Name + " of the query"
	}
	return ""
}

// advanceQuery moves a query job one step per poll, running the query when
// it completes; the caller holds e.mu.
func (e *Emulator) advanceQuery(j *queryJob) {
	switch j.State {
	case stUploadComplete:
		j.State = stInProgress
	case stInProgress:
		s, _ := parseSOQL(j.Query, e.schema) // checked at creation
		j.header = s.fields
		for _, r := range s.run(e.tables[s.obj.Name].sorted(), j.Operation == "queryAll") {
			row := make([]string, len(s.fields))
			for i, f := range s.fields {
				row[i] = csvCell(r.value(f))
			}
			j.rows = append(j.rows, row)
		}
		j.State = stComplete
	default:
		return
	}
	j.Modified = e.clock()
}

// csvCell renders a value as a query job's CSV does (null: empty).
func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return sfTime(x)
	}
	return string(jsonValue(v))
}

func queryJobInfo(j *queryJob, ver string) map[string]any {
	apiVer, _ := strconv.ParseFloat(ver[1:], 64)
	return map[string]any{"id": j.ID, "operation": j.Operation, "object": j.Object, "createdDate": sfTime(j.Created),
		"systemModstamp": sfTime(j.Modified), "state": j.State, "concurrencyMode": "Parallel", "contentType": "CSV",
		"apiVersion": apiVer, "jobType": "V2Query", "lineEnding": j.LineEnding, "columnDelimiter": j.ColumnDelimiter,
		"numberRecordsProcessed": len(j.rows), "retries": 0, "totalProcessingTime": 0}
}

// queryResults serves GET /jobs/query/{id}/results?maxRecords=&locator=:
// CSV with Sforce-Locator (the next page's, "null" at the end) and
// Sforce-NumberOfRecords.
func (c *call) queryResults(id string) {
	q := c.r.URL.Query()
	limit := defaultMaxRecords
	if m := q.Get("maxRecords"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n <= 0 {
			writeErr(c.w, http.StatusBadRequest, "INVALIDJOB", "maxRecords must be a positive integer, got '"+m+"'")
			return
		}
		limit = n
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	j := c.queryJob(id)
	if j == nil {
		return
	}
	if j.State != stComplete {
		writeErr(c.w, http.StatusBadRequest, "INVALIDJOBSTATE", "Results are available once the job is complete; it is "+j.State)
		return
	}
	offset, ok := 0, true
	if l := q.Get("locator"); l != "" {
		offset, ok = j.locators[l]
	}
	if !ok {
		writeErr(c.w, http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid locator")
		return
	}
	c.writeResultPage(j, offset, limit)
}

func (c *call) writeResultPage(j *queryJob, offset, limit int) {
	end := min(offset+limit, len(j.rows))
	next := "null"
	if end < len(j.rows) {
		c.e.seq++
		next = makeID("0q1", c.e.seq)[:15]
		j.locators[next] = end
	}
	h := c.w.Header()
	h.Set("Content-Type", "text/csv")
	h.Set("Sforce-Locator", next)
	h.Set("Sforce-NumberOfRecords", strconv.Itoa(end-offset))
	c.w.WriteHeader(http.StatusOK)
	cw := csv.NewWriter(c.w)
	cw.Comma = delimiters[j.ColumnDelimiter]
	cw.UseCRLF = j.LineEnding == "CRLF"
	_ = cw.Write(j.header)
	_ = cw.WriteAll(j.rows[offset:end])
}
