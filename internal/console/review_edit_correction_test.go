package console

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
	"github.com/stewardhq/steward/transform/drafts"
)

const correctionRules = `version: 1
rules:
  - {id: name-no-stray-whitespace, type: pattern, attribute: name, locales: [en_US], pattern: '^\S(.*\S)?$', fix: trim}
  - {id: name-length, type: length, severity: warning, attribute: name, locales: [en_US], min: 3, max: 255}
  - {id: color-option, type: options, attribute: color, options: [black, red, blue], fix: case}
  - id: weight-unit
    type: unit
    attribute: weight
    units: [KILOGRAM, GRAM]
    spellings: {KG: KILOGRAM}
    fix: unit
    magnitude: {shirts: [0.1, 1.5]}
`

// seedCorrection stages a shirt holding current and stores the correction
// rule proposed for it, as a products run does, with the job's rules file.
func (f *fixture) seedCorrection(t *testing.T, rule string, current, proposed transform.Value) int64 {
	t.Helper()
	ctx := t.Context()
	rules := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(rules, []byte(correctionRules), 0o600); err != nil {
		t.Fatal(err)
	}
	job := productsJob
	job.Quality = &config.QualitySpec{Rules: rules}
	f.cfg.Jobs = []config.Job{job}
	run, err := f.st.BeginRun(ctx, job.Name, "manual")
	if err != nil {
		t.Fatal(err)
	}
	p := transform.Product{ID: "p-S1", Identifier: "S1", Family: "shirts", Values: []transform.Value{current}}
	payload, _ := json.Marshal(p)
	if _, err := f.st.DB().ExecContext(ctx, `INSERT INTO staged (data_type, source, key, hash, payload, updated_at, first_run, last_run)
		VALUES ('products', 'pim', 'p-S1', 'h', ?, '', ?, ?)`, payload, run, run); err != nil {
		t.Fatal(err)
	}
	was, _ := json.Marshal(current)
	value, _ := json.Marshal(proposed)
	if _, err := f.st.AddDraft(ctx, store.Draft{Kind: store.DraftCorrection, ProductKey: "p-S1", SKU: "S1", Family: "shirts",
		Attribute: current.Attribute, Locale: current.Locale, Value: string(value), Rule: rule, Generator: "rule", InputHash: "h",
		Status: store.DraftPending, Reason: "proposed by " + rule, RunID: run, Facts: drafts.Facts{"corrects": string(was)}.JSON()}); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := f.st.DB().GetContext(ctx, &id, `SELECT max(id) FROM drafts`); err != nil {
		t.Fatal(err)
	}
	return id
}

// editCases posts each refused form and then the accepted one; refused
// edits change nothing and are not audited.
func (f *fixture) editCases(t *testing.T, id int64, refused map[string]url.Values, says map[string]string, ok url.Values) store.Draft {
	t.Helper()
	before := f.draft(t, id)
	for name, form := range refused {
		form.Set("seen", before.UpdatedAt)
		w := f.post(t, ana, "/review/"+itoa(id)+"/edit", form)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), says[name]) {
			t.Errorf("%s: %d, want 422 saying %q:\n%s", name, w.Code, says[name], w.Body)
		}
	}
	if d := f.draft(t, id); d.Value != before.Value || d.Status != before.Status || len(f.decisions(t)) != 0 {
		t.Fatalf("refused edits changed the draft: %s %s", d.Status, d.Value)
	}
	ok.Set("seen", before.UpdatedAt)
	if w := f.post(t, ana, "/review/"+itoa(id)+"/edit", ok); w.Code != http.StatusSeeOther {
		t.Fatalf("edit %v: %d\n%s", ok, w.Code, w.Body)
	}
	rs := f.decisions(t)
	if len(rs) != 1 || rs[0].Before == "" || !strings.Contains(rs[0].Before, strings.Trim(before.Value, "{}")) {
		t.Errorf("audit of the edit does not keep the proposal %s: %+v", before.Value, rs)
	}
	return f.draft(t, id)
}

// TestReviewEditCorrectionMetric (issue 9 item 1): a unit correction is
// edited as an exact decimal amount and one of the units its rule accepts;
// an amount that is not a decimal, a unit the rule refuses and an amount the
// rule finds implausible are refused with the reason; the accepted edit is
// stored as typed, approved, and audited with the proposal.
func TestReviewEditCorrectionMetric(t *testing.T) {
	f := newFixture(t)
	id := f.seedCorrection(t, "weight-unit",
		transform.Value{Attribute: "weight", Kind: transform.KindMetric, Number: "0.5", Unit: "KG"},
		transform.Value{Attribute: "weight", Kind: transform.KindMetric, Number: "0.5", Unit: "KILOGRAM"})
	if page := f.get(t, ana, "/review").Body.String(); !strings.Contains(page, "/review/"+itoa(id)+"/edit") {
		t.Errorf("the queue offers no edit of the correction")
	}
	form := f.get(t, ana, "/review/"+itoa(id)+"/edit").Body.String()
	for _, want := range []string{`name="amount"`, `value="0.5"`, `<option value="KILOGRAM" selected>`, `<option value="GRAM">`} {
		if !strings.Contains(form, want) {
			t.Errorf("the edit form lacks %s:\n%s", want, form)
		}
	}
	metric := func(amount, unit string) url.Values { return url.Values{"amount": {amount}, "unit": {unit}} }
	d := f.editCases(t, id, map[string]url.Values{
		"comma": metric("0,5", "KILOGRAM"), "exponent": metric("5e2", "GRAM"), "float noise": metric("0.1.2", "GRAM"),
		"unit": metric("0.5", "KG"), "implausible": metric("5", "KILOGRAM"), "no unit": metric("500", ""),
	}, map[string]string{
		"comma": "is not a decimal", "exponent": "is not a decimal", "float noise": "is not a decimal",
		"unit": "rule weight-unit still fails", "implausible": "implausible for family shirts", "no unit": "the unit is empty",
	}, metric("480.25", "GRAM"))
	if d.Value != `{"attribute":"weight","kind":"metric","number":"480.25","unit":"GRAM"}` || d.Status != store.DraftApproved || d.Reviewer != ana.Name {
		t.Errorf("edited correction: %s %s by %s", d.Value, d.Status, d.Reviewer)
	}
}

