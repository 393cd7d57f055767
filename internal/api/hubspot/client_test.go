package hubspot_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
)

func searchAll() api.SearchRequest {
	return api.SearchRequest{
		FilterGroups: []api.FilterGroup{{Filters: []api.Filter{{PropertyName: "hs_lastmodifieddate", Operator: "GTE", Value: "0"}}}},
		Sorts:        []api.Sort{{PropertyName: "hs_lastmodifieddate", Direction: "ASCENDING"}},
		Properties:   []string{"name"}, Limit: 2,
	}
}

// TestListDocumentedPage decodes the documented list page: results, paging
// next after and link; paging absent on the last page.
func TestListDocumentedPage(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("after") == "" {
			_, _ = w.Write([]byte(`{"results":[{"id":"1","properties":{"name":"A","zip":null},"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-02T00:00:00Z","archived":false}],` +
				`"paging":{"next":{"after":"NTI1Cg%3D%3D","link":"http://` + r.Host + `/crm/v3/objects/companies?after=NTI1Cg%3D%3D"}}}`))
			return
		}
		_, _ = w.Write([]byte(`{"results":[]}`))
	})
	cl, _ := setup(t, h, "", newClock())
	p, err := cl.List(t.Context(), cl.ListURL("companies", []string{"name"}, 100, false))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Results) != 1 || p.After != "NTI1Cg%3D%3D" || !strings.Contains(p.Link, "after=") {
		t.Fatalf("page %+v", p)
	}
	last, err := cl.List(t.Context(), p.Link)
	if err != nil || last.After != "" || last.Link != "" {
		t.Fatalf("last page %+v, %v", last, err)
	}
}

// TestListWithoutResultsIsError: a page without its results array is never
// an empty page.
func TestListWithoutResultsIsError(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"paging":{}}`))
	})
	cl, _ := setup(t, h, "", newClock())
	if _, err := cl.List(t.Context(), cl.ListURL("companies", nil, 1, false)); !errors.Is(err, api.ErrNoItems) {
		t.Fatalf("err %v, want ErrNoItems", err)
	}
}

// TestSearchBody sends the documented search body (object-form sorts,
// limit, after) and pages by the server's after.
func TestSearchBody(t *testing.T) {
	f := hubspottest.New(token)
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, id := range []string{"1", "2", "3"} {
		f.Put("companies", id, map[string]string{"name": "N" + id}, base.Add(time.Duration(i)*time.Second))
	}
	cl, _ := setup(t, f, "", newClock())
	p, err := cl.Search(t.Context(), "companies", searchAll())
	if err != nil || len(p.Results) != 2 || p.After != "2" || p.Total != 3 {
		t.Fatalf("page %+v, %v", p, err)
	}
}

// TestErrorBodyDescribed: the documented error body becomes the error's
// text with its category and the detail codes.
func TestErrorBodyDescribed(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"status":"error","message":"Property values were not valid","correlationId":"aeb5f871-7f07-4993-9211-075dc63e7cbf","category":"VALIDATION_ERROR","errors":[{"message":"Property \"x\" does not exist","code":"PROPERTY_DOESNT_EXIST","in":"x"}]}`))
	})
	cl, _ := setup(t, h, "", newClock())
	_, err := cl.BatchWrite(t.Context(), "companies", "upsert", []api.Input{{ID: "C-1", IDProperty: "steward_external_id", Properties: map[string]string{"x": "1"}}})
	var se *api.StatusError
	if !errors.As(err, &se) || se.Status != 400 || !strings.Contains(err.Error(), "VALIDATION_ERROR") || !strings.Contains(err.Error(), "PROPERTY_DOESNT_EXIST") {
		t.Fatalf("err %v", err)
	}
}

// TestBatchTooLarge refuses more than 100 inputs before sending.
func TestBatchTooLarge(t *testing.T) {
	f := hubspottest.New(token)
	cl, _ := setup(t, f, "", newClock())
	if _, err := cl.BatchWrite(t.Context(), "companies", "upsert", make([]api.Input, 101)); err == nil || len(f.Requests) != 0 {
		t.Fatalf("err %v, requests %d", err, len(f.Requests))
	}
}
