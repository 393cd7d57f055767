package transform

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// counter returns canonical ids c1, c2, ... in order.
func counter() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("c%d", n) }
}

// resolvePage resolves records (native id → keys) of one system as one page
// and commits the links.
func resolvePage(t *testing.T, s *store.Store, cw *Crosswalk, recs map[string]map[string]string, order ...string) map[string]Identity {
	t.Helper()
	if err := cw.Load(t.Context(), order); err != nil {
		t.Fatal(err)
	}
	out := map[string]Identity{}
	for _, id := range order {
		got, err := cw.Resolve(t.Context(), id, recs[id])
		if err != nil {
			t.Fatal(err)
		}
		out[id] = got
	}
	if err := s.PutLinks(t.Context(), cw.Links()); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCrosswalkFillsAndReusesIDs(t *testing.T) {
	s := openStore(t)
	ids := counter()
	pim, err := NewCrosswalk(s, Products, "pim", []string{"sku", "gtin"}, ids)
	if err != nil {
		t.Fatal(err)
	}
	first := resolvePage(t, s, pim, map[string]map[string]string{
		"u1": {"sku": "A", "gtin": "4000000000017"}, "u2": {"sku": "B"}}, "u1", "u2")
	if !first["u1"].New || first["u1"].CanonicalID != "c1" || first["u2"].CanonicalID != "c2" {
		t.Fatalf("first pass: %+v", first)
	}
	// A rerun reuses the ids, whatever the keys say now.
	again := resolvePage(t, s, pim, map[string]map[string]string{"u1": {"sku": "A2", "gtin": "4000000000017"}}, "u1")
	if again["u1"].CanonicalID != "c1" || again["u1"].New || pim.Report.Known != 1 {
		t.Fatalf("rerun: %+v, report %+v", again, pim.Report)
	}
	// The ERP's records match the PIM's by SKU, then by GTIN; one matches nothing.
	erp, _ := NewCrosswalk(s, Products, "erp", []string{"sku", "gtin"}, ids)
	got := resolvePage(t, s, erp, map[string]map[string]string{
		"M-1": {"sku": "B"}, "M-2": {"sku": "ZZ", "gtin": "4000000000017"}, "M-3": {"sku": "Q"}}, "M-1", "M-2", "M-3")
	if got["M-1"].CanonicalID != "c2" || got["M-1"].MatchKey != "sku" {
		t.Errorf("M-1 by sku: %+v", got["M-1"])
	}
	if got["M-2"].CanonicalID != "c1" || got["M-2"].MatchKey != "gtin" {
		t.Errorf("M-2 by gtin: %+v", got["M-2"])
	}
	if !got["M-3"].New || got["M-3"].CanonicalID != "c3" {
		t.Errorf("M-3 should be new: %+v", got["M-3"])
	}
	r := erp.Report
	if r.Matched != 2 || r.New != 1 || len(r.Unmatched) != 1 || r.Unmatched[0] != "M-3" {
		t.Errorf("report %+v", r)
	}
	links, _ := s.LinksOf(t.Context(), "products", "c1")
	if len(links) != 2 || links[0].System != "erp" || links[0].MatchKey != "gtin" || links[0].MatchValue != "4000000000017" {
		t.Errorf("crosswalk of c1: %+v", links)
	}
}

// TESTING.md row 37: two PIM products with one GTIN; an ERP record carrying
// that GTIN escalates instead of taking either.
func TestCrosswalkAmbiguousGTINDoesNotGuess(t *testing.T) {
	s := openStore(t)
	ids := counter()
	pim, _ := NewCrosswalk(s, Products, "pim", nil, ids)
	pimIDs := resolvePage(t, s, pim, map[string]map[string]string{
		"u1": {"sku": "A", "gtin": "G"}, "u2": {"sku": "B", "gtin": "G"}}, "u1", "u2")
	if pimIDs["u1"].CanonicalID == pimIDs["u2"].CanonicalID {
		t.Fatal("two PIM products were made one entity")
	}
	erp, _ := NewCrosswalk(s, Products, "erp", []string{"sku", "gtin"}, ids)
	got := resolvePage(t, s, erp, map[string]map[string]string{"M-9": {"sku": "C", "gtin": "G"}}, "M-9")["M-9"]
	if got.CanonicalID != "" || len(got.Ambiguous) != 2 || got.MatchKey != "gtin" || got.MatchValue != "G" {
		t.Fatalf("ambiguous GTIN resolved to %+v", got)
	}
	if l, _ := s.Links(t.Context(), "erp", "products", []string{"M-9"}); len(l) != 0 {
		t.Errorf("an ambiguous record was linked: %+v", l)
	}
	if erp.Report.Ambiguous != 1 || !strings.Contains(erp.Report.String(), "M-9 (gtin G: 2 records)") {
		t.Errorf("report: %s", erp.Report)
	}
}

// A second record of one system matching an entity another record of that
// system already holds is ambiguous too: one entity, one record per system.
func TestCrosswalkEntityTakenBySameSystem(t *testing.T) {
	s := openStore(t)
	ids := counter()
	pim, _ := NewCrosswalk(s, Products, "pim", nil, ids)
	resolvePage(t, s, pim, map[string]map[string]string{"u1": {"sku": "A"}}, "u1")
	erp, _ := NewCrosswalk(s, Products, "erp", nil, ids)
	got := resolvePage(t, s, erp, map[string]map[string]string{"M-1": {"sku": "A"}, "M-2": {"sku": "A"}}, "M-1", "M-2")
	if got["M-1"].CanonicalID != "c1" || got["M-2"].CanonicalID != "" || len(got["M-2"].Ambiguous) != 2 {
		t.Errorf("got %+v", got)
	}
}

func TestNewCrosswalkRejectsUnknownMatchKey(t *testing.T) {
	if _, err := NewCrosswalk(nil, Prices, "erp", []string{"gtin"}, nil); err == nil || !strings.Contains(err.Error(), `"gtin"`) {
		t.Errorf("err = %v", err)
	}
}
