package console

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

// runIDs returns the run ids the runs table lists, in order.
func runIDs(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`data-label="Run"><a href="/runs/(\d+)">`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestRunsPageFiltersAndPages(t *testing.T) {
	f := opsFixture(t, nil)
	ok := opsRun(t, f.st, "prices", store.TriggerSchedule, store.StatusSucceeded, "")
	failed := opsRun(t, f.st, "prices", store.TriggerManual, store.StatusFailed, "boom")
	back := opsRun(t, f.st, "products", store.TriggerBackfill, store.StatusPartial, "")
	if err := f.st.SetRunStream(t.Context(), back, "backfill:2026-10-01T00:00:00Z/2026-10-02T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	s := func(id int64) string { return strconv.FormatInt(id, 10) }
	for query, want := range map[string][]string{
		"":                  {s(back), s(failed), s(ok)},
		"?status=failed":    {s(failed)},
		"?trigger=backfill": {s(back)},
		"?job=prices":       {s(failed), s(ok)},
		"?job=prices&trigger=schedule&status=succeeded": {s(ok)},
	} {
		w := f.get(t, viewer, "/runs"+query)
		if got := runIDs(w.Body.String()); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("/runs%s lists %v, want %v", query, got, want)
		}
	}
	body := f.get(t, viewer, "/runs").Body.String()
	for _, want := range []string{"backfill 2026-10-01T00:00:00Z to 2026-10-02T00:00:00Z", " UTC</td>", ">live<", ">partial<", `<span class="muted">boom</span>`} {
		if !strings.Contains(body, want) {
			t.Errorf("runs page lacks %s", want)
		}
	}
	for _, bad := range []string{"?status=done", "?trigger=cron", "?before=x"} {
		if w := f.get(t, viewer, "/runs"+bad); w.Code != http.StatusBadRequest {
			t.Errorf("GET /runs%s: %d, want 400", bad, w.Code)
		}
	}
}

func TestRunsKeysetPaging(t *testing.T) {
	f := opsFixture(t, nil)
	for range 120 {
		opsRun(t, f.st, "prices", store.TriggerSchedule, store.StatusSucceeded, "")
	}
	opsRun(t, f.st, "other", store.TriggerSchedule, store.StatusSucceeded, "")
	next := regexp.MustCompile(`href="(/runs\?[^"]*)" rel="next"`)
	page, seen := "/runs?job=prices", []string{}
	for range 4 {
		body := f.get(t, viewer, page).Body.String()
		seen = append(seen, runIDs(body)...)
		m := next.FindStringSubmatch(body)
		if m == nil {
			break
		}
		page = strings.ReplaceAll(m[1], "&amp;", "&")
	}
	if len(seen) != 120 || seen[0] != "120" || seen[119] != "1" {
		t.Fatalf("paged through %d runs: first %v", len(seen), seen[:3])
	}
}

// deadRun is a failed prices run with two rejected writes and a
// quarantined record; it returns the run and the dead letters' ids.
func deadRun(t *testing.T, f *fixture) (int64, []int64) {
	t.Helper()
	ctx := t.Context()
	run, err := f.st.BeginRun(ctx, "prices", store.TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	var settle []store.Settle
	for _, ext := range []string{"A", "B"} {
		items, err := f.st.EnqueueDraftPushes(ctx, []store.OutboxItem{{Job: "prices", Target: "pim", ExternalID: ext, Hash: "h" + ext,
			Payload: []byte(`{"price":"10.00"}`), RunID: run}})
		if err != nil {
			t.Fatal(err)
		}
		settle = append(settle, store.Settle{ID: items[0].ID, Status: store.OutboxDead, Reason: "422 price of " + ext + " below cost"})
	}
	if err := f.st.SettleOutbox(ctx, run, settle); err != nil {
		t.Fatal(err)
	}
	page := store.PageCommit{RunID: run, Job: "prices", Stream: "live", PageURL: "https://robot:pw@erp.example.com/prices?page=3&access_token=SECRET-1",
		Quarantine: []record.Quarantined{{Key: "P-9", Raw: []byte(`{"price":"ten"}`), Reason: "price: \"ten\" is not a decimal"}},
		Counts:     store.Counts{Read: 3, Quarantined: 1, Pages: 1}}
	if err := f.st.CommitPage(ctx, page); err != nil {
		t.Fatal(err)
	}
	if err := f.st.FinishRun(ctx, run, store.StatusFailed, "write prices: https://erp.example.com/x?token=SECRET-2 answered 500"); err != nil {
		t.Fatal(err)
	}
	if err := f.st.ReleaseLock(ctx, "prices", run); err != nil {
		t.Fatal(err)
	}
	dls, err := f.st.RunDeadLetters(ctx, run)
	if err != nil || len(dls) != 2 {
		t.Fatalf("dead letters %v %v", dls, err)
	}
	return run, []int64{dls[0].ID, dls[1].ID}
}

func TestRunPageShowsErrorDeadLettersAndQuarantine(t *testing.T) {
	f := opsFixture(t, nil)
	run, _ := deadRun(t, f)
	if err := f.st.SetRawCursor(t.Context(), "prices", "live", `{"next":"https://erp.example.com/p?skip=200&access_token=SECRET-3"}`); err != nil {
		t.Fatal(err)
	}
	w := f.get(t, olga, fmt.Sprintf("/runs/%d", run))
	if w.Code != http.StatusOK {
		t.Fatalf("GET /runs/%d: %d %s", run, w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{"<pre class=\"verdict\">write prices: ", " answered 500</pre>", "422 price of A below cost",
		"422 price of B below cost", ">P-9<", "price: &#34;ten&#34; is not a decimal", "https://erp.example.com/prices?access_token=***&amp;page=3",
		"read 3", "quarantined 1", "pages 1", "access_token=***&amp;skip=200", "2 open", `action="/runs/` + strconv.FormatInt(run, 10) + `/replay"`, `name="csrf" value="csrf-olga"`} {
		if !strings.Contains(body, want) {
			t.Errorf("run page lacks %s", want)
		}
	}
	for _, secret := range []string{"SECRET-1", "SECRET-2", "SECRET-3", "robot:pw"} {
		if strings.Contains(body, secret) {
			t.Errorf("run page renders %s", secret)
		}
	}
	if w := f.get(t, viewer, fmt.Sprintf("/runs/%d", run)); strings.Contains(w.Body.String(), "/replay") || strings.Contains(w.Body.String(), "/discard") {
		t.Errorf("a viewer is offered replay or discard")
	}
	if w := f.get(t, viewer, "/runs/999"); w.Code != http.StatusNotFound {
		t.Errorf("GET /runs/999: %d, want 404", w.Code)
	}
}

// decisionsOf returns the audit trail's records of action.
func decisionsOf(t *testing.T, f *fixture, action string) []store.DecisionRecord {
	t.Helper()
	rs, err := f.st.DecisionLog(t.Context(), store.DecisionFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestRunReplayAndDiscardNeedAnOperator(t *testing.T) {
	f := opsFixture(t, nil)
	run, dls := deadRun(t, f)
	for _, p := range []webauth.Principal{viewer, ana} {
		for _, action := range []string{"replay", "discard"} {
			form := url.Values{"dl": {strconv.FormatInt(dls[0], 10)}, "reason": {"gone"}}
			if w := f.post(t, p, fmt.Sprintf("/runs/%d/%s", run, action), form); w.Code != http.StatusForbidden {
				t.Errorf("%s %s: %d, want 403", p.Role, action, w.Code)
			}
		}
	}
	open, _ := f.st.DeadLetters(t.Context(), "prices", 10)
	if len(open) != 2 || len(decisionsOf(t, f, "")) != 0 {
		t.Fatalf("a refused replay or discard changed the store: %d open", len(open))
	}
}

func TestRunReplayAndDiscardChangeTheStoreAndAreAudited(t *testing.T) {
	f := opsFixture(t, nil)
	run, dls := deadRun(t, f)
	path := func(a string) string { return fmt.Sprintf("/runs/%d/%s", run, a) }
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	w := f.post(t, olga, path("replay"), url.Values{"dl": {id(dls[0])}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "1 dead letter(s) replayed by olga@example.com") ||
		!strings.Contains(w.Body.String(), "1 written") {
		t.Fatalf("replay: %d %s", w.Code, w.Body)
	}
	if w := f.post(t, olga, path("discard"), url.Values{"dl": {id(dls[1])}, "reason": {"  "}}); w.Code != http.StatusBadRequest ||
		!strings.Contains(w.Body.String(), "needs a reason") {
		t.Fatalf("discard without a reason: %d", w.Code)
	}
	if w := f.post(t, olga, path("discard"), url.Values{"dl": {id(dls[0])}, "reason": {"x"}}); w.Code != http.StatusBadRequest {
		t.Fatalf("discard of a replayed dead letter: %d", w.Code)
	}
	w = f.post(t, olga, path("discard"), url.Values{"dl": {id(dls[1])}, "reason": {"product retired"}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "1 dead letter(s) discarded by olga@example.com") {
		t.Fatalf("discard: %d %s", w.Code, w.Body)
	}
	all, _ := f.st.RunDeadLetters(t.Context(), run)
	if all[0].ReplayedAt == nil || all[1].DiscardedAt == nil || all[1].DiscardReason != "product retired" {
		t.Fatalf("the store holds %+v", all)
	}
	rep, dis := decisionsOf(t, f, store.AuditReplay), decisionsOf(t, f, store.AuditDiscard)
	if len(rep) != 1 || rep[0].Reviewer != olga.Name || rep[0].SubjectID != id(dls[0]) || !strings.Contains(rep[0].Before, "below cost") {
		t.Errorf("replay audit %+v", rep)
	}
	if len(dis) != 1 || dis[0].Reviewer != olga.Name || dis[0].SubjectID != id(dls[1]) || dis[0].Reason != "product retired" {
		t.Errorf("discard audit %+v", dis)
	}
	if w := f.post(t, olga, path("replay"), url.Values{"dl": {"12345"}}); w.Code != http.StatusBadRequest {
		t.Errorf("replay of a dead letter not of this run: %d", w.Code)
	}
}
