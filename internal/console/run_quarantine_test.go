package console

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

var (
	qRowRe  = regexp.MustCompile(`<td data-label="Record" class="mono">(Q\d+)</td>`)
	qNextRe = regexp.MustCompile(`href="(/runs/\d+\?[^"]*)" rel="next"`)
)

// TestReviewRunPagePagesItsQuarantine: a run that quarantined more records
// than one page shows listed the first 500 and said nothing of the rest
// (no other command lists them); the run page pages through all of them.
func TestReviewRunPagePagesItsQuarantine(t *testing.T) {
	f := opsFixture(t, nil)
	ctx := t.Context()
	run, err := f.st.BeginRun(ctx, "prices", store.TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	n := runQuarantineShown + 20
	var qs []record.Quarantined
	for i := range n {
		qs = append(qs, record.Quarantined{Key: fmt.Sprintf("Q%04d", i), Raw: []byte(`{}`), Reason: "bad"})
	}
	page := store.PageCommit{RunID: run, Job: "prices", Stream: "live", PageURL: "https://erp.example.com/p?page=1",
		Quarantine: qs, Counts: store.Counts{Read: n, Quarantined: n, Pages: 1}}
	if err := f.st.CommitPage(ctx, page); err != nil {
		t.Fatal(err)
	}
	if err := f.st.FinishRun(ctx, run, store.StatusPartial, ""); err != nil {
		t.Fatal(err)
	}
	target, seen := fmt.Sprintf("/runs/%d", run), map[string]bool{}
	for range 4 {
		w := f.get(t, viewer, target)
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", target, w.Code)
		}
		body := w.Body.String()
		for _, m := range qRowRe.FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Errorf("%s listed twice", m[1])
			}
			seen[m[1]] = true
		}
		m := qNextRe.FindStringSubmatch(body)
		if m == nil {
			break
		}
		target = strings.ReplaceAll(m[1], "&amp;", "&")
	}
	if len(seen) != n {
		t.Errorf("the run page shows %d of %d quarantined records", len(seen), n)
	}
}
