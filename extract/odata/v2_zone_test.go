package odata_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// TestV2TimeZone: an on-premise SAP system stamps New York wall clock time
// (time_zone: America/New_York). Change times are read in that zone and
// kept in UTC; filter literals are written as its wall clock days. When
// daylight saving time ends (2026-11-01 06:00 UTC, 02:00 EDT → 01:00 EST)
// the hour 01:00-02:00 repeats: a change at 01:10 EST (06:10 UTC) comes
// after one at 01:30 EDT (05:30 UTC) and must not be dropped as before the
// watermark.
func TestV2TimeZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	emu := bpEmulator(30)
	emu.SetZone(ny)
	var mu sync.Mutex
	var filters []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		filters = append(filters, r.URL.Query().Get("$filter"))
		mu.Unlock()
		emu.ServeHTTP(w, r)
	})
	x := v2ExtractorEdited(t, h, "keyset", 4, func(s string) string {
		return strings.Replace(s, "paging: keyset", "paging: keyset\n          time_zone: America/New_York", 1)
	})
	_, cur := v2Pass(t, x, record.Cursor{})
	touch := func(id string, at time.Time) map[string]record.Record {
		emu.SetClock(func() time.Time { return at })
		emu.TouchPartner(id)
		mu.Lock()
		filters = nil
		mu.Unlock()
		var recs []record.Record
		recs, cur = v2Pass(t, x, cur)
		out := map[string]record.Record{}
		for _, r := range recs {
			out[r.Key] = r
		}
		return out
	}
	first, second := sap.PartnerID(1), sap.PartnerID(2)
	if got := touch(first, time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)); !got[first].Updated.Equal(time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)) {
		t.Fatalf("01:30 EDT read as %v, want 05:30 UTC", got[first].Updated)
	}
	if got := touch(second, time.Date(2026, 11, 1, 6, 10, 0, 0, time.UTC)); got[second].Key == "" {
		t.Fatalf("the change at 01:10 EST, after the watermark %v, was dropped", cur.Watermark)
	}
	third := sap.PartnerID(4)
	evening := time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC) // 2026-11-01 21:00 EST
	got := touch(third, evening)
	if r := got[third]; !r.Updated.Equal(evening) || r.Updated.Location() != time.UTC {
		t.Fatalf("21:00 EST read as %v, want %v", r.Updated, evening)
	}
	emu.SetClock(func() time.Time { return evening.Add(time.Hour) })
	filters = nil
	v2Pass(t, x, cur)
	// The watermark's New York day is 2026-11-01 (UTC: 11-02); from the
	// day before.
	want := "CreationDate ge datetime'2026-10-31T00:00:00'"
	if len(filters) == 0 || !strings.Contains(filters[0], want) {
		t.Errorf("filters %q; want the first to hold %q", filters, want)
	}
}
