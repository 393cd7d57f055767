package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
)

// finishingShelf is the shelf whose loader asks to be told the end of the
// write-back (load.Finisher): it notes how many writes came before each
// Finish, and may fail its writes or its Finish.
type finishingShelf struct {
	shelf
	writes, finishes []int
	failWrite        bool
	failFinish       bool
	state            bool
}

func (s *finishingShelf) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	s.writes = append(s.writes, len(items))
	if s.failWrite {
		return nil, errors.New("target down")
	}
	return s.shelf.Write(ctx, items)
}

func (s *finishingShelf) Finish(context.Context) error {
	s.finishes = append(s.finishes, len(s.writes))
	if s.failFinish {
		return errors.New("state not kept")
	}
	return nil
}

// finishingRunner is shelfRunner with the loader replaced by s.
func finishingRunner(t *testing.T, s *finishingShelf) *Runner {
	t.Helper()
	r, _ := shelfRunner(t, &s.shelf, &s.shelf)
	k := s.shelf.kind()
	k.Load = func(spec load.Spec) (load.Loader, error) { s.state = spec.State != nil; return s, nil }
	kinds := connector.NewRegistry()
	kinds.Register(k)
	r.Kinds = kinds
	return r
}

// TestWriteBackFinishesTheLoader: a loader that is a load.Finisher is
// finished once after the write-back's last write, also when a write
// failed; a failing Finish is not the run's failure. The loader got the
// system's state to keep things in.
func TestWriteBackFinishesTheLoader(t *testing.T) {
	for _, tc := range []struct {
		name       string
		failWrite  bool
		failFinish bool
		status     string
	}{
		{"written", false, false, store.StatusSucceeded},
		{"a write fails", true, false, store.StatusFailed},
		{"finish fails", false, true, store.StatusSucceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			decodes := 0
			s := &finishingShelf{shelf: shelf{decodes: &decodes, written: map[string]map[string]json.RawMessage{}}, failWrite: tc.failWrite, failFinish: tc.failFinish}
			res, _ := finishingRunner(t, s).Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual})
			if res.Status != tc.status {
				t.Fatalf("status %s (%v), want %s", res.Status, res.Err, tc.status)
			}
			if len(s.writes) == 0 || len(s.finishes) != 1 || s.finishes[0] != len(s.writes) || !s.state {
				t.Fatalf("writes %v, finished after %v writes, state handed %v; want one Finish after the last write", s.writes, s.finishes, s.state)
			}
		})
	}
}
