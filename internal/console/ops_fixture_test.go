package console

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
	"github.com/stewardhq/steward/quality"
)

var (
	olga  = webauth.Principal{Name: "olga@example.com", Role: webauth.Operator, Via: "oidc", CSRF: "csrf-olga"}
	opsT0 = time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
)

// opsFixture is the console with the quality and runs pages' dependencies:
// the real store, a replay that does what jobs.Runner.Replay does with the
// store (every write it sends is accepted), and product links as given.
func opsFixture(t *testing.T, link func(system, id string) string) *fixture {
	t.Helper()
	f := newFixture(t)
	clock := func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }
	f.srv = New(Deps{Review: f.st, Escalations: f.st, Audit: f.st, Quality: f.st, Runs: f.st, Config: f.cfg, Now: clock,
		Replay: storeReplay(f.st), ProductLink: link}, zerolog.Nop())
	return f
}

// storeReplay replays as a manual run: plan (audited), the target accepts
// every write, settle.
func storeReplay(st *store.Store) ReplayFunc {
	return func(ctx context.Context, job string, ids []int64, who string) (int64, store.ReplayOutcome, error) {
		run, err := st.BeginRun(ctx, job, store.TriggerManual)
		if err != nil {
			return 0, store.ReplayOutcome{}, err
		}
		defer st.ReleaseLock(ctx, job, run)
		plan, err := st.ReplayDeadLetters(ctx, job, ids, who)
		if err != nil || plan[job] == nil {
			return run, store.ReplayOutcome{}, err
		}
		var settled []store.Settle
		for _, e := range plan[job].Entries {
			settled = append(settled, store.Settle{ID: e.OutboxID, Status: store.OutboxWritten})
		}
		if err := st.SettleOutbox(ctx, run, settled); err != nil {
			return run, store.ReplayOutcome{}, err
		}
		out, err := st.SettleReplay(ctx, run, plan[job].Entries)
		return run, out, errors.Join(err, st.FinishRun(ctx, run, store.StatusSucceeded, ""))
	}
}

// opsRun records a finished run of job and returns its id.
func opsRun(t *testing.T, st *store.Store, job, trigger, status, errText string) int64 {
	t.Helper()
	ctx := t.Context()
	id, err := st.BeginRun(ctx, job, trigger)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.FinishRun(ctx, id, status, errText); err != nil {
		t.Fatal(err)
	}
	if err := st.ReleaseLock(ctx, job, id); err != nil {
		t.Fatal(err)
	}
	return id
}

// checked is a product with issues in a seeded check.
type checked struct {
	score store.ProductScore
	vs    []store.ViolationRow
}

// opsCheck stores a quality check of job by a run of trigger, at, with
// summary sum and products ps, and returns the run id.
func opsCheck(t *testing.T, st *store.Store, job, trigger string, at time.Time, sum quality.Summary, ps ...checked) int64 {
	t.Helper()
	ctx := t.Context()
	id := opsRun(t, st, job, trigger, store.StatusSucceeded, "")
	w, err := st.NewQualityWriter(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if err := w.Add(ctx, p.score, p.vs); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := json.Marshal(sum)
	q := store.QualityRun{Job: job, GeneratedAt: at.Format(time.RFC3339), Checked: sum.Checked, Passing: sum.Passing,
		Score: sum.Score, Grade: sum.Grade, Summary: string(b)}
	if err := w.Finish(ctx, q); err != nil {
		t.Fatal(err)
	}
	return id
}

// product is a product with issues: key, SKU, family, grades and its
// violations (rule/severity/channel/locale/value).
func product(key, sku, family, grades string, vs ...store.ViolationRow) checked {
	for i := range vs {
		vs[i].ProductKey, vs[i].SKU, vs[i].Family = key, sku, family
		if vs[i].Message == "" {
			vs[i].Message = vs[i].Rule + " broken"
		}
	}
	return checked{score: store.ProductScore{ProductKey: key, SKU: sku, Family: family, Violations: len(vs), Grades: grades}, vs: vs}
}
