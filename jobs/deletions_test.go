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

// deletingShelf serves its widgets and reports those in gone deleted.
type deletingShelf struct {
	shelf
	ids  []string
	gone []string
}

func (s *deletingShelf) Extract(_ context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		var p record.Page
		for _, id := range s.ids {
			b, _ := json.Marshal(widget{ID: id, Count: 1, Label: "widget"})
			p.Records = append(p.Records, record.Record{Key: id, Payload: b})
		}
		for _, id := range s.gone {
			p.Deleted = append(p.Deleted, record.Deletion{Key: id, At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.FixedZone("CET", 3600))})
		}
		p.Cursor, p.URL = from.Finish(), "shelf://widgets"
		yield(p, nil)
	}
}

// TestDeletedRecordsLeaveStaging: a record its source reports deleted
// leaves staging in the page's transaction and is counted; one staged again
// later is no longer deleted.
func TestDeletedRecordsLeaveStaging(t *testing.T) {
	decodes := 0
	sh := &deletingShelf{shelf: shelf{decodes: &decodes, written: map[string]map[string]json.RawMessage{}}, ids: []string{"w1", "w2", "w3"}}
	r, st := shelfRunner(t, &sh.shelf, sh)
	run := func() Result {
		t.Helper()
		res, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual})
		if err != nil || res.Err != nil {
			t.Fatalf("run: %v %v", err, res.Err)
		}
		return res
	}
	run()
	sh.ids, sh.gone = []string{"w1"}, []string{"w2", "w9"}
	res := run()
	n, _ := st.CountStaged(t.Context(), "widgets")
	gone, _ := st.Deleted(t.Context(), "widgets", "shelf", "w2")
	if res.Counts.Deleted != 2 || n != 2 || !gone {
		t.Fatalf("deleted %d, staged %d, w2 deleted %v; want 2 deletions counted, w1 and w3 staged, w2 deleted", res.Counts.Deleted, n, gone)
	}
	if runs, _ := st.ListRuns(t.Context(), "widgets", 1); len(runs) != 1 || runs[0].Deleted != 2 {
		t.Fatalf("run history %+v; want 2 deleted in the last run", runs)
	}
	sh.ids, sh.gone = []string{"w2"}, nil
	run()
	n, _ = st.CountStaged(t.Context(), "widgets")
	gone, _ = st.Deleted(t.Context(), "widgets", "shelf", "w2")
	if n != 3 || gone {
		t.Fatalf("after w2 came back: staged %d, deleted %v; want 3 staged and w2 no longer deleted", n, gone)
	}
}
