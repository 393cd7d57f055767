package salesforce

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestDocumentedBulkIngest walks §2.4's five Bulk API 2.0 steps.
func TestDocumentedBulkIngest(t *testing.T) {
	f := start(t, 0)
	_, _ = f.e.Put("Product2", map[string]any{"Name": "old", "External_ID__c": "SKU-1"})
	a := f.call(t, "POST", v+"/jobs/ingest", `{"object":"Product2","externalIdFieldName":"External_ID__c","contentType":"CSV","operation":"upsert","lineEnding":"LF","columnDelimiter":"COMMA"}`)
	expect(t, a, 200, "")
	info := decode[map[string]any](t, a)
	id := info["id"].(string)
	if info["state"] != "Open" || info["contentUrl"] != "services/data/v59.0/jobs/ingest/"+id+"/batches" {
		t.Fatalf("job %s", a.body)
	}
	csvBody := "External_ID__c,Name,IsActive\nSKU-1,new name,true\nSKU-2,\"two, with comma\",false\nSKU-3,,true\n"
	up := f.call(t, "PUT", v+"/jobs/ingest/"+id+"/batches", csvBody, func(r *http.Request) { r.Header.Set("Content-Type", "text/csv") })
	expect(t, up, 201, "")
	expect(t, f.call(t, "PATCH", v+"/jobs/ingest/"+id, `{"state":"UploadComplete"}`), 200, "")
	states := []string{}
	for range 2 {
		states = append(states, decode[map[string]any](t, f.call(t, "GET", v+"/jobs/ingest/"+id, ""))["state"].(string))
	}
	if strings.Join(states, ",") != "InProgress,JobComplete" {
		t.Fatalf("polls saw %v", states)
	}
	ok := readCSV(t, f.call(t, "GET", v+"/jobs/ingest/"+id+"/successfulResults/", ""))
	bad := readCSV(t, f.call(t, "GET", v+"/jobs/ingest/"+id+"/failedResults/", ""))
	if strings.Join(ok[0], ",") != "sf__Id,sf__Created,External_ID__c,Name,IsActive" || len(ok) != 3 ||
		ok[1][1] != "false" || ok[2][1] != "true" || ok[2][3] != "two, with comma" {
		t.Errorf("successful %v", ok)
	}
	if strings.Join(bad[0][:2], ",") != "sf__Id,sf__Error" || len(bad) != 2 || !strings.HasPrefix(bad[1][1], "REQUIRED_FIELD_MISSING:") {
		t.Errorf("failed %v", bad)
	}
	if rec, _ := f.e.Record("Product2", ok[1][0]); rec["Name"] != "new name" || rec["IsActive"] != true {
		t.Errorf("upserted %v", rec)
	}
	info = decode[map[string]any](t, f.call(t, "GET", v+"/jobs/ingest/"+id, ""))
	if info["numberRecordsProcessed"] != 3.0 || info["numberRecordsFailed"] != 1.0 {
		t.Errorf("counts %v", info)
	}
}

