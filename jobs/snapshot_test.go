package jobs

import (
	"context"
	"encoding/json"
	"iter"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

// snapshotShelf serves its widgets one per page; snapshot marks the pass as
// reading every widget; keyless adds a record read without its key.
type snapshotShelf struct {
	shelf
	ids      []string
	snapshot bool
	keyless  bool
	// stopAfter, when set, ends the run after that many pages (a kill).
	stopAfter int
}

func (s *snapshotShelf) Extract(_ context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		start := 0
		if from.InPass() {
			start = len(strings.TrimPrefix(from.Next, "page"))
		}
		for i := start; i < len(s.ids); i++ {
			if s.stopAfter > 0 && i == s.stopAfter && start == 0 {
				return
			}
			b, _ := json.Marshal(widget{ID: s.ids[i], Count: 1, Label: "widget"})
			p := record.Page{Records: []record.Record{{Key: s.ids[i], Payload: b}}, URL: "shelf://widgets"}
			if s.keyless && i == 0 {
				p.Quarantined = []record.Quarantined{{Raw: []byte("{"), Reason: "no key"}}
			}
			p.Cursor = from
			p.Cursor.Snapshot = s.snapshot
			p.Cursor.Next = "page" + strings.Repeat("x", i+1)
			if i == len(s.ids)-1 {
				p.Cursor = p.Cursor.Finish()
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

// TestSnapshotPassDeletesWhatItDidNotRead: a pass that reads every record
// of its source (a resync after an expired delta token) deletes, once
// finished, the staged records it did not read, even when a kill split it
// over two runs; one that read a record without its key deletes nothing.
func TestSnapshotPassDeletesWhatItDidNotRead(t *testing.T) {
	decodes := 0
	sh := &snapshotShelf{shelf: shelf{decodes: &decodes, written: map[string]map[string]json.RawMessage{}}, ids: []string{"w1", "w2", "w3", "w4"}}
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
	sh.ids, sh.snapshot, sh.stopAfter = []string{"w1", "w3", "w4"}, true, 1
	if res := run(); res.Counts.Deleted != 0 {
		t.Fatalf("a snapshot pass cut after its first page deleted %d", res.Counts.Deleted)
	}
	sh.stopAfter = 0
	res := run()
	gone, _ := st.Deleted(t.Context(), "widgets", "shelf", "w2")
	n, _ := st.CountStaged(t.Context(), "widgets")
	if res.Counts.Deleted != 1 || !gone || n != 3 {
		t.Fatalf("finished snapshot pass: %d deleted, w2 deleted %v, %d staged; want w2 alone deleted", res.Counts.Deleted, gone, n)
	}
	sh.ids, sh.keyless = []string{"w1"}, true
	if res, _ := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual}); res.Counts.Deleted != 0 {
		t.Fatalf("a snapshot pass with a keyless record deleted %d; want none", res.Counts.Deleted)
	}
	if n, _ := st.CountStaged(t.Context(), "widgets"); n != 3 {
		t.Fatalf("%d staged after a snapshot pass with a keyless record; want the 3 kept", n)
	}
	sh.ids, sh.snapshot, sh.keyless = []string{"w1"}, false, false
	if res := run(); res.Counts.Deleted != 0 {
		t.Fatalf("an ordinary pass deleted %d", res.Counts.Deleted)
	}
}
