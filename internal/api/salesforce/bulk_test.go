package salesforce_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
)

// TestEncodeCSV writes decimals as their exact text, null as #N/A, an
// absent value as empty, and quotes what CSV needs quoted.
func TestEncodeCSV(t *testing.T) {
	b, err := api.EncodeCSV([]api.Fields{
		{"External_ID__c": "SKU-1", "UnitPrice": json.Number("1234.50"), "Name": `Pump, "big"`, "IsActive": true},
		{"External_ID__c": "SKU-2", "Description": nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "Description,External_ID__c,IsActive,Name,UnitPrice\n,SKU-1,true,\"Pump, \"\"big\"\"\",1234.50\n#N/A,SKU-2,,,\n"
	if string(b) != want {
		t.Fatalf("csv\n%s\nwant\n%s", b, want)
	}
	if _, err := api.EncodeCSV([]api.Fields{{"x": 1.5}}); err == nil {
		t.Fatal("a float was written")
	}
}

// TestBulkIngestSteps runs create, upload, UploadComplete, poll and both
// result sets against the fake.
func TestBulkIngestSteps(t *testing.T) {
	f := sftest.New()
	srv := httptest.NewServer(f)
	defer srv.Close()
	_, c := system(t, yamlFor(srv.URL, ccAuth, "{}"), map[string]string{"SECRET": "secret"})
	c.SetBulkPoll(1)
	res, err := c.BulkIngest(t.Context(), api.BulkJob{Object: "Account", Operation: "upsert", ExtField: "External_ID__c", Key: "External_ID__c"},
		[]api.Fields{{"External_ID__c": "C-1", "Name": "A"}, {"External_ID__c": "C-2", "BillingCity": "X"}})
	if err != nil {
		t.Fatal(err)
	}
	if !res["C-1"].OK || !res["C-1"].Created || res["C-1"].ID == "" || res["C-2"].OK || !strings.Contains(res["C-2"].Error, "REQUIRED_FIELD_MISSING") {
		t.Fatalf("results %+v", res)
	}
	want := []string{"POST /jobs/ingest", "PUT /jobs/ingest/", "PATCH /jobs/ingest/", "GET /jobs/ingest/"}
	for i, w := range want {
		if !strings.HasPrefix(f.Log[i], w) {
			t.Fatalf("request %d %q, want %q (log %v)", i, f.Log[i], w, f.Log)
		}
	}
}
