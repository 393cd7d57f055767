package dataverse_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stewardhq/steward/load"
)

// TestReviewTransientPartNotRejected (review rev-dv): a $batch part answered
// 429 (service protection, with Retry-After) or 503 says nothing about the
// record; it must not become a rejected outcome (a dead letter) but fail
// the batch for a retry, as the OData loader does (batchWide).
func TestReviewTransientPartNotRejected(t *testing.T) {
	f := newFake()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/data/v9.2/$batch" {
			f.ServeHTTP(w, r)
			return
		}
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "multipart/mixed; boundary=batchresponse_1")
		_, _ = io.WriteString(w, "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"+
			"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Type: application/json; odata.metadata=minimal\r\n\r\n"+
			`{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit of 6000 over time window of 300 seconds."}}`+"\r\n"+
			"--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"+
			"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; odata.metadata=minimal\r\n\r\n"+
			`{"error":{"code":"","message":"Service unavailable"}}`+"\r\n--batchresponse_1--\r\n")
	})
	l := newLoaderOn(t, h, "customers")
	out, err := l.Write(t.Context(), []load.Item{
		{ID: 1, ExternalID: "C-1", Fields: fields("name", `"A"`)},
		{ID: 2, ExternalID: "C-2", Fields: fields("name", `"B"`)},
	})
	if err != nil {
		return // the batch fails and is retried: fine
	}
	for _, o := range out {
		if o.Status == load.Rejected {
			t.Errorf("item %d rejected (dead letter) for a transient answer: %s", o.ID, o.Reason)
		}
	}
}

// TestReviewScoreLeadingZero (review rev-dv): a score "041" is a decimal
// string from 0 to 100; it is written as the JSON number 41 (as the
// Salesforce loader does), not rejected because "041" is no JSON number.
func TestReviewScoreLeadingZero(t *testing.T) {
	f := newFake()
	l := newLoader(t, f, "lead_scores")
	id := "00000000-0000-0000-0002-000000000001"
	f.Put("leads", map[string]any{"leadid": id, "emailaddress1": "a@b.example", "modifiedon": "2025-01-01T00:00:00Z"})
	out, err := l.Write(t.Context(), []load.Item{{ID: 1, ExternalID: id, Fields: fields("score", `"041"`, "model", `"m"`, "reasons", `["r"]`)}})
	if err != nil || len(out) != 1 || out[0].Status != load.Written {
		t.Fatalf("%v %+v", err, out)
	}
	for _, bad := range []string{`"0x10"`, `"1/2"`, `"1e1"`} {
		out, err := l.Write(t.Context(), []load.Item{{ID: 2, ExternalID: id, Fields: fields("score", bad, "model", `"m"`, "reasons", `["r"]`)}})
		if err != nil || out[0].Status != load.Rejected || !strings.Contains(out[0].Reason, "decimal") {
			t.Errorf("score %s: %v %+v, want rejected as not a decimal", bad, err, out)
		}
	}
}

// TestReviewAlternateKeySpecialCharacters (review rev-dv): Dataverse cannot
// GET or PATCH by an alternate key whose value holds / < > * % & : \ ? +
// (powerapps-docs define-alternate-keys-entity.md, "Unicode characters in
// key value"). A row found by the filtered read is then addressed by its
// primary key; a new one is rejected with that reason, never sent to a key
// URL that cannot work.
func TestReviewAlternateKeySpecialCharacters(t *testing.T) {
	f := newFake()
	f.Put("accounts", map[string]any{"accountid": "00000000-0000-0000-0000-000000000077", "accountnumber": "A&B/1", "name": "Old", "modifiedon": "2025-01-01T00:00:00Z"})
	var batches []string
	var mu sync.Mutex
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/$batch") {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			batches = append(batches, string(b))
			mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		f.ServeHTTP(w, r)
	})
	l := newLoaderOn(t, h, "customers")
	out, err := l.Write(t.Context(), []load.Item{
		{ID: 1, ExternalID: "A&B/1", Fields: fields("name", `"New"`)},
		{ID: 2, ExternalID: "X:Y", Fields: fields("name", `"Fresh"`)},
	})
	if err != nil || len(out) != 2 {
		t.Fatalf("%v %+v", err, out)
	}
	if out[0].Status != load.Written {
		t.Errorf("existing row with a special key: %+v", out[0])
	}
	if out[1].Status != load.Rejected || !strings.Contains(out[1].Reason, "X:Y") {
		t.Errorf("new row with a special key: %+v, want rejected naming the key", out[1])
	}
	for _, b := range batches {
		if strings.Contains(b, "accountnumber='A&B") || strings.Contains(b, "accountnumber='X:Y") {
			t.Errorf("a $batch addresses a row by a key value Dataverse cannot route:\n%s", b)
		}
	}
	if row, _ := f.Row("accounts", "00000000-0000-0000-0000-000000000077"); row["name"] != "New" {
		t.Errorf("row %v", row)
	}
}
