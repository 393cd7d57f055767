package console

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// customerJobs write customers both ways, so a decision reaches both systems.
var customerJobs = []config.Job{
	{Name: "customers", DataType: "customers", Extract: config.Extract{System: "erp"}, Load: config.LoadSpec{Targets: []config.Target{{System: "crm"}}}},
	{Name: "customers-back", DataType: "customers", Extract: config.Extract{System: "crm"}, Load: config.LoadSpec{Targets: []config.Target{{System: "erp"}}}},
}

// conflict stores an open conflict on email and phone between erp and crm.
func (f *fixture) conflict(t *testing.T, key string) int64 {
	t.Helper()
	f.cfg.Jobs = customerJobs
	e := store.Escalation{Job: "customers", DataType: "customers", CanonicalID: "c-" + key, Kind: store.EscalationConflict,
		SourceSystem: "erp", SourceKey: key, TargetSystem: "crm", TargetKey: "crm-" + key,
		SourceVersion: `{"email":"erp@example.com","phone":"+49 30 1","name":"<b>ACME</b>"}`,
		TargetVersion: `{"email":"crm@example.com","phone":"+49 30 2","name":"<b>ACME</b>"}`,
		BaseVersion:   `{"email":"old@example.com","phone":"+49 30 0","name":"<b>ACME</b>"}`, Fields: `["email","phone"]`}
	if err := f.st.Escalate(t.Context(), []store.Escalation{e}); err != nil {
		t.Fatal(err)
	}
	es, err := f.st.Escalations(t.Context(), store.EscalationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return es[len(es)-1].ID
}

type queuedWrite struct{ Job, Target, ExternalID, Payload string }

func (f *fixture) outbox(t *testing.T) []queuedWrite {
	t.Helper()
	var out []queuedWrite
	if err := f.st.DB().SelectContext(t.Context(), &out, `SELECT job AS "job", target AS "target", external_id AS "externalid", CAST(payload AS TEXT) AS "payload" FROM outbox ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEscalationPageSideBySide(t *testing.T) {
	f := newFixture(t)
	id := f.conflict(t, "K1")
	w := f.get(t, viewer, "/escalations/"+itoa(id))
	body := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, body)
	}
	for _, want := range []string{"old@example.com", "erp@example.com", "crm@example.com", `class="conflict"`, "&lt;b&gt;ACME&lt;/b&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Index(body, ">email <") > strings.Index(body, ">name<") {
		t.Errorf("fields in conflict are not listed first")
	}
	if strings.Contains(body, "/resolve\"") || strings.Contains(body, "/dismiss\"") {
		t.Errorf("a viewer is offered decision forms")
	}
	if !strings.Contains(f.get(t, ana, "/escalations/"+itoa(id)).Body.String(), `action="/escalations/`+itoa(id)+`/resolve"`) {
		t.Errorf("a steward is offered no decision form")
	}
}

func TestEscalationTakeSource(t *testing.T) {
	f := newFixture(t)
	id := f.conflict(t, "K1")
	w := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", url.Values{"take": {"source"}, "reason": {"ERP is right"}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "crm crm-K1, written by the next run of job customers") {
		t.Fatalf("resolve: %d %s", w.Code, w.Body)
	}
	e, _ := f.st.GetEscalation(t.Context(), id)
	if e.Status != store.EscalationResolved || e.DecidedBy != ana.Name {
		t.Fatalf("escalation after resolve: %s by %s", e.Status, e.DecidedBy)
	}
	ob := f.outbox(t)
	if len(ob) != 1 || ob[0].Job != "customers" || ob[0].Target != "crm" || !strings.Contains(ob[0].Payload, "erp@example.com") {
		t.Fatalf("outbox: %+v", ob)
	}
	rs := f.decisions(t)
	if len(rs) != 1 || rs[0].Action != store.AuditResolve || rs[0].SubjectID != itoa(id) || rs[0].Reason != "ERP is right" || !strings.Contains(rs[0].Before, "crm@example.com") {
		t.Fatalf("audit: %+v", rs)
	}
	if again := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", url.Values{"take": {"target"}}); again.Code != http.StatusConflict {
		t.Fatalf("a second decision: %d, want 409", again.Code)
	}
}

func TestEscalationPerField(t *testing.T) {
	f := newFixture(t)
	id := f.conflict(t, "K2")
	form := url.Values{"take": {"fields"}, "f.email": {"target"}, "f.phone": {"value"}, "v.phone": {"+49 30 9"}}
	if w := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", form); w.Code != http.StatusOK {
		t.Fatalf("resolve per field: %d %s", w.Code, w.Body)
	}
	ob := f.outbox(t)
	jobs := []string{}
	for _, o := range ob {
		jobs = append(jobs, o.Job+">"+o.Target)
		if !strings.Contains(o.Payload, "+49 30 9") {
			t.Errorf("write to %s lacks the typed phone: %s", o.Target, o.Payload)
		}
	}
	slices.Sort(jobs)
	if !slices.Equal(jobs, []string{"customers-back>erp", "customers>crm"}) {
		t.Fatalf("queued %v, want a write to each system", jobs)
	}
	if w := f.post(t, ana, "/escalations/"+itoa(f.conflict(t, "K3"))+"/resolve", url.Values{"take": {"fields"}, "f.email": {"target"}}); w.Code != http.StatusBadRequest {
		t.Fatalf("an undecided field: %d, want 400", w.Code)
	}
}

func TestEscalationDismissNeedsReason(t *testing.T) {
	f := newFixture(t)
	id := f.conflict(t, "K1")
	if w := f.post(t, ana, "/escalations/"+itoa(id)+"/dismiss", nil); w.Code != http.StatusBadRequest {
		t.Fatalf("dismiss without reason: %d", w.Code)
	}
	if w := f.post(t, ana, "/escalations/"+itoa(id)+"/dismiss", url.Values{"reason": {"merged by hand"}}); w.Code != http.StatusOK {
		t.Fatalf("dismiss: %d %s", w.Code, w.Body)
	}
	e, _ := f.st.GetEscalation(t.Context(), id)
	if e.Status != store.EscalationDismissed || e.Reason != "merged by hand" || len(f.outbox(t)) != 0 {
		t.Fatalf("after dismiss: %s %q, %d writes", e.Status, e.Reason, len(f.outbox(t)))
	}
	if rs := f.decisions(t); len(rs) != 1 || rs[0].Action != store.AuditDismiss {
		t.Fatalf("audit: %+v", rs)
	}
	if w := f.post(t, viewer, "/escalations/"+itoa(id)+"/dismiss", url.Values{"reason": {"x"}}); w.Code != http.StatusForbidden {
		t.Fatalf("a viewer's dismissal: %d", w.Code)
	}
}

var escRow = regexp.MustCompile(`<tr id="e(\d+)">`)

func TestEscalationListOpenFirstAndFilters(t *testing.T) {
	f := newFixture(t)
	a, b, c := f.conflict(t, "A"), f.conflict(t, "B"), f.conflict(t, "C")
	if w := f.post(t, ana, "/escalations/"+itoa(a)+"/dismiss", url.Values{"reason": {"dup"}}); w.Code != http.StatusOK {
		t.Fatal(w.Code)
	}
	ids := func(q string) []string {
		var out []string
		for _, m := range escRow.FindAllStringSubmatch(f.get(t, viewer, "/escalations?"+q).Body.String(), -1) {
			out = append(out, m[1])
		}
		return out
	}
	for q, want := range map[string][]string{
		"":                              {itoa(b), itoa(c)},
		"status=":                       {itoa(b), itoa(c), itoa(a)},
		"status=dismissed":              {itoa(a)},
		"status=&kind=conflict":         {itoa(b), itoa(c), itoa(a)},
		"status=&job=other":             nil,
		"status=&type=customers":        {itoa(b), itoa(c), itoa(a)},
		"status=&after=open-" + itoa(c): {itoa(a)},
	} {
		if got := ids(q); !slices.Equal(got, want) {
			t.Errorf("?%s: %v, want %v", q, got, want)
		}
	}
	if w := f.get(t, viewer, "/escalations?kind=fight"); w.Code != http.StatusBadRequest {
		t.Errorf("unknown kind: %d", w.Code)
	}
}
