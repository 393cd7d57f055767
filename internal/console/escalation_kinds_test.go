package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

func (f *fixture) escalate(t *testing.T, e store.Escalation) int64 {
	t.Helper()
	if err := f.st.Escalate(t.Context(), []store.Escalation{e}); err != nil {
		t.Fatal(err)
	}
	es, err := f.st.Escalations(t.Context(), store.EscalationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return es[len(es)-1].ID
}

func TestEscalationLinkCandidate(t *testing.T) {
	f := newFixture(t)
	f.cfg.Jobs = customerJobs
	id := f.escalate(t, store.Escalation{Job: "customers", DataType: "customers", Kind: store.EscalationAmbiguous, SourceSystem: "erp", SourceKey: "E1",
		SourceVersion: `{"vat_id":"DE123"}`, Fields: `["vat_id"]`,
		TargetVersion: `[{"system":"crm","native_id":"n1","canonical_id":"c1"},{"system":"crm","native_id":"n2","canonical_id":"c2"}]`})
	page := f.get(t, ana, "/escalations/"+itoa(id)).Body.String()
	for _, want := range []string{`name="link" value="n1"`, `name="link" value="n2"`, "DE123"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if w := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", url.Values{"link": {"n9"}}); w.Code != http.StatusBadRequest {
		t.Fatalf("an unknown candidate: %d", w.Code)
	}
	w := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", url.Values{"link": {"n2"}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "linked to entity c2") {
		t.Fatalf("link: %d %s", w.Code, w.Body)
	}
	links, err := f.st.LinksOf(t.Context(), "customers", "c2")
	if err != nil || len(links) != 1 || links[0].System != "erp" || links[0].NativeID != "E1" {
		t.Fatalf("crosswalk after link: %+v %v", links, err)
	}
}

func TestEscalationLeadOwner(t *testing.T) {
	f := newFixture(t)
	f.cfg.Jobs = []config.Job{{Name: "leads", DataType: "leads", Extract: config.Extract{System: "crm"},
		Load:  config.LoadSpec{Targets: []config.Target{{System: "crm", Fields: []string{"owner", "model", "reasons"}}}},
		Route: &config.Route{Reps: []config.Rep{{Email: "rep1@example.com"}, {Email: "rep2@example.com"}}}}}
	id := f.escalate(t, store.Escalation{Job: "leads", DataType: "leads", CanonicalID: "L1", Kind: store.EscalationLeadRouting, SourceSystem: "crm",
		SourceKey: "L1", TargetSystem: "crm", TargetKey: "L1", TargetVersion: `{"why":"two accounts match"}`, Reason: "two accounts match"})
	page := f.get(t, ana, "/escalations/"+itoa(id)).Body.String()
	if !strings.Contains(page, "<option>rep2@example.com</option>") || !strings.Contains(page, "two accounts match") {
		t.Fatalf("owner form or analysis missing: %s", page)
	}
	if w := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", url.Values{"owner": {"stranger@example.com"}}); w.Code != http.StatusBadRequest {
		t.Fatalf("an owner outside route.reps: %d", w.Code)
	}
	w := f.post(t, ana, "/escalations/"+itoa(id)+"/resolve", url.Values{"owner": {"rep2@example.com"}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "written by the next run of job leads") {
		t.Fatalf("owner: %d %s", w.Code, w.Body)
	}
	ob := f.outbox(t)
	if len(ob) != 1 || !strings.Contains(ob[0].Payload, "rep2@example.com") {
		t.Fatalf("outbox: %+v", ob)
	}
}
