package transform

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

const pairYAML = `version: 1
staging: {sqlite: ./s.db, parquet_dir: ./p}
systems:
  erp: {kind: odata, base_url: "https://erp.example.com", auth: {type: none}}
  crm: {kind: odata, base_url: "https://crm.example.com", auth: {type: none}}
jobs:
  - name: customers-erp
    data_type: customers
    cadence: "@daily"
    extract: {system: erp, entity: A_Customer, mode: full}
    load: {targets: [{system: crm, fields: [email, street]}]}
  - name: customers-crm
    data_type: customers
    cadence: "@daily"
    extract: {system: crm, entity: Account, mode: full}
    load: {targets: [{system: erp, fields: [email, street]}]}
`

func pairConfig(t *testing.T) *config.File {
	t.Helper()
	f, err := config.Parse("pair.yaml", []byte(pairYAML), &config.Known{Kinds: []string{"odata"}}, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// customer is a staged customer record of a system.
func customer(id, email, street string) record.Record {
	b, _ := json.Marshal(Customer{ID: id, ExternalID: "X1", Name: "Acme", Email: email, Street: street})
	return record.Record{Key: id, Payload: b}
}

// runPage runs one job's transform stage over recs and commits the page as
// the runner does; it returns what the stage decided.
func runPage(t *testing.T, s *store.Store, f *config.File, jobName string, recs ...record.Record) Decisions {
	t.Helper()
	return runPageLive(t, s, f, jobName, nil, recs...)
}

// runPageLive is runPage with the targets' live values (Decider.Live).
func runPageLive(t *testing.T, s *store.Store, f *config.File, jobName string, live map[string]map[string]map[string]json.RawMessage, recs ...record.Record) Decisions {
	t.Helper()
	ctx := t.Context()
	job, _ := f.Job(jobName)
	dec, err := NewDecider(s, Customers, job, counter())
	if err != nil {
		t.Fatal(err)
	}
	dec.Live, dec.Reverse = live, ReverseJobs(f, job)
	keys := make([]string, len(recs))
	for i, r := range recs {
		keys[i] = r.Key
	}
	if err := dec.Begin(ctx, keys); err != nil {
		t.Fatal(err)
	}
	var out Decisions
	c := store.PageCommit{Job: jobName, Stream: "live"}
	for _, r := range recs {
		if err := dec.Record(ctx, r, &out); err != nil {
			t.Fatal(err)
		}
		c.Changed = append(c.Changed, store.Staged{DataType: "customers", Source: job.Extract.System, Record: r, Hash: r.Hash()})
	}
	c.Links, c.Escalations, c.Synced = dec.Links(), out.Escalations, out.Synced
	if err := s.CommitPage(ctx, c); err != nil {
		t.Fatal(err)
	}
	return out
}

// stageOnly stages records of a system without deciding (its job staged
// them; only their staged copy matters here).
func stageOnly(t *testing.T, s *store.Store, system string, recs ...record.Record) {
	t.Helper()
	c := store.PageCommit{Job: "stage-" + system, Stream: "live"}
	for _, r := range recs {
		c.Changed = append(c.Changed, store.Staged{DataType: "customers", Source: system, Record: r, Hash: r.Hash()})
	}
	if err := s.CommitPage(t.Context(), c); err != nil {
		t.Fatal(err)
	}
}

func TestMergeConflictEscalatesAndResolveWritesBothSystems(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	ctx := t.Context()
	// First sync: the CRM's account goes to the ERP, which has none yet.
	first := runPage(t, s, f, "customers-crm", customer("C1", "a@x", "Main 1"))
	if len(first.Writes) != 1 || first.Writes[0].Target != "erp" || first.Writes[0].ExternalID != "X1" {
		t.Fatalf("first sync writes %+v", first.Writes)
	}
	// The ERP's record is matched by external id and agrees.
	agreed := runPage(t, s, f, "customers-erp", customer("E1", "a@x", "Main 1"))
	if len(agreed.Writes) != 0 || len(agreed.Escalations) != 0 {
		t.Fatalf("agreeing record decided %+v", agreed)
	}
	// Both change the email differently; the ERP also moves the street.
	stageOnly(t, s, "crm", customer("C1", "crm@x", "Main 1"))
	got := runPage(t, s, f, "customers-erp", customer("E1", "erp@x", "Elm 2"))
	if len(got.Writes) != 1 || string(got.Writes[0].Fields["street"]) != `"Elm 2"` || got.Writes[0].Fields["email"] != nil {
		t.Fatalf("writes %+v: want the street only, nothing for the conflicting email", got.Writes)
	}
	es, _ := s.Escalations(ctx, store.EscalationFilter{Status: store.EscalationOpen})
	if len(es) != 1 {
		t.Fatalf("escalations %+v", es)
	}
	e := es[0]
	if e.Kind != store.EscalationConflict || e.Fields != `["email"]` || !strings.Contains(e.SourceVersion, "erp@x") ||
		!strings.Contains(e.TargetVersion, "crm@x") || !strings.Contains(e.BaseVersion, "a@x") || e.TargetSystem != "crm" || e.TargetKey != "X1" {
		t.Fatalf("escalation %+v", e)
	}
	// A person takes a third value: both systems get it.
	d, err := Plan(ctx, s, f, Customers, e, Choice{Take: []string{"email=billing@x"}, By: "ana", Reason: "asked"})
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{}
	for _, it := range d.Outbox {
		targets[it.Target] = it.Job + " " + it.ExternalID + " " + it.NativeID + " " + string(it.Payload)
	}
	// Each write goes to the crosswalked record by its native id.
	want := map[string]string{"crm": `customers-erp X1 C1 {"email":"billing@x"}`, "erp": `customers-crm X1 E1 {"email":"billing@x"}`}
	if len(targets) != 2 || targets["crm"] != want["crm"] || targets["erp"] != want["erp"] {
		t.Fatalf("resolution writes %v, want %v", targets, want)
	}
	if err := s.Decide(ctx, d); err != nil {
		t.Fatal(err)
	}
	// Once both hold it, the next merge agrees instead of escalating again.
	stageOnly(t, s, "crm", customer("C1", "billing@x", "Elm 2"))
	after := runPage(t, s, f, "customers-erp", customer("E1", "billing@x", "Elm 2"))
	if len(after.Writes) != 0 || len(after.Escalations) != 0 {
		t.Errorf("after the decision: %+v", after)
	}
}

func TestResolveTakeSourceWritesOnlyTheTarget(t *testing.T) {
	e := store.Escalation{ID: 1, Kind: store.EscalationConflict, Job: "customers-erp", DataType: "customers", SourceSystem: "erp", SourceKey: "E1",
		TargetSystem: "crm", TargetKey: "X1", CanonicalID: "c1", Fields: `["email","street"]`,
		SourceVersion: `{"email":"erp@x","street":"Elm 2"}`, TargetVersion: `{"email":"crm@x","street":"Oak 3"}`}
	s, f := openStore(t), pairConfig(t)
	d, err := Plan(t.Context(), s, f, Customers, e, Choice{Take: []string{"source", "street=Oak 3"}})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, it := range d.Outbox {
		got = append(got, it.Target+" "+string(it.Payload))
	}
	slices.Sort(got)
	want := []string{`crm {"email":"erp@x"}`, `erp {"street":"Oak 3"}`}
	if !slices.Equal(got, want) {
		t.Errorf("writes %v, want %v", got, want)
	}
	for _, bad := range [][]string{{"email=x"}, {"colour=red"}, {"sideways"}} {
		if _, err := Plan(t.Context(), s, f, Customers, e, Choice{Take: bad}); err == nil {
			t.Errorf("--take %v accepted", bad)
		}
	}
}

// TESTING.md row 37 through the transform stage: the record escalates and
// nothing is written.
func TestAmbiguousMatchEscalatesWithoutWriting(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	ctx := t.Context()
	f.Jobs[0].Transform = &config.Transform{MatchKeys: []string{"external_id", "vat_id"}}
	dup := func(id, ext string) record.Record {
		b, _ := json.Marshal(Customer{ID: id, ExternalID: ext, Name: "Acme", VATID: "DE1"})
		return record.Record{Key: id, Payload: b}
	}
	runPage(t, s, f, "customers-crm", dup("C1", "X1"), dup("C2", "X2"))
	got := runPage(t, s, f, "customers-erp", dup("E1", ""))
	if len(got.Writes) != 0 || len(got.Escalations) != 1 || got.Escalations[0].Kind != store.EscalationAmbiguous {
		t.Fatalf("decided %+v", got)
	}
	es, _ := s.Escalations(ctx, store.EscalationFilter{})
	d, err := Plan(ctx, s, f, Customers, es[0], Choice{Link: "C2", By: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Decide(ctx, d); err != nil {
		t.Fatal(err)
	}
	links, _ := s.Links(context.WithoutCancel(ctx), "erp", "customers", []string{"E1"})
	c2, _ := s.Links(ctx, "crm", "customers", []string{"C2"})
	if links["E1"].CanonicalID == "" || links["E1"].CanonicalID != c2["C2"].CanonicalID {
		t.Errorf("E1 linked to %+v, want C2's entity %+v", links["E1"], c2["C2"])
	}
}

// Two ERP records carrying one VAT id arrive in one page after the CRM
// record with that VAT id: the first is linked to the CRM entity (a guess
// made only by page order), the second escalates. When the person decides
// that the second is the CRM record's entity, the decision must apply: today
// it fails on the crosswalk's UNIQUE (system, data_type, canonical_id),
// because the first ERP record still holds the entity, so the escalation can
// never be resolved the way the person decided.
func TestResolveAmbiguousToEntityHeldBySameSystem(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	ctx := t.Context()
	f.Jobs[0].Transform = &config.Transform{MatchKeys: []string{"external_id", "vat_id"}}
	rec := func(id, ext string) record.Record {
		b, _ := json.Marshal(Customer{ID: id, ExternalID: ext, Name: "Acme", VATID: "DE1"})
		return record.Record{Key: id, Payload: b}
	}
	runPage(t, s, f, "customers-crm", rec("C1", "X1"))
	got := runPage(t, s, f, "customers-erp", rec("E1", ""), rec("E2", ""))
	if len(got.Escalations) != 1 || got.Escalations[0].SourceKey != "E2" {
		t.Fatalf("escalations %+v", got.Escalations)
	}
	es, _ := s.Escalations(ctx, store.EscalationFilter{})
	d, err := Plan(ctx, s, f, Customers, es[0], Choice{Link: "C1", By: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Decide(ctx, d); err != nil {
		t.Fatalf("the person's decision (E2 is C1's entity) cannot be applied: %v", err)
	}
	c1, _ := s.Links(ctx, "crm", "customers", []string{"C1"})
	e2, _ := s.Links(ctx, "erp", "customers", []string{"E2"})
	if e2["E2"].CanonicalID != c1["C1"].CanonicalID {
		t.Errorf("E2 linked to %+v, want C1's entity", e2["E2"])
	}
}

// Merge with escalation must not write a field over a target value it has
// not compared. The CRM holds account C1 (external id X1, email crm@x),
// staged but not crosswalked yet (its job has not decided since, or it only
// extracts). The ERP's record E1 (external id X1, email erp@x) finds no
// crosswalked record, so the stage takes the target as empty ("first sync")
// and queues email erp@x to the CRM under X1: an upsert that overwrites the
// CRM's differing email without a person. It should match C1 through the
// staged records (or hold the write until the target is known) and escalate.
func TestMergeDoesNotOverwriteAnUncrosswalkedTarget(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	stageOnly(t, s, "crm", customer("C1", "crm@x", "Main 1"))
	got := runPage(t, s, f, "customers-erp", customer("E1", "erp@x", "Main 1"))
	for _, w := range got.Writes {
		if w.Target == "crm" && w.ExternalID == "X1" && w.Fields["email"] != nil && len(got.Escalations) == 0 {
			t.Errorf("wrote email %s over the CRM's crm@x without comparing or escalating (writes %+v)", w.Fields["email"], got.Writes)
		}
	}
}

// The record that held the entity before a person moved it is unlinked in the
// same commit and, decided again, escalates instead of keeping a guess.
func TestMovedLinkLeavesTheHolderToBeDecidedAgain(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	ctx := t.Context()
	f.Jobs[0].Transform = &config.Transform{MatchKeys: []string{"external_id", "vat_id"}}
	rec := func(id, ext string) record.Record {
		b, _ := json.Marshal(Customer{ID: id, ExternalID: ext, Name: "Acme", VATID: "DE1"})
		return record.Record{Key: id, Payload: b}
	}
	runPage(t, s, f, "customers-crm", rec("C1", "X1"))
	runPage(t, s, f, "customers-erp", rec("E1", ""), rec("E2", ""))
	es, _ := s.Escalations(ctx, store.EscalationFilter{})
	d, err := Plan(ctx, s, f, Customers, es[0], Choice{Link: "C1", By: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Decide(ctx, d); err != nil {
		t.Fatal(err)
	}
	if e1, _ := s.Links(ctx, "erp", "customers", []string{"E1"}); len(e1) != 0 {
		t.Fatalf("E1 still linked: %+v", e1)
	}
	if h, _ := s.Hashes(ctx, "customers", "erp", []string{"E1"}); h["E1"] != "" {
		t.Errorf("E1 keeps its hash %q: the next pass would not decide it again", h["E1"])
	}
	again := runPage(t, s, f, "customers-erp", rec("E1", ""))
	if len(again.Writes) != 0 || len(again.Escalations) != 1 || again.Escalations[0].Kind != store.EscalationAmbiguous {
		t.Errorf("E1 decided again: %+v, want one ambiguous escalation and no write", again)
	}
}

// Two CRM accounts staged but not crosswalked carry the ERP record's external
// id: the write to the CRM is held and escalates; the person's --link joins
// the chosen account to the ERP record's entity.
func TestMergeHoldsTheWriteWhenSeveralUncrosswalkedTargetsMatch(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	ctx := t.Context()
	stageOnly(t, s, "crm", customer("C1", "crm@x", "Main 1"), customer("C2", "other@x", "Main 1"))
	got := runPage(t, s, f, "customers-erp", customer("E1", "erp@x", "Main 1"))
	if len(got.Writes) != 0 || len(got.Escalations) != 1 || got.Escalations[0].Kind != store.EscalationAmbiguous || got.Escalations[0].TargetSystem != "crm" {
		t.Fatalf("decided %+v, want no write and one ambiguous escalation for the CRM", got)
	}
	es, _ := s.Escalations(ctx, store.EscalationFilter{Status: store.EscalationOpen})
	d, err := Plan(ctx, s, f, Customers, es[0], Choice{Link: "C2", By: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Decide(ctx, d); err != nil {
		t.Fatal(err)
	}
	e1, _ := s.Links(ctx, "erp", "customers", []string{"E1"})
	c2, _ := s.Links(ctx, "crm", "customers", []string{"C2"})
	if e1["E1"].CanonicalID == "" || c2["C2"].CanonicalID != e1["E1"].CanonicalID {
		t.Errorf("C2 linked to %+v, want E1's entity %+v", c2["C2"], e1["E1"])
	}
}

// One staged, uncrosswalked CRM account that agrees is compared, not
// rewritten: nothing to write, nothing to escalate.
func TestMergeComparesWithAnUncrosswalkedTargetThatAgrees(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	stageOnly(t, s, "crm", customer("C1", "a@x", "Main 1"))
	got := runPage(t, s, f, "customers-erp", customer("E1", "a@x", "Main 1"))
	if len(got.Writes) != 0 || len(got.Escalations) != 0 {
		t.Errorf("decided %+v, want nothing: the CRM already holds the values", got)
	}
}
