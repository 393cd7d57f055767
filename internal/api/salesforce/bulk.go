package salesforce

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/stewardhq/steward/internal/retry"
)

// BulkResult is one row's result of an ingest job, keyed by its key column.
type BulkResult struct {
	ID      string
	OK      bool
	Created bool
	Error   string
}

// BulkJob describes one ingest job.
type BulkJob struct {
	Object    string
	Operation string // upsert | update
	// ExtField is the external-id field of an upsert ("" for update).
	ExtField string
	// Key is the column results are matched by (ExtField, or Id).
	Key string
}

// bulkPoll is the wait between polls of an ingest job (tests shorten it).
var bulkPoll = 2 * time.Second

// SetBulkPoll sets the wait between polls of an ingest job.
func (c *Client) SetBulkPoll(d time.Duration) { c.poll = d }

// BulkIngest runs one Bulk API 2.0 ingest job for rows (native fields):
// create, upload the CSV, UploadComplete, poll, then read the successful and
// failed results, keyed by j.Key.
func (c *Client) BulkIngest(ctx context.Context, j BulkJob, rows []Fields) (map[string]BulkResult, error) {
	data, err := EncodeCSV(rows)
	if err != nil {
		return nil, fmt.Errorf("bulk %s %s: %w", j.Operation, j.Object, err)
	}
	spec := map[string]string{"object": j.Object, "contentType": "CSV", "operation": j.Operation, "lineEnding": "LF", "columnDelimiter": "COMMA"}
	if j.ExtField != "" {
		spec["externalIdFieldName"] = j.ExtField
	}
	b, _ := json.Marshal(spec)
	r, err := c.SendJSON(ctx, http.MethodPost, c.URL("/jobs/ingest", ""), b)
	if err != nil {
		return nil, fmt.Errorf("create bulk %s job for %s: %w", j.Operation, j.Object, err)
	}
	var info struct{ ID, State string }
	if err := json.Unmarshal(r.Body, &info); err != nil || info.ID == "" {
		return nil, fmt.Errorf("create bulk job for %s: answer has no job id", j.Object)
	}
	jobURL := c.URL("/jobs/ingest/"+url.PathEscape(info.ID), "")
	if _, err := c.Send(ctx, http.MethodPut, jobURL+"/batches", data, http.Header{"Content-Type": {"text/csv"}}); err != nil {
		return nil, fmt.Errorf("upload bulk job %s: %w", info.ID, err)
	}
	if _, err := c.SendJSON(ctx, http.MethodPatch, jobURL, []byte(`{"state":"UploadComplete"}`)); err != nil {
		return nil, fmt.Errorf("close bulk job %s: %w", info.ID, err)
	}
	if err := c.waitJob(ctx, jobURL, info.ID); err != nil {
		return nil, err
	}
	return c.bulkResults(ctx, jobURL, j.Key)
}

// waitJob polls until the job is JobComplete; Failed or Aborted is an error.
func (c *Client) waitJob(ctx context.Context, jobURL, id string) error {
	poll := c.poll
	if poll == 0 {
		poll = bulkPoll
	}
	for {
		r, err := c.SendJSON(ctx, http.MethodGet, jobURL, nil)
		if err != nil {
			return fmt.Errorf("poll bulk job %s: %w", id, err)
		}
		var info struct{ State, ErrorMessage string }
		if err := json.Unmarshal(r.Body, &info); err != nil {
			return fmt.Errorf("poll bulk job %s: %w", id, err)
		}
		switch info.State {
		case "JobComplete":
			return nil
		case "Failed", "Aborted":
			return retry.Final(fmt.Errorf("bulk job %s ended %s: %s", id, info.State, info.ErrorMessage))
		}
		if err := retry.Sleep(ctx, poll); err != nil {
			return err
		}
	}
}

// bulkResults reads successfulResults and failedResults keyed by key.
func (c *Client) bulkResults(ctx context.Context, jobURL, key string) (map[string]BulkResult, error) {
	out := map[string]BulkResult{}
	for _, part := range []string{"successfulResults", "failedResults"} {
		r, err := c.Send(ctx, http.MethodGet, jobURL+"/"+part+"/", nil, http.Header{"Accept": {"text/csv"}})
		if err != nil {
			return nil, fmt.Errorf("read bulk %s: %w", part, err)
		}
		rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("decode bulk %s: %w", part, err)
		}
		if len(rows) == 0 {
			continue
		}
		col := index(rows[0])
		k, ok := col[key]
		if !ok {
			return nil, fmt.Errorf("bulk %s have no %s column", part, key)
		}
		for _, row := range rows[1:] {
			res := BulkResult{ID: at(row, col["sf__Id"]), OK: part == "successfulResults",
				Created: at(row, col["sf__Created"]) == "true", Error: at(row, col["sf__Error"])}
			out[at(row, k)] = res
		}
	}
	return out, nil
}

func index(header []string) map[string]int {
	m := map[string]int{}
	for i, h := range header {
		m[h] = i
	}
	return m
}

func at(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}

// EncodeCSV writes rows as CSV with a sorted header; nil is #N/A (Bulk
// API's null), numbers keep their exact text.
func EncodeCSV(rows []Fields) ([]byte, error) {
	seen := map[string]bool{}
	var cols []string
	for _, r := range rows {
		for k := range r {
			if !seen[k] {
				seen[k] = true
				cols = append(cols, k)
			}
		}
	}
	sort.Strings(cols)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(cols)
	for _, r := range rows {
		line := make([]string, len(cols))
		for i, c := range cols {
			v, ok := r[c]
			switch x := v.(type) {
			case nil:
				if ok {
					line[i] = "#N/A"
				}
			case string:
				line[i] = x
			case json.Number:
				line[i] = x.String()
			case bool:
				line[i] = fmt.Sprint(x)
			default:
				return nil, fmt.Errorf("column %s: value of type %T", c, v)
			}
		}
		_ = w.Write(line)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
