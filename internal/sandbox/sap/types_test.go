package sap

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// get lists a set with query options, encoded as OData reads them.
func get(t *testing.T, s *Server, path string, q url.Values) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path+"?"+q.Encode(), nil)
	req.URL.RawQuery = strings.ReplaceAll(req.URL.RawQuery, "+", "%20")
	req.SetBasicAuth("u", "p")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// TestTypedFilter: literals must have the property's Edm type, as on a real
// OData v4 server: a quoted date, a quoted number against a Decimal or a bare
// number against a String is a 400 with an OData error body, and so is a
// property the entity type lacks in $filter, $orderby or $select; the
// correct forms select what they should, dates and times by value (issue 6
// item 10).
func TestTypedFilter(t *testing.T) {
	s := New(catalog.New(10, 2), Credentials{User: "u", Password: "p"})
	prices, products := PriceService+PriceSet, ProductService+ProductSet
	for _, c := range []struct {
		path string
		q    url.Values
	}{
		{prices, url.Values{"$filter": {"ConditionValidityEndDate eq '9999-12-31'"}}},
		{prices, url.Values{"$filter": {"LastChangeDateTime gt '2020-01-01'"}}},
		{prices, url.Values{"$filter": {"LastChangeDateTime gt 2020-01-01"}}},
		{prices, url.Values{"$filter": {"ConditionRecord eq 1"}}},
		{prices, url.Values{"$filter": {"ConditionRateValue gt '10'"}}},
		{prices, url.Values{"$filter": {"ConditionIsDeleted eq 'false'"}}},
		{prices, url.Values{"$filter": {"ConditionValidityEndDate eq 9999-13-31"}}},
		{prices, url.Values{"$filter": {"Nonexistent eq 'x'"}}},
		{prices, url.Values{"$orderby": {"Nonexistent"}}},
		{prices, url.Values{"$select": {"ConditionRecord,Nonexistent"}}},
		{products, url.Values{"$filter": {"ConditionRecord eq '0000000001'"}}},
	} {
		rec := get(t, s, c.path, c.q)
		var body struct {
			Error struct{ Code, Message string }
		}
		if rec.Code != http.StatusBadRequest || json.Unmarshal(rec.Body.Bytes(), &body) != nil || body.Error.Code == "" || body.Error.Message == "" {
			t.Errorf("%v: %d %s; want 400 with an OData error", c.q, rec.Code, rec.Body)
		}
	}
	for filter, want := range map[string]int{
		"ConditionValidityEndDate eq 9999-12-31":                                     10,
		"ConditionValidityStartDate gt 2025-12-31":                                   10,
		"ConditionValidityStartDate gt 2026-01-01":                                   0,
		"LastChangeDateTime gt 2000-01-01T00:00:00Z":                                 10,
		"ConditionRecord eq '0000000001'":                                            1,
		"ConditionRecord gt '0000000008' and ConditionRateValue gt 0":                2,
		"ConditionIsDeleted eq false and ConditionValidityEndDate ne null":           10,
		"ConditionRecord eq '0000000001' and ConditionValidityEndDate lt 9999-12-31": 0,
	} {
		rec := get(t, s, prices, url.Values{"$filter": {filter}, "$orderby": {"ConditionValidityEndDate,ConditionRecord"}, "$select": {"ConditionRecord,ConditionValidityEndDate"}})
		var body struct{ Value []map[string]any }
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
			t.Errorf("%s: %d %s", filter, rec.Code, rec.Body)
		} else if len(body.Value) != want {
			t.Errorf("%s: %d rows, want %d", filter, len(body.Value), want)
		}
	}
	if rec := get(t, s, products, url.Values{"$filter": {"LastChangeDate ge 2000-01-01 and GrossWeight ge 0"}}); rec.Code != http.StatusOK {
		t.Errorf("product date filter: %d %s", rec.Code, rec.Body)
	}
}
