package quality

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// The SQLite store implements what a report is made from.
var _ ReportStore = (*store.Store)(nil)

// reportFrom assembles a ReportStore from stored results and other drafts.
type reportFrom struct {
	Results
	ReportDrafts
}

// memDrafts are drafts kept in memory; it records the filters it is asked.
type memDrafts struct {
	drafts  []store.Draft
	counts  map[string]map[string]int
	filters []store.DraftFilter
}

func (m *memDrafts) Drafts(_ context.Context, f store.DraftFilter) ([]store.Draft, error) {
	m.filters = append(m.filters, f)
	return m.drafts, nil
}

func (m *memDrafts) DraftCounts(context.Context) (map[string]map[string]int, error) {
	return m.counts, nil
}

// TestReportFromAnotherStore: a report reads its drafts only through
// ReportDrafts. With the results in SQLite and the drafts in memory, the
// report asks for the pending drafts it shows and shows the memory's.
func TestReportFromAnotherStore(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rs, err := ParseRules("r.yaml", []byte(goldenRules))
	if err != nil {
		t.Fatal(err)
	}
	runID := checkInto(t, st, rs, goldenProducts(), time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC))
	mem := &memDrafts{
		drafts: []store.Draft{{ID: 7, Kind: store.DraftDescription, SKU: "SKU-2", Attribute: "description",
			Value: `"kept in memory"`, Generator: "template", Status: store.DraftPending}},
		counts: map[string]map[string]int{store.DraftDescription: {store.DraftPending: 7}},
	}
	rep, err := LoadReport(t.Context(), reportFrom{Results: st, ReportDrafts: mem}, runID)
	if err != nil {
		t.Fatal(err)
	}
	want := store.DraftFilter{Status: store.DraftPending, Limit: DraftsShown}
	if len(mem.filters) != 1 || mem.filters[0].Status != want.Status || mem.filters[0].Limit != want.Limit {
		t.Errorf("drafts asked with %+v; want once with %+v", mem.filters, want)
	}
	if rep.Summary.Checked != 4 || rep.PendingCount(store.DraftDescription) != 7 || len(rep.Drafts) != 1 {
		t.Errorf("report checked %d, %d pending descriptions, %d drafts; want 4 from SQLite, 7 and 1 from memory",
			rep.Summary.Checked, rep.PendingCount(store.DraftDescription), len(rep.Drafts))
	}
	var buf bytes.Buffer
	if err := Render(t.Context(), &buf, st, rep, "html"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "kept in memory") {
		t.Error("the HTML report does not show the draft kept in memory")
	}
}
