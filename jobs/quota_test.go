package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/store"
)

// quotaShelf yields one page of widgets, then stops at its quota.
type quotaShelf struct{ shelf }

func (s *quotaShelf) Extract(_ context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		b, _ := json.Marshal(widget{ID: "w0", Count: 1})
		cur := from
		cur.Next = "page-2"
		if !yield(record.Page{Records: []record.Record{{Key: "w0", Payload: b}}, Cursor: cur, URL: "shelf://widgets"}, nil) {
			return
		}
		yield(record.Page{URL: "shelf://widgets?page=2"}, fmt.Errorf("read page 2: %w", retry.ErrQuotaReserve))
	}
}

// TestQuotaReserveEndsTheRunPartial: a source that stops at its API quota
// ends the run "partial", with the pages read before it stored and the
// cursor inside the pass, so the next run continues.
func TestQuotaReserveEndsTheRunPartial(t *testing.T) {
	decodes := 0
	sh := &quotaShelf{shelf{decodes: &decodes, written: map[string]map[string]json.RawMessage{}}}
	r, _ := shelfRunner(t, &sh.shelf, sh)
	res, _ := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual})
	if res.Status != store.StatusPartial || !errors.Is(res.Err, retry.ErrQuotaReserve) || res.Counts.Staged != 1 {
		t.Fatalf("status %s, err %v, staged %d; want partial at the quota with the first page staged", res.Status, res.Err, res.Counts.Staged)
	}
}
