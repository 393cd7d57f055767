package hubspot_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stewardhq/steward/load"
)

// TestDocumentedUpsertBody sends the documented batch upsert body (PROTOCOLS
// 3.4): inputs with idProperty hs_sku, id = the SKU, string properties and
// objectWriteTraceId = the outbox id; and maps a documented 207 StandardError
// back by objectWriteTraceId.
func TestDocumentedUpsertBody(t *testing.T) {
	var mu sync.Mutex
	var upsert string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/crm/v3/objects/products/batch/read":
			_, _ = w.Write([]byte(`{"status":"COMPLETE","results":[]}`))
		case "/crm/v3/objects/products/batch/upsert":
			mu.Lock()
			upsert = string(b)
			mu.Unlock()
			w.WriteHeader(207)
			_, _ = w.Write([]byte(`{"status":"COMPLETE","results":[{"id":"1","properties":{"hs_sku":"SKU-1"},"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","archived":false,"new":true}],` +
				`"numErrors":1,"errors":[{"status":"error","category":"VALIDATION_ERROR","message":"Property values were not valid","errors":[{"message":"price must be a number","code":"INVALID_DECIMAL","in":"price"}],"context":{"objectWriteTraceId":["8"]},"links":{}}],` +
				`"startedAt":"2026-01-01T00:00:00Z","completedAt":"2026-01-01T00:00:01Z"}`))
		default:
			w.WriteHeader(404)
		}
	})
	l := loaderFor(t, h, "products", 100)
	out, err := l.Write(t.Context(), []load.Item{
		{ID: 7, ExternalID: "SKU-1", Fields: fields("price", `{"amount":"12.5","currency":"EUR"}`)},
		{ID: 8, ExternalID: "SKU-2", Fields: fields("price", `{"amount":"1","currency":"EUR"}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"inputs":[{"id":"SKU-1","idProperty":"hs_sku","properties":{"price":"12.50"},"objectWriteTraceId":"7"},{"id":"SKU-2","idProperty":"hs_sku","properties":{"price":"1.00"},"objectWriteTraceId":"8"}]}`
	if upsert != want {
		t.Fatalf("upsert body\n%s\nwant\n%s", upsert, want)
	}
	if out[0].Status != load.Written || out[1].Status != load.Rejected || !strings.Contains(out[1].Reason, "INVALID_DECIMAL") {
		t.Fatalf("outcomes %+v", out)
	}
	var v any
	if json.Unmarshal([]byte(upsert), &v) != nil {
		t.Fatal("body is not JSON")
	}
}
