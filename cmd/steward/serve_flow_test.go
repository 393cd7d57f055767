package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/chromedp/chromedp"

	"github.com/stewardhq/steward/internal/store"
)

// resolveEscalation decides the street conflict field by field with a typed
// value, then runs both customer jobs: the value reaches SAP and the CRM.
func (e *consoleEnv) resolveEscalation(p *person) {
	t := e.t
	p.open("/escalations")
	p.submit(fmt.Sprintf(`a[href="/escalations/%d"]`, e.escalation))
	p.do("choose a value for the street", chromedp.Click("street value", css(`input[name="f.street"][value="value"]`)))
	p.fill(`input[name="v.street"]`, "Einigungsweg 9")
	if st := p.submit(`form[action$="/resolve"]:has(input[value="fields"]) button[type="submit"]`); st != http.StatusOK {
		t.Fatalf("resolve escalation %d: status %d", e.escalation, st)
	}
	x, err := e.st.GetEscalation(t.Context(), e.escalation)
	if err != nil || x.Status != store.EscalationResolved || x.DecidedBy != "ana@example.com" {
		t.Fatalf("escalation %d after the decision: %+v (%v)", e.escalation, x, err)
	}
	e.run("customers-erp", "customers-crm")
	e.wantStreets(0, "Einigungsweg 9", "Einigungsweg 9")
}

// replayDeadLetter replays the rejected draft push from its run's page: the
// dead letter is settled and the audit trail names the operator.
func (e *consoleEnv) replayDeadLetter(p *person) {
	t := e.t
	p.open("/runs")
	p.submit(fmt.Sprintf(`a[href="/runs/%d"]`, e.deadLetter.RunID))
	sel := fmt.Sprintf(`form.inline[action$="/replay"]:has(input[name="dl"][value="%d"]) button`, e.deadLetter.ID)
	if st := p.submit(sel); st != http.StatusOK {
		t.Fatalf("replay dead letter %d: status %d", e.deadLetter.ID, st)
	}
	if dls, _ := e.st.DeadLetters(t.Context(), "products", 10); len(dls) != 0 {
		t.Errorf("dead letters left after the replay: %+v", dls)
	}
	rs, _ := e.st.DecisionLog(t.Context(), store.DecisionFilter{Reviewer: "olaf@example.com", Limit: 10})
	if len(rs) != 1 || rs[0].SubjectID != fmt.Sprint(e.deadLetter.ID) {
		t.Errorf("audit records of the operator: %+v; want the replay of dead letter %d", rs, e.deadLetter.ID)
	}
}

// pushAndReadBack pushes the approved drafts and reads the PIM: the approved
// draft's text, the edited text and the replayed draft are in the draft
// attribute, the rejected draft is not, and nothing was published.
func (e *consoleEnv) pushAndReadBack(approved, edited, rejected int64) {
	t := e.t
	if out, code := steward(t, "drafts", "push", "--all", "--config", e.cfg); code != 0 {
		t.Fatalf("push: exit %d\n%s", code, out)
	}
	replayed := e.draftBySKU(e.deadLetter.ExternalID)
	for _, c := range []struct {
		id   int64
		want string
	}{{approved, draftText(e.draft(approved))}, {edited, editedText}, {rejected, ""}, {replayed.ID, draftText(replayed)}} {
		d := e.draft(c.id)
		if got := textIn(t, e.sb, "akeneo", d.SKU, "description_draft"); got != c.want || c.want == "" && got != "" {
			t.Errorf("the PIM's description_draft of %s (draft %d, %s): %q, want %q", d.SKU, d.ID, d.Status, got, c.want)
		}
		if got := textIn(t, e.sb, "akeneo", d.SKU, "description"); got != "" {
			t.Errorf("the description of %s was published: %q", d.SKU, got)
		}
	}
}

