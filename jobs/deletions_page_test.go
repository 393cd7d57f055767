package jobs

import (
	"context"
	"encoding/json"
	"iter"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

// churnShelf serves one page of widgets with their change times and
// deletions with theirs.
type churnShelf struct {
	shelf
	recs []record.Record
	gone []record.Deletion
}

func (s *churnShelf) Extract(_ context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		p := record.Page{Records: s.recs, Deleted: s.gone, URL: "shelf://widgets"}
		p.Cursor = from.Finish()
		yield(p, nil)
	}
}

// TestPageDeletionLosesToALaterRecord: a page holding a record and a
// deletion of the same key keeps the record when it was updated at or after
// the deletion (re-created after it), or when the deletion has no time; the
// deletion applies to a record updated before it, which is then neither
// staged nor written.
func TestPageDeletionLosesToALaterRecord(t *testing.T) {
	t1, t2 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 11, 0, 0, 0, time.FixedZone("CET", 3600))
	rec := func(id string, at time.Time) record.Record {
		b, _ := json.Marshal(widget{ID: id, Count: 5, Label: "widget"})
		return record.Record{Key: id, Updated: at, Payload: b}
	}
	sh := &churnShelf{shelf: shelf{decodes: new(int), written: map[string]map[string]json.RawMessage{}},
		recs: []record.Record{rec("recreated", t2), rec("stale", t1), rec("same", t1), rec("untimed", t1)},
		gone: []record.Deletion{{Key: "recreated", At: t1}, {Key: "stale", At: t2}, {Key: "same", At: t1.In(time.FixedZone("CET", 3600))},
			{Key: "untimed"}, {Key: "only", At: t1}}}
	r, st := shelfRunner(t, &sh.shelf, sh)
	res, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual})
	if err != nil || res.Err != nil {
		t.Fatalf("run: %v %v", err, res.Err)
	}
	for key, wantGone := range map[string]bool{"recreated": false, "same": false, "untimed": false, "stale": true, "only": true} {
		gone, err := st.Deleted(t.Context(), "widgets", "shelf", key)
		_, staged, _ := st.StagedPayload(t.Context(), "widgets", "shelf", key)
		_, written := sh.written[key]
		if err != nil || gone != wantGone || staged == wantGone || (key != "only" && written == wantGone) {
			t.Errorf("%s: deleted %v, staged %v, written %v (%v); want deleted %v", key, gone, staged, written, err, wantGone)
		}
	}
	if res.Counts.Deleted != 2 || res.Counts.Staged != 3 {
		t.Errorf("counts %+v; want 2 deletions applied, 3 records staged", res.Counts)
	}
}
