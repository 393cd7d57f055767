package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/store"
)

func cleanSKUs(sb *sandbox.Sandbox, n int) []string {
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

// TestStaleDraftsNeverOverwriteAnEditor (issue 6 item 1 review): a value a
// person entered in the PIM after a draft or correction was made is never
// overwritten by it. Push, just before the write, refuses a draft whose
// product changed in staging since it was drafted (a description whose facts
// differ, a correction whose target no longer holds the value it corrects);
// and the next products run closes (obsolete) the open drafts whose slot no
// longer has the problem, approved corrections included.
func TestStaleDraftsNeverOverwriteAnEditor(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 120, 31, sandbox.ConfigOptions{Generator: "template"})
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

	// Staging changed since drafting (a later read), no check in between:
	// the push refuses the stale description and correction.
	rename := `UPDATE staged SET payload = json_set(payload, '$.values.name[0].data', 'Renamed since')
		WHERE data_type = 'products' AND json_extract(payload, '$.sku') = ?`
	for _, sku := range []string{described[1], named[1]} {
		if _, err := st.DB().Exec(rename, sku); err != nil {
			t.Fatal(err)
		}
	}
	out, code := steward(t, "drafts", "push", itoa(int(drafts[1].ID)), itoa(int(drafts[3].ID)), "--config", cfg)
	if code != 0 || !strings.Contains(out, "0 pushed") || !strings.Contains(out, "2 flagged at the re-check") {
		t.Fatalf("push of drafts whose product changed (exit %d):\n%s", code, out)
	}
	for _, d := range []store.Draft{drafts[1], drafts[3]} {
		if got := draftOf(t, st, d.Kind, d.SKU); got.Status != store.DraftFlagged || !strings.Contains(got.Reason, "the product changed since drafting") {
			t.Errorf("stale %s of %s is %s (%q), want flagged", d.Kind, d.SKU, got.Status, got.Reason)
		}
		if v, _ := sb.Akeneo.Value(d.SKU, d.Attribute); d.Kind == store.DraftDescription && v != nil || d.Kind == store.DraftCorrection && fmt.Sprint(v) != "Old name  " {
			t.Errorf("the PIM's %s of %s became %v", d.Attribute, d.SKU, v)
		}
	}

	// Editors write in the PIM; the next run reads it and closes the drafts
	// whose slot no longer has the problem, whatever their status.
	patch(t, sb.AkeneoURL, described[0], `{"description":[{"locale":"en_US","scope":"ecommerce","data":"Written by an editor"}]}`)
	patch(t, sb.AkeneoURL, named[0], `{"name":[{"locale":"en_US","scope":null,"data":"New name by editor"}]}`)
	rerun(t, cfg)
	for _, d := range []store.Draft{drafts[0], drafts[2]} {
		got := draftOf(t, st, d.Kind, d.SKU)
		if got.ID != d.ID || got.Status != store.DraftObsolete || !strings.Contains(got.Reason, "no longer has this problem") {
			t.Errorf("%s draft %d of %s after the editor's change: %s (%q), want obsolete", d.Kind, d.ID, d.SKU, got.Status, got.Reason)
		}
	}
	if _, code := steward(t, "drafts", "approve", "--all", "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatal("approve --all failed")
	}
	if _, code := steward(t, "drafts", "push", "--all", "--config", cfg); code != 0 {
		t.Fatal("push failed")
	}
	if v, _ := sb.Akeneo.Value(described[0], "description"); fmt.Sprint(v) != "Written by an editor" {
		t.Errorf("the editor's description of %s became %v", described[0], v)
	}
	if v, _ := sb.Akeneo.Value(named[0], "name"); fmt.Sprint(v) != "New name by editor" {
		t.Errorf("the editor's name of %s became %v", named[0], v)
	}
}
