package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/store"
)

func cleanSKUs(sb *sandboxSystems, n int) []string {
	var out []string
	for i := 0; i < sb.Catalog.N && len(out) < n; i++ {
		if sb.Catalog.Defect(i) == catalog.Clean {
			out = append(out, sb.Catalog.SKU(i))
		}
	}
	return out
}

func draftOf(t *testing.T, st *store.Store, kind, sku string) store.Draft {
	t.Helper()
	ds, err := st.Drafts(t.Context(), store.DraftFilter{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].SKU == sku {
			return ds[i]
		}
	}
	t.Fatalf("no %s draft of %s", kind, sku)
	return store.Draft{}
}

func rerun(t *testing.T, cfg string) {
	t.Helper()
	if _, code := steward(t, "state", "reset", "products", "--yes", "--config", cfg); code != 0 {
		t.Fatal("reset failed")
	}
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
}

// staleSetup runs products once with the names of two clean products ending
// in stray spaces, and approves by id the description drafts of two products
// and the corrections of the two names: [description, description,
// correction, correction].
func staleSetup(t *testing.T, seed uint64) (*sandboxSystems, string, *store.Store, []store.Draft) {
	t.Helper()
	sb, cfg := startSandboxWith(t, 120, seed, sandbox.ConfigOptions{Generator: "template"})
	described, named := missingDescriptions(sb, 2), cleanSKUs(sb, 2)
	for _, sku := range named {
		patch(t, sb.AkeneoURL, sku, `{"name":[{"locale":"en_US","scope":null,"data":"Old name  "}]}`)
	}
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("run failed")
	}
	st := openState(t, cfg)
	var drafts []store.Draft
	for _, sku := range described {
		drafts = append(drafts, draftOf(t, st, store.DraftDescription, sku))
	}
	for _, sku := range named {
		drafts = append(drafts, draftOf(t, st, store.DraftCorrection, sku))
	}
	for _, d := range drafts {
		if _, code := steward(t, "drafts", "approve", itoa(int(d.ID)), "--reviewer", "ana", "--config", cfg); code != 0 {
			t.Fatalf("approve %d failed", d.ID)
		}
	}
	return sb, cfg, st, drafts
}

// TestRunClosesDraftsAnEditorMadeStale (issue 6 item 1 review): an editor
// writes a description and a name in the PIM after they were drafted and
// approved; the next products run closes (obsolete) the approved description
// draft and correction, whose slot no longer has the problem, and "approve
// --all" plus "push --all" leave the editor's text alone.
func TestRunClosesDraftsAnEditorMadeStale(t *testing.T) {
	t.Parallel()
	sb, cfg, st, drafts := staleSetup(t, 31)
	patch(t, sb.AkeneoURL, drafts[0].SKU, `{"description":[{"locale":"en_US","scope":"ecommerce","data":"Written by an editor"}]}`)
	patch(t, sb.AkeneoURL, drafts[2].SKU, `{"name":[{"locale":"en_US","scope":null,"data":"New name by editor"}]}`)
	rerun(t, cfg)
	for _, d := range []store.Draft{drafts[0], drafts[2]} {
		got := draftOf(t, st, d.Kind, d.SKU)
		if got.ID != d.ID || got.Status != store.DraftObsolete || !strings.Contains(got.Reason, "no longer has this problem") {
			t.Errorf("%s draft %d of %s after the editor's change: %s (%q), want obsolete", d.Kind, d.ID, d.SKU, got.Status, got.Reason)
		}
	}
	for _, d := range []store.Draft{drafts[1], drafts[3]} {
		if got := draftOf(t, st, d.Kind, d.SKU); got.ID != d.ID || got.Status != store.DraftApproved {
			t.Errorf("%s draft %d of %s, whose problem remains, is %s", d.Kind, d.ID, d.SKU, got.Status)
		}
	}
	if _, code := steward(t, "drafts", "approve", "--all", "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatal("approve --all failed")
	}
	if _, code := steward(t, "drafts", "push", "--all", "--config", cfg); code != 0 {
		t.Fatal("push failed")
	}
	if v, _ := sb.Akeneo.Value(drafts[0].SKU, "description"); fmt.Sprint(v) != "Written by an editor" {
		t.Errorf("the editor's description of %s became %v", drafts[0].SKU, v)
	}
	if v, _ := sb.Akeneo.Value(drafts[2].SKU, "name"); fmt.Sprint(v) != "New name by editor" {
		t.Errorf("the editor's name of %s became %v", drafts[2].SKU, v)
	}
	if v, _ := sb.Akeneo.Value(drafts[3].SKU, "name"); fmt.Sprint(v) != "Old name" {
		t.Errorf("the correction still due was not pushed: %v", v)
	}
}

// TestPushRefusesDraftsWhoseProductChanged (issue 6 item 1 review): staging
// changed since drafting (a later read) with no check in between; the push
// rebuilds the facts from the staged product and refuses, flagged with "the
// product changed since drafting", a description whose facts differ and a
// correction whose target no longer holds the value it corrects. The PIM is
// left as it was; the unchanged ones are pushed.
func TestPushRefusesDraftsWhoseProductChanged(t *testing.T) {
	t.Parallel()
	sb, cfg, st, drafts := staleSetup(t, 33)
	rename := `UPDATE staged SET payload = json_set(payload, (SELECT '$.values[' || v.key || '].text' FROM json_each(staged.payload, '$.values') AS v
			WHERE json_extract(v.value, '$.attribute') = 'name' LIMIT 1), 'Renamed since')
		WHERE data_type = 'products' AND json_extract(payload, '$.identifier') = ?`
	for _, d := range []store.Draft{drafts[1], drafts[3]} {
		if _, err := st.DB().Exec(rename, d.SKU); err != nil {
			t.Fatal(err)
		}
	}
	out, code := steward(t, "drafts", "push", "--all", "--config", cfg)
	if code != 0 || !strings.Contains(out, "2 pushed") || !strings.Contains(out, "2 flagged at the re-check") {
		t.Fatalf("push with two drafts whose product changed (exit %d):\n%s", code, out)
	}
	for _, d := range []store.Draft{drafts[1], drafts[3]} {
		if got := draftOf(t, st, d.Kind, d.SKU); got.Status != store.DraftFlagged || !strings.Contains(got.Reason, "the product changed since drafting") {
			t.Errorf("stale %s of %s is %s (%q), want flagged", d.Kind, d.SKU, got.Status, got.Reason)
		}
	}
	if v, ok := sb.Akeneo.Value(drafts[1].SKU, "description"); ok {
		t.Errorf("the stale description was written: %v", v)
	}
	if v, _ := sb.Akeneo.Value(drafts[3].SKU, "name"); fmt.Sprint(v) != "Old name  " {
		t.Errorf("the stale correction was written: %v", v)
	}
	for _, d := range []store.Draft{drafts[0], drafts[2]} {
		if got := draftOf(t, st, d.Kind, d.SKU); got.Status != store.DraftPushed {
			t.Errorf("%s of %s, unchanged, is %s", d.Kind, d.SKU, got.Status)
		}
	}
}
