package dataverse_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
)

// TestReviewDeltaExpiredKeepsDeletions (review rev-dv): a row deleted while
// the delta token was expired is in no delta; the full resync reads the
// table as a snapshot pass (every page's cursor says so), so staging
// deletes, once the pass finishes, the staged rows it did not read (jobs
// TestSnapshotPassDeletesWhatItDidNotRead). A delta pass is no snapshot.
func TestReviewDeltaExpiredKeepsDeletions(t *testing.T) {
	f := fake(12)
	x, _ := build(t, f, yamlConfig("track_changes"), 5)
	first := run(t, x, record.Cursor{})
	if !first.last.Snapshot {
		t.Error("the first tracked read of the whole table is not a snapshot pass")
	}
	f.Delete("accounts", accountID(3))
	delta := run(t, x, first.last)
	if delta.last.Snapshot || !slices.Contains(delta.deleted, accountID(3)) {
		t.Fatalf("delta pass: snapshot %v, deleted %v; want no snapshot and account 3 reported", delta.last.Snapshot, delta.deleted)
	}
	f.Delete("accounts", accountID(7))
	f.Expire = 1 << 30
	var snap []bool
	for p, err := range x.Extract(t.Context(), delta.last) {
		if err != nil {
			t.Fatalf("page %s: %v", p.URL, err)
		}
		snap = append(snap, p.Cursor.Snapshot)
	}
	if len(snap) == 0 || slices.Contains(snap, false) {
		t.Fatalf("resync pages' snapshot marks %v; want every page of the resync marked", snap)
	}
}

// TestReviewRemovedWithoutID (review rev-dv): a removed entity without its
// id is bad input; it must not become a deletion with an empty key.
func TestReviewRemovedWithoutID(t *testing.T) {
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"token_type":"Bearer","expires_in":3599,"access_token":"t"}`))
	})
	mux.HandleFunc("/api/data/v9.2/accounts", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Preference-Applied", "odata.track-changes")
		body := `{"@odata.context":"` + base + `/api/data/v9.2/$metadata#accounts/$delta","value":[` +
			`{"@odata.context":"` + base + `/api/data/v9.2/$metadata#accounts/$deletedEntity","reason":"deleted"},` +
			`{"@removed":{"reason":"deleted"}}` +
			`],"@odata.deltaLink":"` + base + `/api/data/v9.2/accounts?$deltatoken=2!x"}`
		_, _ = w.Write([]byte(body))
	})
	x, url := build(t, mux, yamlConfig("track_changes"), 5)
	base = url
	from := record.Cursor{Watermark: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), State: url + "/api/data/v9.2/accounts?$deltatoken=1!x"}
	for p, err := range x.Extract(t.Context(), from) {
		if err != nil {
			return // an error naming the page is fine
		}
		for _, d := range p.Deleted {
			if strings.TrimSpace(d.Key) == "" {
				t.Errorf("page %s: a removed entity without id became a deletion with an empty key", p.URL)
			}
		}
		if len(p.Quarantined) == 2 {
			return
		}
	}
}

// TestReviewTransientDeltaNoResync (review rev-dv): a delta link answered
// 408 (a timeout, retryable) has not expired; a full resync would reread the
// table and, without deletions, lose rows deleted meanwhile.
func TestReviewTransientDeltaNoResync(t *testing.T) {
	f := fake(6)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.RawQuery, "deltatoken") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestTimeout)
			_, _ = w.Write([]byte(`{"error":{"code":"","message":"timeout"}}`))
			return
		}
		f.ServeHTTP(w, r)
	})
	x, _ := build(t, h, yamlConfig("track_changes"), 5)
	first := run(t, x, record.Cursor{})
	for _, err := range x.Extract(t.Context(), first.last) {
		if err != nil {
			break
		}
	}
	if n := x.(interface{ Resyncs() int64 }).Resyncs(); n != 0 {
		t.Errorf("a 408 on the delta link started %d full resyncs", n)
	}
}
