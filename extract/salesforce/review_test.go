package salesforce_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// TestExpiredLocatorInOverlapOnce: an incremental pass whose locator expires
// while it is still inside the overlap window (below the last watermark)
// restarts at its highest stamp and must not deliver again the records of
// this pass already delivered at that stamp.
func TestExpiredLocatorInOverlapOnce(t *testing.T) {
	f := fakeWith(12) // stamps epoch+0s ×3, +1s ×3, +2s ×3, +3s ×3
	s := serve(t, f)
	x := build(t, strings.Replace(fakeConfig(s.srv.URL, 4), "overlap: 1s", "overlap: 10s", 1), env)
	first, err := pages(t.Context(), x, record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	last := first[len(first)-1].Cursor
	var got []string
	var cur record.Cursor
	for p, err := range x.Extract(t.Context(), last) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, keys([]record.Page{p})...)
		cur = p.Cursor
		break // killed after the first page (stamps +0s ×3, +1s ×1)
	}
	f.ExpireLocators()
	rest, err := pages(t.Context(), x, cur)
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, keys(rest)...)
	seen := map[string]int{}
	var dups []string
	for _, k := range got {
		if seen[k]++; seen[k] == 2 {
			dups = append(dups, k)
		}
	}
	// The overlap re-reads the 9 records below the watermark; the 3 at it
	// were delivered by the first pass. Each once within this pass.
	if len(seen) != 9 || len(dups) > 0 {
		t.Fatalf("second pass after an expired locator: %d distinct of 9, %d reads, delivered twice: %v", len(seen), len(got), dups)
	}
}

// strictDeleted answers the deleted-records feed as Salesforce documents
// getDeleted: a start that does not precede end by more than one minute is
// 400 INVALID_REPLICATION_DATE; everything else goes to the fake.
func strictDeleted(t *testing.T, f http.Handler) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/deleted/") {
			start, err1 := time.Parse(time.RFC3339Nano, r.URL.Query().Get("start"))
			end, err2 := time.Parse(time.RFC3339Nano, r.URL.Query().Get("end"))
			if err1 != nil || err2 != nil || end.Sub(start) <= time.Minute {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`[{"message":"startDate must chronologically precede endDate by more than one minute","errorCode":"INVALID_REPLICATION_DATE"}]`))
				return
			}
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestDeletedWindowOverOneMinute: a first pass that takes less than a
// minute, and a pass right after it, end without asking the deleted-records
// feed for a window Salesforce refuses (start not more than one minute
// before end): the window is read by a later pass instead.
func TestDeletedWindowOverOneMinute(t *testing.T) {
	f := fakeWith(3)
	srv := strictDeleted(t, f)
	x := build(t, fakeConfig(srv.URL, 10), env)
	first, err := pages(t.Context(), x, record.Cursor{})
	if err != nil {
		t.Fatalf("first pass: %v", err)
	}
	if _, err := pages(t.Context(), x, first[len(first)-1].Cursor); err != nil {
		t.Fatalf("pass right after: %v", err)
	}
}

// TestLeadCreated: a lead's creation time (CreatedDate) is read into the
// canonical lead's created by default.
func TestLeadCreated(t *testing.T) {
	f := sftest.New()
	f.Put("Lead", sftest.Rec{"Id": "00Q000000000000001", "Email": "jo@acme.example", "LastName": "Doe", "Company": "Acme",
		"CreatedDate": "2025-03-01T07:00:00.000+0000", "SystemModstamp": sftest.Stamp(epoch)})
	s := serve(t, f)
	ps, err := pages(t.Context(), build(t, configFor(s.srv.URL, "leads", "Lead"), env), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	var l transform.Lead
	if err := json.Unmarshal(ps[0].Records[0].Payload, &l); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 3, 1, 7, 0, 0, 0, time.UTC); !l.Created.Equal(want) {
		t.Fatalf("lead created %s, want %s", l.Created, want)
	}
}

// TestDeletedDateUnreadable: a deleted-records entry whose deletedDate is
// not a datetime is an error naming the record, never a deletion at the
// zero time.
func TestDeletedDateUnreadable(t *testing.T) {
	f := fakeWith(3)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/deleted/") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"deletedRecords":[{"id":"001A00000000009","deletedDate":"yesterday"}],"earliestDateAvailable":"2025-03-01T00:00:00.000+0000","latestDateCovered":"2025-03-01T00:00:00.000+0000"}`))
			return
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ps, err := pages(t.Context(), build(t, fakeConfig(srv.URL, 10), env), record.Cursor{Watermark: time.Now().Add(-time.Hour)})
	if err == nil {
		t.Fatalf("deletions %+v, want an error for the unreadable deletedDate", ps[len(ps)-1].Deleted)
	}
	if !strings.Contains(err.Error(), "001A00000000009") {
		t.Fatalf("error %v does not name the record", err)
	}
}

// TestDeletedLogPurged: when the delete log was purged past the feed's
// start, Salesforce answers INVALID_REPLICATION_DATE ("do a full pull").
// The pass's records are still stored with a finished cursor (the job is
// not wedged on its last page run after run), the loss is an error naming
// the window, and the next pass reads the feed from where that one ended.
func TestDeletedLogPurged(t *testing.T) {
	f := fakeWith(6)
	purged := time.Now().UTC().Add(-10 * time.Minute)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/deleted/") {
			if start, err := time.Parse(time.RFC3339Nano, r.URL.Query().Get("start")); err != nil || start.Before(purged) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`[{"message":"startDate is before the earliest date available","errorCode":"INVALID_REPLICATION_DATE"}]`))
				return
			}
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	x := build(t, fakeConfig(srv.URL, 4), env)
	var last record.Page
	var got []string
	var perr error
	for p, err := range x.Extract(t.Context(), record.Cursor{Watermark: epoch.Add(-time.Hour)}) {
		if err != nil {
			perr = err
			break
		}
		got = append(got, keys([]record.Page{p})...)
		last = p
	}
	if perr == nil || !strings.Contains(perr.Error(), "INVALID_REPLICATION_DATE") {
		t.Fatalf("purged delete log gave %v, want an error saying so", perr)
	}
	if last.Cursor.InPass() || len(got) != 6 {
		t.Fatalf("purged delete log: %d of 6 records delivered, last cursor in pass: %v; the job is wedged on its last page", len(got), last.Cursor.InPass())
	}
	if _, err := pages(t.Context(), x, last.Cursor); err != nil {
		t.Fatalf("pass after the purge: %v", err)
	}
}
