package sftest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

type job struct {
	ID, Object, Operation, Ext, State string
	csv                               []byte
	ok, bad                           [][]string
	header                            []string
}

// ingest serves the Bulk API 2.0 ingest resources; a job runs when its
// upload is complete.
func (f *Fake) ingest(w http.ResponseWriter, r *http.Request, rest string) {
	rest = strings.Trim(rest, "/")
	id, sub, _ := strings.Cut(rest, "/")
	j := f.jobs[id]
	switch {
	case rest == "" && r.Method == http.MethodPost:
		var spec struct{ Object, Operation, ExternalIDFieldName, ContentType string }
		if json.NewDecoder(r.Body).Decode(&spec) != nil || spec.ContentType != "CSV" {
			fail(w, http.StatusBadRequest, "INVALIDJOB", "bad job")
			return
		}
		j = &job{ID: f.newID("750"), Object: spec.Object, Operation: spec.Operation, Ext: spec.ExternalIDFieldName, State: "Open"}
		f.jobs[j.ID] = j
		reply(w, http.StatusOK, map[string]string{"id": j.ID, "state": j.State, "contentUrl": "services/data/" + Version + "/jobs/ingest/" + j.ID + "/batches"})
	case j == nil:
		fail(w, http.StatusNotFound, "NOT_FOUND", "no such job")
	case sub == "batches" && r.Method == http.MethodPut && j.State == "Open":
		j.csv, _ = io.ReadAll(r.Body)
		w.WriteHeader(http.StatusCreated)
	case sub == "" && r.Method == http.MethodPatch:
		f.run(j)
		reply(w, http.StatusOK, map[string]string{"id": j.ID, "state": "UploadComplete"})
	case sub == "" && r.Method == http.MethodGet:
		reply(w, http.StatusOK, map[string]any{"id": j.ID, "state": j.State, "numberRecordsProcessed": len(j.ok) + len(j.bad), "numberRecordsFailed": len(j.bad)})
	case sub == "successfulResults" || sub == "failedResults":
		w.Header().Set("Content-Type", "text/csv")
		cw := csv.NewWriter(w)
		if sub == "successfulResults" {
			_ = cw.Write(append([]string{"sf__Id", "sf__Created"}, j.header...))
			_ = cw.WriteAll(j.ok)
		} else {
			_ = cw.Write(append([]string{"sf__Id", "sf__Error"}, j.header...))
			_ = cw.WriteAll(j.bad)
		}
	default:
		fail(w, http.StatusBadRequest, "INVALIDJOBSTATE", "not allowed in state "+j.State)
	}
}

// run processes the uploaded CSV.
func (f *Fake) run(j *job) {
	rows, err := csv.NewReader(bytes.NewReader(j.csv)).ReadAll()
	if err != nil || len(rows) == 0 {
		j.State = "Failed"
		return
	}
	j.header = rows[0]
	for _, row := range rows[1:] {
		rec := Rec{}
		for i, h := range j.header {
			switch {
			case row[i] == "":
			case row[i] == "#N/A":
				rec[h] = nil
			case h == "UnitPrice" || h == "Steward_Score__c":
				rec[h] = json.Number(row[i])
			case row[i] == "true" || row[i] == "false":
				rec[h] = row[i] == "true"
			default:
				rec[h] = row[i]
			}
		}
		var res saveResult
		if j.Operation == "update" {
			res = f.update(j.Object, rec)
		} else {
			res = f.upsert(j.Object, j.Ext, rec)
		}
		if res.Success {
			j.ok = append(j.ok, append([]string{res.ID, fmt.Sprint(res.Created)}, row...))
		} else {
			j.bad = append(j.bad, append([]string{"", res.Errors[0].StatusCode + ":" + res.Errors[0].Message}, row...))
		}
	}
	j.State = "JobComplete"
}
