package main

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/store"
)

// TestDraftIDsOutsideTheFiltersAreAUsageError (issue 6 item 1 review): ids
// given with --kind, --family or --locale that exclude them refuse the command
// (exit 2, naming the draft and the filter), rather than acting on them anyway
// (approve, reject) or on none of them while saying "0 of 0" (push).
func TestDraftIDsOutsideTheFiltersAreAUsageError(t *testing.T) {
	t.Parallel()
	_, cfg := startSandboxWith(t, 120, 34, sandbox.ConfigOptions{Generator: "template"})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	d := descriptionDrafts(t, st, store.DraftPending)[0]
	id := itoa(int(d.ID))
	for _, args := range [][]string{
		{"drafts", "approve", id, "--kind", "correction", "--reviewer", "ana"},
		{"drafts", "reject", id, "--family", "no-such-family", "--reason", "x", "--reviewer", "ana"},
	} {
		if _, msg, code := stewardErr(t, append(args, "--config", cfg)...); code != 2 || !strings.Contains(msg, "draft "+id) {
			t.Errorf("%s: exit %d, %q; want 2 naming draft %s", strings.Join(args, " "), code, msg, id)
		}
	}
	if got, _ := st.Drafts(t.Context(), store.DraftFilter{IDs: []int64{d.ID}}); got[0].Status != store.DraftPending {
		t.Fatalf("a refused command changed the draft to %s", got[0].Status)
	}
	if _, code := steward(t, "drafts", "approve", id, "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatal("approve failed")
	}
	out, msg, code := stewardErr(t, "drafts", "push", id, "--kind", "correction", "--config", cfg)
	if code != 2 || !strings.Contains(msg, "--kind correction") {
		t.Errorf("push of a description with --kind correction: exit %d, %q, %q; want 2", code, msg, out)
	}
}