// draftBySKU finds the description draft of the product a dead letter
// names (its external id is the product's uuid or identifier).
func (e *consoleEnv) draftBySKU(external string) store.Draft {
	for _, d := range descriptionDrafts(e.t, e.st, "") {
		if d.SKU == external || d.ProductKey == external || strings.HasSuffix(d.ProductKey, external) {
			return d
		}
	}
	e.t.Fatalf("no draft for dead letter %s", external)
	return store.Draft{}
}

// viewerIsRefused checks a viewer sees no decision form and that each write
// posted anyway (with the viewer's own session and CSRF token) is refused
// with 403 and changes nothing.
func (e *consoleEnv) viewerIsRefused(p *person, untouched int64) {
	t := e.t
	p.open("/review?status=pending")
	if n := p.count(`form[action^="/review/"], a[href^="/review/bulk"], a[href$="/edit"]`); n != 0 {
		t.Errorf("the viewer's review queue offers %d decision forms or links", n)
	}
	p.open(fmt.Sprintf("/escalations/%d", e.escalation))
	if n := p.count(`form[action^="/escalations/"]`); n != 0 {
		t.Errorf("the viewer's escalation page offers %d decision forms", n)
	}
	run := fmt.Sprintf("/runs/%d", e.deadLetter.RunID)
	p.open(run)
	if n := p.count(`form[action$="/replay"], form[action$="/discard"]`); n != 0 {
		t.Errorf("the viewer's run page offers %d dead-letter forms", n)
	}
	before, _ := e.st.DecisionLog(t.Context(), store.DecisionFilter{Limit: 1000})
	dl := map[string]string{"dl": fmt.Sprint(e.deadLetter.ID), "reason": "viewer"}
	writes := []struct {
		path, role string
		fields     map[string]string
	}{
		{fmt.Sprintf("/review/%d/approve", untouched), "steward", nil},
		{fmt.Sprintf("/review/%d/edit", untouched), "steward", map[string]string{"value": editedText}},
		{fmt.Sprintf("/review/%d/reject", untouched), "steward", map[string]string{"reason": "viewer"}},
		{"/review/bulk", "steward", map[string]string{"action": "approve", "status": "pending"}},
		{fmt.Sprintf("/escalations/%d/dismiss", e.escalation), "steward", map[string]string{"reason": "viewer"}},
		{fmt.Sprintf("/escalations/%d/resolve", e.escalation), "steward", map[string]string{"take": "source"}},
		{run + "/replay", "operator", dl},
		{run + "/discard", "operator", dl},
	}
	for _, w := range writes {
		if st := p.post(w.path, w.fields); st != http.StatusForbidden || !strings.Contains(p.text("body"), "needs the "+w.role+" role") {
			t.Errorf("a viewer's POST %s: status %d, page %q; want 403 naming the %s role", w.path, st, p.text("body"), w.role)
		}
	}
	if d := e.draft(untouched); d.Status != store.DraftPending {
		t.Errorf("draft %d is %s after the viewer's refused writes", untouched, d.Status)
	}
	if after, _ := e.st.DecisionLog(t.Context(), store.DecisionFilter{Limit: 1000}); len(after) != len(before) {
		t.Errorf("the viewer's refused writes left %d audit records", len(after)-len(before))
	}
}

// post submits a form built in the page (the viewer's pages offer none),
// carrying the session's CSRF token from the logout form, and returns the
// answer's status. It starts from the review queue, whose layout carries
// the token.
func (p *person) post(path string, fields map[string]string) int {
	p.t.Helper()
	p.open("/review")
	if fields == nil {
		fields = map[string]string{}
	}
	b, _ := json.Marshal(fields)
	script := fmt.Sprintf(`(() => {
		const f = document.createElement("form"); f.method = "post"; f.action = %q;
		const add = (k, v) => { const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.appendChild(i); };
		add("csrf", document.querySelector('form[action="/logout"] input[name="csrf"]').value);
		for (const [k, v] of Object.entries(%s)) add(k, v);
		document.body.appendChild(f); f.submit();
	})()`, path, b)
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Evaluate[chromedp.Void](script))
	if err != nil {
		p.t.Fatalf("post %s: %v", path, err)
	}
	return int(resp.Status)
}
