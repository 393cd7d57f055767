package salesforce_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/retry"
)

// answering serves one body with a status for every API request.
func answering(t *testing.T, status int, body string) *api.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/services/oauth2/token" {
			fmt.Fprintf(w, `{"access_token":"00D!x","signature":"s","scope":"api","instance_url":"http://%s","id":"x","token_type":"Bearer","issued_at":"1714557600000"}`, r.Host)
			return
		}
		w.Header().Set("Sforce-Limit-Info", "api-usage=25/5000")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	_, c := system(t, yamlFor(srv.URL, ccAuth, "{}"), map[string]string{"SECRET": "secret"})
	return c
}

// TestDocumentedQueryPage reads PROTOCOLS §2.3's page shape.
func TestDocumentedQueryPage(t *testing.T) {
	c := answering(t, 200, `{"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v59.0/query/01gD0000002HU6KIAW-2000",`+
		`"records":[{"attributes":{"type":"Product2","url":"/services/data/v59.0/sobjects/Product2/01t000000000001"},"Id":"01t000000000001"}]}`)
	p, err := c.Query(t.Context(), c.QueryURL("SELECT Id FROM Product2"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Done || p.TotalSize != 3 || p.Next != "/services/data/v59.0/query/01gD0000002HU6KIAW-2000" || len(p.Records) != 1 {
		t.Fatalf("%+v", p)
	}
	if st := c.Quota().State(); st.Used != 25 || st.Max != 5000 {
		t.Fatalf("quota %+v", st)
	}
}

// TestDocumentedErrors reads §2.5's error array and §2.6's limit error.
func TestDocumentedErrors(t *testing.T) {
	c := answering(t, 400, `[{"message":"No such column 'Colour__c' on entity 'Account'","errorCode":"INVALID_FIELD","fields":["Colour__c"]}]`)
	_, err := c.Query(t.Context(), c.QueryURL("SELECT Colour__c FROM Account"))
	ae, ok := api.AsAPIError(err)
	if !ok || !ae.Has("INVALID_FIELD") || !strings.Contains(err.Error(), "fields Colour__c") {
		t.Fatalf("err %v", err)
	}
	c = answering(t, 403, `[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]`)
	_, err = c.Query(t.Context(), c.QueryURL("SELECT Id FROM Account"))
	if !errors.Is(err, retry.ErrQuotaReserve) || retry.Error(err) != retry.Permanent {
		t.Fatalf("403 REQUEST_LIMIT_EXCEEDED: %v", err)
	}
}

// TestDocumentedUpsertResults reads §2.4's UpsertResult array with a
// per-record error.
func TestDocumentedUpsertResults(t *testing.T) {
	c := answering(t, 200, `[{"id":"001000000000001","success":true,"errors":[],"created":true},`+
		`{"success":false,"errors":[{"statusCode":"REQUIRED_FIELD_MISSING","message":"Required fields are missing: [Name]","fields":["Name"]}]}]`)
	rs, err := c.UpsertCollection(t.Context(), "Account", "External_ID__c", []api.Fields{{"External_ID__c": "a"}, {"External_ID__c": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if !rs[0].Created || rs[1].Success || api.Join(rs[1].Errors) != "REQUIRED_FIELD_MISSING: Required fields are missing: [Name] (fields Name)" {
		t.Fatalf("%+v", rs)
	}
	if _, err := c.UpsertCollection(t.Context(), "Account", "External_ID__c", []api.Fields{{}}); err == nil {
		t.Fatal("two results for one record were taken")
	}
}