// TestReviewEditCorrectionText (issue 9 item 1): a trimmed name is edited as
// text; a text that breaks another rule the proposal passes, or that the
// guardrail flags (a link, a number no fact grounds), is refused.
func TestReviewEditCorrectionText(t *testing.T) {
	f := newFixture(t)
	id := f.seedCorrection(t, "name-no-stray-whitespace",
		transform.Value{Attribute: "name", Locale: "en_US", Kind: transform.KindText, Text: "  Classic Shirt 77 "},
		transform.Value{Attribute: "name", Locale: "en_US", Kind: transform.KindText, Text: "Classic Shirt 77"})
	text := func(s string) url.Values { return url.Values{"value": {s}} }
	d := f.editCases(t, id, map[string]url.Values{
		"short": text("ab"), "link": text("Classic Shirt, see www.shop.example"), "number": text("Classic Shirt 78"), "empty": text("  "),
	}, map[string]string{
		"short": "the edit breaks rule name-length", "link": "the guardrail flags this text", "number": "not grounded", "empty": "the value is empty",
	}, text("Classic Shirt 77 in blue"))
	if d.Value != `{"attribute":"name","locale":"en_US","kind":"text","text":"Classic Shirt 77 in blue"}` || d.Status != store.DraftApproved {
		t.Errorf("edited correction: %s %s", d.Value, d.Status)
	}
}

// TestReviewEditCorrectionOption (issue 9 item 1): a letter-case correction
// of an option is edited to another option the rule lists; an option the rule
// does not list is refused with the rule's message.
func TestReviewEditCorrectionOption(t *testing.T) {
	f := newFixture(t)
	id := f.seedCorrection(t, "color-option",
		transform.Value{Attribute: "color", Kind: transform.KindOption, Text: "RED"},
		transform.Value{Attribute: "color", Kind: transform.KindOption, Text: "red"})
	d := f.editCases(t, id, map[string]url.Values{"unknown": {"value": {"purple"}}},
		map[string]string{"unknown": `rule color-option still fails: option &#34;purple&#34; of color does not exist`},
		url.Values{"value": {"blue"}})
	if d.Value != `{"attribute":"color","kind":"option","text":"blue"}` {
		t.Errorf("edited correction: %s", d.Value)
	}
}

// TestReviewEditCorrectionUnchecked: an edit the proposing rule cannot check
// (the rule left the rules file, the product is no longer staged) is refused
// with why; the proposal may still be approved as it is.
func TestReviewEditCorrectionUnchecked(t *testing.T) {
	f := newFixture(t)
	id := f.seedCorrection(t, "color-option",
		transform.Value{Attribute: "color", Kind: transform.KindOption, Text: "RED"},
		transform.Value{Attribute: "color", Kind: transform.KindOption, Text: "red"})
	if err := os.WriteFile(f.cfg.Jobs[0].Quality.Rules, []byte("version: 1\nrules:\n  - {id: other, type: required, attribute: name}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.editRefused(t, id, "rule color-option that proposed it is no longer in the rules")
	if err := os.WriteFile(f.cfg.Jobs[0].Quality.Rules, []byte(correctionRules), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.DB().ExecContext(t.Context(), `DELETE FROM staged`); err != nil {
		t.Fatal(err)
	}
	f.editRefused(t, id, "product S1 is not staged, so the edit cannot be checked")
	if w := f.post(t, ana, "/review/"+itoa(id)+"/approve", url.Values{}); w.Code != http.StatusSeeOther {
		t.Errorf("approving the proposal as it is: %d", w.Code)
	}
}

func (f *fixture) editRefused(t *testing.T, id int64, says string) {
	t.Helper()
	w := f.post(t, ana, "/review/"+itoa(id)+"/edit", url.Values{"value": {"blue"}})
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), says) {
		t.Errorf("edit: %d, want 422 saying %q:\n%s", w.Code, says, w.Body)
	}
	if d := f.draft(t, id); d.Status != store.DraftPending {
		t.Errorf("a refused edit left the draft %s", d.Status)
	}
}
