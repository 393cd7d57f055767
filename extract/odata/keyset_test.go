package odata

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/odata"
)

// TestKeysetQuery: the first request orders by cursor and key with $top and
// selects them; the next adds the rows-after clause (issue 6 item 10).
func TestKeysetQuery(t *testing.T) {
	e := &Extractor{entity: api.Entity{Key: []string{"Product", "Plant"}, Select: []string{"Product", "Plant", "Weight"}, Filter: "Type eq 'X'",
		KeyTypes: map[string]string{"Plant": api.EdmInt32}},
		job: config.Job{Extract: config.Extract{CursorField: "Changed", PageSize: 50}}, mapper: mapper{cursorField: "Changed"}}
	lower := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	q := e.query(bounds{lower: lower}, nil)
	if q.Filter != "Changed ge 2026-01-02T03:04:05Z and (Type eq 'X')" || strings.Join(q.OrderBy, ",") != "Changed,Product,Plant" || q.Top != 50 || strings.Join(q.Select, ",") != "Product,Plant,Weight,Changed" {
		t.Fatalf("first query %+v", q)
	}
	p, err := e.positionOf(json.RawMessage(`{"Changed":"2026-01-02T03:04:05.123Z","Product":"O'Neil","Plant":1010}`), false)
	if err != nil {
		t.Fatal(err)
	}
	q = e.query(bounds{lower: lower}, &p)
	want := "Changed ge 2026-01-02T03:04:05Z and (Type eq 'X') and ((Changed gt 2026-01-02T03:04:05.123Z) or " +
		"(Changed eq 2026-01-02T03:04:05.123Z and Product gt 'O''Neil') or " +
		"(Changed eq 2026-01-02T03:04:05.123Z and Product eq 'O''Neil' and Plant gt 1010))"
	if q.Filter != want {
		t.Fatalf("next filter\n got %s\nwant %s", q.Filter, want)
	}
	// A pass without bounds reads the null stretch first, by key, then the rest.
	e.entity.Filter = ""
	if q := e.stretch(bounds{}, true, nil, 50); q.Filter != "Changed eq null" || strings.Join(q.OrderBy, ",") != "Product,Plant" {
		t.Fatalf("null stretch query %+v", q)
	}
	p.cursor = ""
	if q := e.stretch(bounds{}, true, &p, 5); q.Filter != "Changed eq null and ((Product gt 'O''Neil') or (Product eq 'O''Neil' and Plant gt 1010))" || q.Top != 5 {
		t.Fatalf("null stretch next query %+v", q)
	}
	if q := e.query(bounds{}, nil); q.Filter != "Changed ne null" || strings.Join(q.OrderBy, ",") != "Changed,Product,Plant" {
		t.Fatalf("rest query %+v", q)
	}
	e.entity.Paging = api.PagingServer
	if q := e.query(bounds{}, nil); q.Top != 0 || strings.Join(q.OrderBy, ",") != "Product,Plant" {
		t.Fatalf("server paging query %+v", q)
	}
}

// TestKeysetTypedLiterals: key literals follow the key's Edm type, not the
// JSON shape: a date, a GUID and an Int64 that arrives as a string are bare;
// a value that is not of its type is an error naming the entity and
// property, and no query is built from it (issue 6 item 10).
func TestKeysetTypedLiterals(t *testing.T) {
	e := &Extractor{entity: api.Entity{Key: []string{"ConditionValidityEndDate", "Id", "Seq"},
		KeyTypes: map[string]string{"ConditionValidityEndDate": api.EdmDate, "Id": api.EdmGuid, "Seq": api.EdmInt64}},
		job: config.Job{Extract: config.Extract{Entity: "validity", CursorField: "Changed", PageSize: 10}}, mapper: mapper{cursorField: "Changed"}}
	p, err := e.positionOf(json.RawMessage(`{"Changed":"2026-01-02T03:04:05Z","ConditionValidityEndDate":"9999-12-31",`+
		`"Id":"6f1c2d3e-0a1b-4c5d-8e9f-0123456789ab","Seq":"9007199254740993"}`), false)
	if err != nil {
		t.Fatal(err)
	}
	want := "(Changed gt 2026-01-02T03:04:05Z) or (Changed eq 2026-01-02T03:04:05Z and ConditionValidityEndDate gt 9999-12-31) or " +
		"(Changed eq 2026-01-02T03:04:05Z and ConditionValidityEndDate eq 9999-12-31 and Id gt 6f1c2d3e-0a1b-4c5d-8e9f-0123456789ab) or " +
		"(Changed eq 2026-01-02T03:04:05Z and ConditionValidityEndDate eq 9999-12-31 and Id eq 6f1c2d3e-0a1b-4c5d-8e9f-0123456789ab and Seq gt 9007199254740993)"
	if got := e.after(p); got != "("+want+")" {
		t.Fatalf("after\n got %s\nwant (%s)", got, want)
	}
	_, err = e.lastPosition([]json.RawMessage{json.RawMessage(`{"Changed":"2026-01-02T03:04:05Z","ConditionValidityEndDate":"31.12.9999",` +
		`"Id":"6f1c2d3e-0a1b-4c5d-8e9f-0123456789ab","Seq":"1"}`)}, false)
	if err == nil || !strings.Contains(err.Error(), "entity validity, key property ConditionValidityEndDate") || !strings.Contains(err.Error(), "Edm.Date") {
		t.Fatalf("bad date: %v", err)
	}
}
