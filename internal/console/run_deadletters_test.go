package console

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

// manyDeadRun is a failed prices run with n rejected writes.
func manyDeadRun(t *testing.T, f *fixture, n int) int64 {
	t.Helper()
	ctx := t.Context()
	run, err := f.st.BeginRun(ctx, "prices", store.TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	var items []store.OutboxItem
	for i := range n {
		items = append(items, store.OutboxItem{Job: "prices", Target: "pim", ExternalID: fmt.Sprintf("P%04d", i), Hash: "h",
			Payload: []byte(`{"price":"10.00"}`), RunID: run})
	}
	queued, err := f.st.EnqueueDraftPushes(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	var settle []store.Settle
	for _, it := range queued {
		settle = append(settle, store.Settle{ID: it.ID, Status: store.OutboxDead, Reason: "422 below cost"})
	}
	if err := f.st.SettleOutbox(ctx, run, settle); err != nil {
		t.Fatal(err)
	}
	if err := f.st.FinishRun(ctx, run, store.StatusPartial, ""); err != nil {
		t.Fatal(err)
	}
	return run
}

var (
	dlRowRe  = regexp.MustCompile(`<td data-label="Id">(\d+)</td>`)
	dlNextRe = regexp.MustCompile(`href="(/runs/\d+\?[^"]*)" rel="next"`)
	bulkRe   = regexp.MustCompile(`(?s)<form method="post" action="/runs/\d+/discard">(.*?)</form>`)
)

// TestReviewRunPageBoundsItsDeadLetters: a run with thousands of dead
// letters rendered every one of them (20k: a 19.6 MB page in 0.6 s), and
// its "all open" forms named every open one, which beyond 10,000 fields the
// form parser refuses (400). The run page lists a bounded page of dead
// letters with the run's totals and a link on, and its bulk forms act on the
// open ones shown.
func TestReviewRunPageBoundsItsDeadLetters(t *testing.T) {
	f := opsFixture(t, nil)
	n := runDeadLettersShown + 30
	run := manyDeadRun(t, f, n)
	page, seen := fmt.Sprintf("/runs/%d", run), map[string]bool{}
	var first string
	for range 4 {
		w := f.get(t, olga, page)
		body := w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", page, w.Code)
		}
		if first == "" {
			first = body
		}
		rows := dlRowRe.FindAllStringSubmatch(body, -1)
		if len(rows) > runDeadLettersShown {
			t.Errorf("GET %s lists %d dead letters, more than %d", page, len(rows), runDeadLettersShown)
		}
		for _, r := range rows {
			if seen[r[1]] {
				t.Errorf("dead letter %s listed twice", r[1])
			}
			seen[r[1]] = true
		}
		if m := bulkRe.FindStringSubmatch(body); m == nil || strings.Count(m[1], `name="dl"`) != len(rows) {
			t.Errorf("GET %s: the bulk discard form does not name exactly the %d open dead letters shown", page, len(rows))
		}
		m := dlNextRe.FindStringSubmatch(body)
		if m == nil {
			break
		}
		page = strings.ReplaceAll(m[1], "&amp;", "&")
	}
	if len(seen) != n {
		t.Errorf("paging showed %d of %d dead letters", len(seen), n)
	}
	if want := fmt.Sprintf("Dead letters (%d, %d open)", n, n); !strings.Contains(first, want) {
		t.Errorf("the run page does not say %q", want)
	}
	form := bulkForm(t, first)
	if w := f.post(t, olga, fmt.Sprintf("/runs/%d/discard", run), form); w.Code != http.StatusOK ||
		!strings.Contains(w.Body.String(), fmt.Sprintf("%d dead letter(s) discarded", runDeadLettersShown)) {
		t.Errorf("discarding the page's open dead letters: %d", w.Code)
	}
}

// bulkForm is the page's bulk discard form filled with a reason.
func bulkForm(t *testing.T, page string) url.Values {
	t.Helper()
	m := bulkRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no bulk discard form")
	}
	form := url.Values{"reason": {"retired"}}
	for _, id := range regexp.MustCompile(`name="dl" value="(\d+)"`).FindAllStringSubmatch(m[1], -1) {
		form.Add("dl", id[1])
	}
	return form
}