func readCSV(t *testing.T, a answer) [][]string {
	t.Helper()
	if a.status != 200 || a.header.Get("Content-Type") != "text/csv" {
		t.Fatalf("results: %d %s %s", a.status, a.header.Get("Content-Type"), a.body)
	}
	rows, err := csv.NewReader(strings.NewReader(string(a.body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func openJob(t *testing.T, f *fixture, spec string) string {
	t.Helper()
	a := f.call(t, "POST", v+"/jobs/ingest", spec)
	expect(t, a, 200, "")
	return decode[map[string]any](t, a)["id"].(string)
}

func TestBulkRejects(t *testing.T) {
	f := start(t, 0, func(o *Options) { o.MaxUpload = 64 })
	for _, spec := range []string{`{"object":"Nope","operation":"insert"}`, `{"object":"Product2","operation":"merge"}`,
		`{"object":"Product2","operation":"upsert"}`, `{"object":"Product2","operation":"upsert","externalIdFieldName":"Name"}`,
		`{"object":"Product2","operation":"insert","columnDelimiter":"SPACE"}`, `{"object":"Product2","operation":"insert","colour":"x"}`} {
		if a := f.call(t, "POST", v+"/jobs/ingest", spec); a.status != 400 {
			t.Errorf("%s: %d %s", spec, a.status, a.body)
		}
	}
	id := openJob(t, f, `{"object":"Product2","operation":"insert"}`)
	csvCT := func(r *http.Request) { r.Header.Set("Content-Type", "text/csv") }
	if a := f.call(t, "PUT", v+"/jobs/ingest/"+id+"/batches", "Name\nx\n"); a.status != 415 {
		t.Errorf("json upload: %d", a.status)
	}
	if a := f.call(t, "PUT", v+"/jobs/ingest/"+id+"/batches", "Name\n"+strings.Repeat("x", 64)+"\n", csvCT); a.status != 400 {
		t.Errorf("oversized upload: %d", a.status)
	}
	if a := f.call(t, "GET", v+"/jobs/ingest/"+id+"/successfulResults/", ""); a.status != 400 {
		t.Errorf("results of an open job: %d", a.status)
	}
	if a := f.call(t, "PATCH", v+"/jobs/ingest/"+id, `{"state":"JobComplete"}`); a.status != 400 || errorCode(t, a) != "INVALIDJOBSTATE" {
		t.Errorf("Open to JobComplete: %d %s", a.status, a.body)
	}
	expect(t, f.call(t, "PATCH", v+"/jobs/ingest/"+id, `{"state":"UploadComplete"}`), 200, "")
	if a := f.call(t, "PUT", v+"/jobs/ingest/"+id+"/batches", "Name\nx\n", csvCT); a.status != 409 {
		t.Errorf("upload after close: %d", a.status)
	}
}

func TestBulkFailsOnBadHeaderOrLineEnding(t *testing.T) {
	f := start(t, 0)
	csvCT := func(r *http.Request) { r.Header.Set("Content-Type", "text/csv") }
	for data, want := range map[string]string{"Name,Colour__c\nx,y\n": "Field name not found : Colour__c", "Name\r\nx\r\n": "CRLF"} {
		id := openJob(t, f, `{"object":"Product2","operation":"insert"}`)
		expect(t, f.call(t, "PUT", v+"/jobs/ingest/"+id+"/batches", data, csvCT), 201, "")
		expect(t, f.call(t, "PATCH", v+"/jobs/ingest/"+id, `{"state":"UploadComplete"}`), 200, "")
		f.call(t, "GET", v+"/jobs/ingest/"+id, "")
		info := decode[map[string]any](t, f.call(t, "GET", v+"/jobs/ingest/"+id, ""))
		if info["state"] != "Failed" || !strings.Contains(info["errorMessage"].(string), want) {
			t.Errorf("%q: %v", data, info)
		}
	}
	if len(f.e.IDs("Product2")) != 0 {
		t.Error("a failed job wrote records")
	}
}

func TestBulkSemicolonCRLFUpdate(t *testing.T) {
	f := start(t, 0)
	id1, _ := f.e.Put("Product2", map[string]any{"Name": "a", "Description": "keep"})
	job := openJob(t, f, `{"object":"Product2","operation":"update","lineEnding":"CRLF","columnDelimiter":"SEMICOLON"}`)
	data := "Id;Name;Description\r\n" + id1[:15] + ";b;\r\n" + "001000000000000;c;#N/A\r\n"
	expect(t, f.call(t, "PUT", v+"/jobs/ingest/"+job+"/batches", data, func(r *http.Request) { r.Header.Set("Content-Type", "text/csv") }), 201, "")
	expect(t, f.call(t, "PATCH", v+"/jobs/ingest/"+job, `{"state":"UploadComplete"}`), 200, "")
	f.call(t, "GET", v+"/jobs/ingest/"+job, "")
	f.call(t, "GET", v+"/jobs/ingest/"+job, "")
	if rec, _ := f.e.Record("Product2", id1); rec["Name"] != "b" || rec["Description"] != "keep" {
		t.Errorf("updated %v", rec)
	}
	a := f.call(t, "GET", v+"/jobs/ingest/"+job+"/failedResults/", "")
	if !strings.Contains(string(a.body), "MALFORMED_ID") || !strings.Contains(string(a.body), "\r\n") {
		t.Errorf("failed results %q", a.body)
	}
}

// TestDocumentedBulkQuery follows §2.4's query jobs: results as CSV pages
// chained by Sforce-Locator ("null" when done), counted by
// Sforce-NumberOfRecords.
func TestDocumentedBulkQuery(t *testing.T) {
	f := start(t, 40)
	a := f.call(t, "POST", v+"/jobs/query", `{"operation":"query","query":"SELECT Id, Name, External_ID__c FROM Account ORDER BY Name"}`)
	expect(t, a, 200, "")
	id := decode[map[string]any](t, a)["id"].(string)
	if r := f.call(t, "GET", v+"/jobs/query/"+id+"/results", ""); r.status != 400 {
		t.Errorf("results before completion: %d", r.status)
	}
	f.call(t, "GET", v+"/jobs/query/"+id, "")
	if st := decode[map[string]any](t, f.call(t, "GET", v+"/jobs/query/"+id, ""))["state"]; st != "JobComplete" {
		t.Fatalf("state %v", st)
	}
	var rows [][]string
	path := v + "/jobs/query/" + id + "/results?maxRecords=10"
	for pages := 0; ; pages++ {
		r := f.call(t, "GET", path, "")
		got := readCSV(t, r)
		if got[0][1] != "Name" || strconv.Itoa(len(got)-1) != r.header.Get("Sforce-NumberOfRecords") {
			t.Fatalf("page %d: header %v, %d rows, Sforce-NumberOfRecords %s", pages, got[0], len(got)-1, r.header.Get("Sforce-NumberOfRecords"))
		}
		rows = append(rows, got[1:]...)
		loc := r.header.Get("Sforce-Locator")
		if loc == "null" {
			break
		}
		path = v + "/jobs/query/" + id + "/results?maxRecords=10&locator=" + loc
	}
	ids := map[string]bool{}
	for _, r := range rows {
		ids[r[0]] = true
	}
	if len(rows) != 25 || len(ids) != 25 {
		t.Errorf("%d rows, %d distinct ids", len(rows), len(ids))
	}
	if r := f.call(t, "POST", v+"/jobs/query", `{"operation":"query","query":"SELECT Foo FROM Account"}`); r.status != 400 || errorCode(t, r) != "INVALID_FIELD" {
		t.Errorf("bad query: %d %s", r.status, r.body)
	}
}
