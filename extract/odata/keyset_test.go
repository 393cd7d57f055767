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
	e := &Extractor{entity: api.Entity{Key: []string{"Product", "Plant"}, Select: []string{"Product", "Plant", "Weight"}, Filter: "Type eq 'X'"},
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
