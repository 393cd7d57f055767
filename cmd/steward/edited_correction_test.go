package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// TestEditedCorrectionIsPushed (issue 9 item 1): a correction a reviewer
// edited (as the console stores it, through store.EditDraft) is pushed with
// the edited value, not the proposed one, and the audit keeps the proposal.
func TestEditedCorrectionIsPushed(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 120, 41, sandbox.ConfigOptions{Generator: "template"})
	sku := cleanSKUs(sb, 1)[0]
	patch(t, sb.AkeneoURL, sku, `{"name":[{"locale":"en_US","scope":null,"data":"Old name  "}]}`)
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	d := draftOf(t, st, store.DraftCorrection, sku)
	var v transform.Value
	if err := json.Unmarshal([]byte(d.Value), &v); err != nil || v.Text != "Old name" {
		t.Fatalf("the proposed correction of %s is %s (%v)", sku, d.Value, err)
	}
	v.Text = "Edited name"
	edited, _ := json.Marshal(v)
	if err := st.EditDraft(t.Context(), d.ID, string(edited), store.Review{Reviewer: "ana", Seen: d.UpdatedAt}); err != nil {
		t.Fatal(err)
	}
	if out, code := steward(t, "drafts", "push", "--all", "--config", cfg); code != 0 || !strings.Contains(out, "1 pushed") {
		t.Fatalf("push (exit %d):\n%s", code, out)
	}
	if got, _ := sb.Akeneo.Value(sku, "name"); fmt.Sprint(got) != "Edited name" {
		t.Errorf("the PIM holds %v for %s, want the edited name", got, sku)
	}
	if got := draftOf(t, st, store.DraftCorrection, sku); got.Status != store.DraftPushed || got.Value != string(edited) {
		t.Errorf("the edited correction is %s holding %s", got.Status, got.Value)
	}
	rs, err := st.DecisionLog(t.Context(), store.DecisionFilter{Action: store.AuditEditApprove})
	if err != nil || len(rs) != 1 || !strings.Contains(rs[0].Before, `"text":"Old name"`) {
		t.Errorf("the audit of the edit does not keep the proposal: %+v %v", rs, err)
	}
}
