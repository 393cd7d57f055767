package console

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
)

const figureRules = `version: 1
rules:
  - {id: desc, type: required, attribute: description, locales: [en_US], channels: [ecommerce]}
  - {id: color, type: options, attribute: color, options: [red, blue], fix: case}
  - {id: ean, type: gtin, attribute: ean}
  - {id: img, type: media, attribute: image, severity: warning}
  - {id: complete, type: completeness, severity: warning}
`

// figureProducts are eight products of two families with a mix of issues.
func figureProducts() []transform.Product {
	txt := func(a, s string) transform.Value {
		return transform.Value{Attribute: a, Kind: transform.KindText, Text: s}
	}
	opt := func(a, s string) transform.Value {
		return transform.Value{Attribute: a, Kind: transform.KindOption, Text: s}
	}
	desc := func(loc string) transform.Value {
		v := txt("description", "ok")
		v.Locale, v.Channel = loc, "ecommerce"
		return v
	}
	var ps []transform.Product
	for i, vs := range [][]transform.Value{
		{desc("en_US"), desc("de_DE"), opt("color", "red"), txt("ean", "4006381333931")},
		{opt("color", "Blue"), txt("ean", "4006381333932")},
		{desc("en_US"), opt("color", "green")},
		{desc("en_US"), desc("de_DE"), opt("color", "blue"), txt("ean", "4006381333931")},
		{desc("de_DE"), txt("ean", "1")},
		{desc("en_US"), opt("color", "red")},
		{},
		{desc("en_US"), desc("de_DE"), opt("color", "red"), txt("ean", "4006381333931")},
	} {
		ps = append(ps, transform.Product{ID: fmt.Sprintf("u%d", i+1), Identifier: fmt.Sprintf("SKU-%d", i+1),
			Family: []string{"shirts", "shoes", "shoes"}[i%3], Updated: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), Values: vs})
	}
	return ps
}

// figureCheck runs the rules over the products as the quality job does and
// stores the check as a run of job "products".
func figureCheck(t *testing.T, st *store.Store, at time.Time) int64 {
	t.Helper()
	ctx := t.Context()
	rs, err := quality.ParseRules("r.yaml", []byte(figureRules))
	if err != nil {
		t.Fatal(err)
	}
	fam := quality.FamilySchema{Attributes: []string{"description", "ean", "color"},
		Required: map[string][]string{"ecommerce": {"description"}, "print": {"ean"}}}
	pim := &quality.PIMSchema{Families: map[string]quality.FamilySchema{"shirts": fam, "shoes": fam},
		ChannelLocales: map[string][]string{"ecommerce": {"en_US", "de_DE"}, "print": {"en_US"}}}
	runID := opsRun(t, st, "products", store.TriggerSchedule, store.StatusSucceeded, "")
	w, err := st.NewQualityWriter(ctx, runID)
	if err != nil {
		t.Fatal(err)
	}
	products := figureProducts()
	sum, err := rs.Check(func(fn func(transform.Product) error) error {
		for _, p := range products {
			if err := fn(p); err != nil {
				return err
			}
		}
		return nil
	}, &quality.Context{Now: at, PIM: pim}, func(_ transform.Product, res quality.ProductResult) error {
		if len(res.Violations) == 0 {
			return nil
		}
		score, rows := quality.Rows(res)
		return w.Add(ctx, score, rows)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Finish(ctx, quality.RunRow("products", sum, at)); err != nil {
		t.Fatal(err)
	}
	return runID
}

// TestReviewQualityFiguresMatchTheReport: the quality page of a check shows
// the figures the HTML report of the same run shows: the score, and per
// rule, per family and per channel × locale the same counts, scores and
// grades.
func TestReviewQualityFiguresMatchTheReport(t *testing.T) {
	f := opsFixture(t, nil)
	runID := figureCheck(t, f.st, time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC))
	rep, err := quality.LoadReport(t.Context(), f.st, runID)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := quality.Render(context.Background(), &buf, f.st, rep, "html"); err != nil {
		t.Fatal(err)
	}
	w := f.get(t, viewer, "/quality?job=products")
	if w.Code != 200 {
		t.Fatalf("quality page: %d", w.Code)
	}
	report, page := tablesOf(buf.String()), tablesOf(w.Body.String())
	if a, b := bigScore(buf.String()), bigScore(w.Body.String()); a == "" || a != b {
		t.Errorf("score: report %q, console %q", a, b)
	}
	if len(rep.Summary.Grades) == 0 || len(rep.Summary.Families) < 2 {
		t.Fatalf("the check graded nothing: %+v", rep.Summary)
	}
	want, got := map[string]string{}, map[string]string{}
	for _, r := range report["Violations by rule"] {
		want["rule "+r[0]] = r[5] + " fixable " + r[6]
	}
	for _, r := range page["By rule"] {
		got["rule "+strings.Fields(r[0])[0]] = r[3] + " fixable " + r[4]
	}
	for _, r := range report["By family"] {
		want["family "+r[0]] = r[3] + " " + r[2] + "/" + r[1]
	}
	for _, r := range page["By family"] {
		got["family "+r[0]] = r[1] + " " + r[2] + " " + strings.ReplaceAll(r[3], " ", "")
	}
	for _, r := range report["Grades by channel and locale"] {
		want["cell "+r[0]] = fmt.Sprint(r[6], " ", r[2], "/", r[1], " ", r[7:])
	}
	for _, r := range page["By channel × locale"] {
		got["cell "+r[0]+"/"+r[1]] = fmt.Sprint(r[2], " ", r[3], " ", strings.ReplaceAll(r[4], " ", ""), " ", r[5:])
	}
	if n := len(rep.Summary.Rules) + len(rep.Summary.Families) + len(rep.Summary.Grades); len(want) != n {
		t.Errorf("read %d rows of the report, its summary has %d: %v", len(want), n, want)
	}
	sameRows(t, want, got)
}

// sameRows compares the report's rows with the console's, by name.
func sameRows(t *testing.T, want, got map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: report %q, console %q", k, v, got[k])
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: console shows %q, the report has no such row", k, v)
		}
	}
}

var (
	h2Re   = regexp.MustCompile(`(?s)<h2>(.*?)</h2>`)
	rowRe  = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	cellRe = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	tagRe  = regexp.MustCompile(`<[^>]*>`)
	bigRe  = regexp.MustCompile(`class="big">([0-9.]+ %)`)
)

// tablesOf reads the table rows of a page by the heading above them, each
// row its cells' text.
func tablesOf(page string) map[string][][]string {
	out := map[string][][]string{}
	parts := h2Re.FindAllStringSubmatchIndex(page, -1)
	for i, m := range parts {
		end := len(page)
		if i+1 < len(parts) {
			end = parts[i+1][0]
		}
		head := strings.TrimSpace(tagRe.ReplaceAllString(page[m[2]:m[3]], ""))
		for _, row := range rowRe.FindAllStringSubmatch(page[m[1]:end], -1) {
			var cells []string
			for _, c := range cellRe.FindAllStringSubmatch(row[1], -1) {
				cells = append(cells, strings.Join(strings.Fields(tagRe.ReplaceAllString(c[1], " ")), " "))
			}
			if len(cells) > 1 {
				out[head] = append(out[head], cells)
			}
		}
	}
	return out
}

func bigScore(page string) string {
	if m := bigRe.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}
