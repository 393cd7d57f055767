package console

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// productsJob is the job whose runs drafted the test drafts.
var productsJob = config.Job{Name: "products", DataType: "products", Extract: config.Extract{System: "pim"}}

// seeded is one test draft; zero fields take defaults.
type seeded struct {
	Kind, Family, Locale, Channel, Status, Rule, Reason, SKU, Text, Current, Facts string
}

// seed stores drafts from one run of productsJob, each with a staged product
// holding its current value, and returns their ids in order.
func (f *fixture) seed(t *testing.T, ds ...seeded) []int64 {
	t.Helper()
	ctx := t.Context()
	f.cfg.Jobs = []config.Job{productsJob}
	run, err := f.st.BeginRun(ctx, productsJob.Name, "manual")
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range ds {
		d = d.withDefaults(i)
		key := "p-" + d.SKU
		p := transform.Product{ID: key, Identifier: d.SKU, Family: d.Family}
		if d.Current != "" {
			p.Values = []transform.Value{{Attribute: "description", Locale: d.Locale, Channel: d.Channel, Kind: transform.KindText, Text: d.Current}}
		}
		payload, _ := json.Marshal(p)
		if _, err := f.st.DB().ExecContext(ctx, `INSERT OR REPLACE INTO staged (data_type, source, key, hash, payload, updated_at, first_run, last_run)
			VALUES ('products', 'pim', ?, 'h', ?, '', ?, ?)`, key, payload, run, run); err != nil {
			t.Fatal(err)
		}
		value, _ := json.Marshal(d.Text)
		if _, err := f.st.AddDraft(ctx, store.Draft{Kind: d.Kind, ProductKey: key, SKU: d.SKU, Family: d.Family, Attribute: "description",
			Locale: d.Locale, Channel: d.Channel, Value: string(value), Rule: d.Rule, Generator: "test", Model: "m", PromptVersion: "1",
			InputHash: strconv.Itoa(i), Status: d.Status, Reason: d.Reason, RunID: run, Facts: d.Facts}); err != nil {
			t.Fatal(err)
		}
	}
	var all []int64
	if err := f.st.DB().SelectContext(ctx, &all, `SELECT id FROM drafts ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	return all[len(all)-len(ds):]
}

func (d seeded) withDefaults(i int) seeded {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&d.Kind, store.DraftDescription)
	def(&d.Family, "shirts")
	def(&d.Locale, "en_US")
	def(&d.Channel, "ecommerce")
	def(&d.Status, store.DraftPending)
	def(&d.Rule, "description_required")
	def(&d.SKU, fmt.Sprintf("SKU-%04d", i))
	def(&d.Text, "A soft cotton shirt in blue.")
	def(&d.Facts, `{"color":"blue","material":"cotton"}`)
	return d
}

var itemID = regexp.MustCompile(`id="d(\d+)"`)

// shownIDs lists the draft ids a review page shows, in order.
func shownIDs(body string) []int64 {
	var out []int64
	for _, m := range itemID.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, id)
	}
	return out
}

// draft reads one draft from the store.
func (f *fixture) draft(t *testing.T, id int64) store.Draft {
	t.Helper()
	ds, err := f.st.Drafts(t.Context(), store.DraftFilter{IDs: []int64{id}})
	if err != nil || len(ds) != 1 {
		t.Fatalf("read draft %d: %v (%d found)", id, err, len(ds))
	}
	return ds[0]
}

// decisions lists the audit trail, newest first.
func (f *fixture) decisions(t *testing.T) []store.DecisionRecord {
	t.Helper()
	rs, err := f.st.DecisionLog(t.Context(), store.DecisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}
