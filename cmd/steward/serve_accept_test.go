package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

// editedText is what the steward writes instead of a generated draft: no
// number, link or instruction, so the guardrail lets it through.
const editedText = "Edited in the console: a dependable product for everyday work, chosen by our team."

// TestConsoleAcceptanceInBrowser is issue 9's acceptance, in chromium against
// steward serve on the sandbox: a steward logs in through the identity
// provider, filters the review queue, approves a draft, edits and approves
// another, rejects a third with a reason and resolves an escalation; an
// operator replays a dead letter; the push writes the decisions to the PIM
// (read back from its emulator); a viewer is refused each write.
func TestConsoleAcceptanceInBrowser(t *testing.T) {
	browser(t)
	e := newConsoleEnv(t)
	ana := e.login(t, "ana@example.com", "editors")
	ids := e.filterReview(ana)
	approved, edited, rejected, untouched := ids[0], ids[1], ids[2], ids[3]
	e.approve(ana, approved)
	e.editAndApprove(ana, edited)
	e.reject(ana, rejected, "wrong tone for this family")
	e.resolveEscalation(ana)
	ops := e.login(t, "olaf@example.com", "ops", "staff")
	e.replayDeadLetter(ops)
	e.pushAndReadBack(approved, edited, rejected)
	viewer := e.login(t, "vera@example.com", "staff")
	e.viewerIsRefused(viewer, untouched)
	if err := e.stop(); err != nil {
		t.Errorf("steward serve did not stop cleanly: %v", err)
	}
}

// filterReview filters the queue through its form (pending descriptions of
// one family) and returns the ids shown, checking they are what the store
// holds for that filter.
func (e *consoleEnv) filterReview(p *person) []int64 {
	t := e.t
	pending := descriptionDrafts(t, e.st, store.DraftPending)
	family := pending[0].Family
	var want []int64
	for _, d := range pending {
		if d.Family == family {
			want = append(want, d.ID)
		}
	}
	if len(want) < 4 {
		family, want = "", ids(pending)
	}
	p.open("/review")
	p.fill(`select[name="status"]`, store.DraftPending)
	p.fill(`select[name="kind"]`, store.DraftDescription)
	p.fill(`input[name="family"]`, family)
	p.submit(`form.filters button[type="submit"]`)
	q, _ := url.ParseQuery(strings.TrimPrefix(p.location()[strings.Index(p.location(), "?"):], "?"))
	if q.Get("status") != store.DraftPending || q.Get("kind") != store.DraftDescription || q.Get("family") != family {
		t.Fatalf("the filter form led to %s", p.location())
	}
	got := p.itemIDs()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("filtered queue shows %v, want the pending descriptions of family %q %v", got, family, want)
	}
	return got
}

func ids(ds []store.Draft) []int64 {
	out := make([]int64, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// itemIDs are the draft ids the queue shows, in order.
func (p *person) itemIDs() []int64 {
	n := p.count("article[data-item]")
	out := make([]int64, 0, n)
	for i := range n {
		var id int64
		fmt.Sscanf(p.text(fmt.Sprintf("article[data-item]:nth-of-type(%d) header strong", i+1)), "#%d", &id)
		out = append(out, id)
	}
	return out
}

// draftText is a draft's value as text (the store keeps it as JSON).
func draftText(d store.Draft) string {
	var s string
	if err := json.Unmarshal([]byte(d.Value), &s); err != nil {
		return d.Value
	}
	return s
}

// draft reads one draft from the store.
func (e *consoleEnv) draft(id int64) store.Draft {
	e.t.Helper()
	ds, err := e.st.Drafts(e.t.Context(), store.DraftFilter{IDs: []int64{id}})
	if err != nil || len(ds) != 1 {
		e.t.Fatalf("draft %d: %v", id, err)
	}
	return ds[0]
}

func (e *consoleEnv) approve(p *person, id int64) {
	if st := p.submit(fmt.Sprintf(`#d%d form[action$="/approve"] button`, id)); st != http.StatusOK {
		e.t.Fatalf("approve %d: status %d", id, st)
	}
	if d := e.draft(id); d.Status != store.DraftApproved || d.Reviewer != "ana@example.com" {
		e.t.Errorf("draft %d after approve: %s by %q", id, d.Status, d.Reviewer)
	}
	e.wantAudit("ana@example.com", id)
}

func (e *consoleEnv) editAndApprove(p *person, id int64) {
	p.submit(fmt.Sprintf(`#d%d a[href*="/edit"]`, id))
	p.fill(`textarea[name="value"]`, editedText)
	if st := p.submit(`form[action$="/edit"] button[type="submit"]`); st != http.StatusOK {
		e.t.Fatalf("edit %d: status %d", id, st)
	}
	if d := e.draft(id); d.Status != store.DraftApproved || draftText(d) != editedText {
		e.t.Errorf("draft %d after edit: %s %q", id, d.Status, d.Value)
	}
	e.wantAudit("ana@example.com", id)
}

func (e *consoleEnv) reject(p *person, id int64, reason string) {
	p.fill(fmt.Sprintf(`#d%d form[action$="/reject"] input[name="reason"]`, id), reason)
	p.submit(fmt.Sprintf(`#d%d form[action$="/reject"] button`, id))
	if d := e.draft(id); d.Status != store.DraftRejected || d.ReviewReason != reason {
		e.t.Errorf("draft %d after reject: %s %q", id, d.Status, d.ReviewReason)
	}
	e.wantAudit("ana@example.com", id)
}

// wantAudit checks that the audit trail holds a decision of reviewer on
// draft id.
func (e *consoleEnv) wantAudit(reviewer string, id int64) {
	e.t.Helper()
	rs, err := e.st.DecisionLog(e.t.Context(), store.DecisionFilter{Reviewer: reviewer, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range rs {
		if r.SubjectID == fmt.Sprint(id) {
			return
		}
	}
	e.t.Errorf("no audit record of %s deciding %d in %+v", reviewer, id, rs)
}
