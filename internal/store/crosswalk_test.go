package store

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stewardhq/steward/internal/record"
)

func TestCrosswalkLinksAndCandidates(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	links := []Link{
		{System: "pim", DataType: "products", NativeID: "u1", CanonicalID: "c1", Keys: map[string]string{"sku": "A", "gtin": "G"}},
		{System: "pim", DataType: "products", NativeID: "u2", CanonicalID: "c2", Keys: map[string]string{"sku": "B", "gtin": "G"}},
		{System: "erp", DataType: "products", NativeID: "e1", CanonicalID: "c1", MatchKey: "sku", MatchValue: "A", Keys: map[string]string{"sku": "A"}},
	}
	if err := s.PutLinks(ctx, links); err != nil {
		t.Fatal(err)
	}
	got, err := s.Links(ctx, "pim", "products", []string{"u1", "u2", "u3"})
	if err != nil || len(got) != 2 || got["u2"].CanonicalID != "c2" {
		t.Fatalf("Links = %+v, %v", got, err)
	}
	cands, err := s.MatchCandidates(ctx, "products", "gtin", "G")
	if err != nil || len(cands) != 2 || cands[0].NativeID != "u1" || cands[1].NativeID != "u2" {
		t.Fatalf("gtin G candidates = %+v, %v", cands, err)
	}
	of, err := s.LinksOf(ctx, "products", "c1")
	if err != nil || len(of) != 2 || of[0].System != "erp" || of[0].MatchKey != "sku" {
		t.Fatalf("LinksOf c1 = %+v, %v", of, err)
	}
	// Keys are replaced by what the record carries now.
	links[1].Keys = map[string]string{"sku": "B"}
	if err := s.PutLinks(ctx, links[1:2]); err != nil {
		t.Fatal(err)
	}
	if cands, _ := s.MatchCandidates(ctx, "products", "gtin", "G"); len(cands) != 1 {
		t.Errorf("after u2 lost its gtin, candidates = %+v", cands)
	}
	// A canonical entity has one native record per system.
	dup := Link{System: "pim", DataType: "products", NativeID: "u9", CanonicalID: "c1"}
	if err := s.PutLinks(ctx, []Link{dup}); err == nil {
		t.Error("a second pim record linked to c1 was accepted")
	}
}

func TestPageCommitStoresDecisions(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	run, err := s.BeginRun(ctx, "customers", "manual")
	if err != nil {
		t.Fatal(err)
	}
	esc := Escalation{Job: "customers", DataType: "customers", CanonicalID: "c1", Kind: EscalationConflict,
		SourceSystem: "erp", SourceKey: "K1", TargetSystem: "crm", SourceVersion: `{"email":"a"}`, TargetVersion: `{"email":"b"}`, Fields: `["email"]`}
	p := PageCommit{RunID: run, Job: "customers", Stream: "live", Cursor: record.Cursor{},
		Links:       []Link{{System: "erp", DataType: "customers", NativeID: "K1", CanonicalID: "c1"}},
		Escalations: []Escalation{esc},
		Synced:      []SyncedVersion{{Job: "customers", Target: "crm", CanonicalID: "c1", Version: []byte(`{"email":"x"}`)}}}
	for range 2 { // a rerun updates the open escalation instead of adding one
		if err := s.CommitPage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	es, err := s.Escalations(ctx, EscalationFilter{Status: EscalationOpen})
	if err != nil || len(es) != 1 || es[0].RunID != run || es[0].Fields != `["email"]` {
		t.Fatalf("escalations = %+v, %v", es, err)
	}
	v, ok, err := s.Synced(ctx, "customers", "crm", "c1")
	if err != nil || !ok || string(v) != `{"email":"x"}` {
		t.Fatalf("synced = %s %v %v", v, ok, err)
	}
	if l, _ := s.Links(ctx, "erp", "customers", []string{"K1"}); l["K1"].CanonicalID != "c1" {
		t.Errorf("crosswalk not committed with the page: %+v", l)
	}
}

func TestDecideEscalation(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	if err := s.Escalate(ctx, []Escalation{{Job: "j", DataType: "customers", CanonicalID: "c1", Kind: EscalationConflict, SourceSystem: "erp", SourceKey: "K1", TargetSystem: "crm"}}); err != nil {
		t.Fatal(err)
	}
	es, _ := s.Escalations(ctx, EscalationFilter{})
	id := es[0].ID
	dec, _ := json.Marshal(map[string]string{"email": "x"})
	d := Decision{ID: id, Status: EscalationResolved, Decision: string(dec), By: "ana", Reason: "called the customer",
		Outbox: []OutboxItem{{Job: "j", Target: "crm", ExternalID: "K1", Hash: "h1", Payload: []byte(`{"email":"x"}`)},
			{Job: "j2", Target: "erp", ExternalID: "K1", Hash: "h2", Payload: []byte(`{"email":"x"}`)}},
		Synced: []SyncedVersion{{Job: "j", Target: "crm", CanonicalID: "c1", Version: []byte(`{"email":"x"}`)}}}
	if err := s.Decide(ctx, d); err != nil {
		t.Fatal(err)
	}
	e, err := s.GetEscalation(ctx, id)
	if err != nil || e.Status != EscalationResolved || e.DecidedBy != "ana" || e.DecidedAt == "" || e.Reason != "called the customer" {
		t.Fatalf("escalation after decide = %+v, %v", e, err)
	}
	for _, tgt := range []string{"crm", "erp"} {
		if st, err := s.OutboxStatus(ctx, tgt, "K1", map[string]string{"crm": "h1", "erp": "h2"}[tgt]); err != nil || st != OutboxPending {
			t.Errorf("write to %s: %q %v", tgt, st, err)
		}
	}
	if err := s.Decide(ctx, d); !errors.Is(err, ErrEscalationClosed) {
		t.Errorf("second decision: %v, want ErrEscalationClosed", err)
	}
	if _, err := s.GetEscalation(ctx, 999); !errors.Is(err, ErrNoEscalation) {
		t.Errorf("unknown id: %v", err)
	}
}
