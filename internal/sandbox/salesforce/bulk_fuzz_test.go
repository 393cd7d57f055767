package salesforce

import (
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// FuzzBulkCSV: no uploaded CSV, with any delimiter and line ending, makes
// the ingest processing panic; a job always ends JobComplete or Failed.
func FuzzBulkCSV(f *testing.F) {
	f.Add("External_ID__c,Name,IsActive\nSKU-1,a,true\nSKU-2,\"b, c\",#N/A\n", "upsert", uint8(0), false)
	f.Add("Id\n01t000000000001AAA\n", "delete", uint8(0), false)
	f.Add("Name|UnitPrice\r\nx|1.5\r\n", "insert", uint8(2), true)
	f.Add("Id,Name\r\n\"a\n\",\"\"\"\r\n", "update", uint8(0), true)
	names := []string{"COMMA", "TAB", "PIPE", "SEMICOLON", "CARET", "BACKQUOTE"}
	f.Fuzz(func(t *testing.T, data, operation string, delim uint8, crlf bool) {
		e := New(Options{Catalog: catalog.New(5, 1)})
		for _, obj := range []string{"Product2", "Account", "PricebookEntry"} {
			spec := jobSpec{Object: obj, Operation: operation, ColumnDelimiter: names[int(delim)%len(names)]}
			if crlf {
				spec.LineEnding = "CRLF"
			}
			if operation == "upsert" {
				spec.ExternalIDFieldName = "External_ID__c"
			}
			if checkSpec(&spec, objects) != "" {
				return
			}
			j := &job{ID: "750000000000001AAA", Object: spec.Object, Operation: spec.Operation, ExternalIDFieldName: spec.ExternalIDFieldName,
				LineEnding: spec.LineEnding, ColumnDelimiter: spec.ColumnDelimiter, State: stInProgress, uploads: [][]byte{[]byte(data)}}
			e.mu.Lock()
			e.process(j)
			e.mu.Unlock()
			if j.State != stComplete && j.State != stFailed {
				t.Fatalf("job ended %s", j.State)
			}
		}
	})
}
