package console

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
)

// summary is a check's summary with two rules, two families and two cells.
func summary(score float64) quality.Summary {
	return quality.Summary{Checked: 100, Passing: int(score), Score: score, Grade: quality.Grade(score),
		Axes: quality.Axes{Enrichment: 70, EnrichmentGrade: "C", Consistency: 95, ConsistencyGrade: "A"},
		Rules: []quality.RuleCount{
			{ID: "description-required", Type: "required", Severity: "error", Attribute: "description", Violations: int(100 - score)},
			{ID: "spelling", Type: "spelling", Severity: "warning", Attribute: "name", Violations: 3},
		},
		Families: []quality.Group{{Name: "shirts", Checked: 60, Passing: 30, Score: 50, Grade: "E"}, {Name: "shoes", Checked: 40, Passing: 38, Score: 95, Grade: "A"}},
		Grades: []quality.CellGroup{
			{Channel: "ecommerce", Locale: "en_US", Products: 100, Complete: 80, Score: 82, Grade: "B", Grades: map[string]int{"A": 50, "B": 30, "E": 20}},
			{Channel: "ecommerce", Locale: "de_DE", Products: 100, Complete: 40, Score: 55, Grade: "E", Grades: map[string]int{"A": 10, "D": 30, "E": 60}},
		},
	}
}

func vio(rule, severity, channel, locale, value string) store.ViolationRow {
	return store.ViolationRow{Rule: rule, Severity: severity, Channel: channel, Locale: locale, Value: value, Attribute: "description"}
}

// threeProducts are the products with issues the filter tests select from.
func threeProducts() []checked {
	return []checked{
		product("k1", "SKU-1", "shirts", "ecommerce/en_US:E ecommerce/de_DE:A", vio("description-required", "error", "ecommerce", "en_US", "")),
		product("k2", "SKU-2", "shoes", "ecommerce/de_DE:B", vio("spelling", "warning", "ecommerce", "de_DE", "Leathr")),
		product("k3", "SKU-3", "shirts", "ecommerce/en_US:A", vio("description-required", "error", "ecommerce", "de_DE", "cotton shirt")),
	}
}

func TestQualityPageShowsTheLatestCheck(t *testing.T) {
	f := opsFixture(t, nil)
	opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0, summary(60))
	live := opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0.Add(24*time.Hour), summary(75),
		product("k<1>", "<script>alert(1)</script>", "shirts", "ecommerce/en_US:E", vio("description-required", "error", "ecommerce", "en_US", "")))
	opsCheck(t, f.st, "products", store.TriggerBackfill, opsT0.Add(48*time.Hour), summary(12))
	w := f.get(t, viewer, "/quality")
	if w.Code != http.StatusOK {
		t.Fatalf("GET /quality: %d %s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{
		"75.0 %", fmt.Sprintf(`href="/runs/%d"`, live), "75 of 100 products pass", "2026-11-02 02:00:00 UTC",
		">description-required<", ">spelling<", ">shirts<", ">shoes<", "40 / 100", // de_DE complete
		`A: 60`, `E: 80`, // grade totals over cells
		"&lt;script&gt;alert(1)&lt;/script&gt;", `href="/products/k%3C1%3E?job=products"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("quality page lacks %s", want)
		}
	}
	for _, unwanted := range []string{"<script>alert", "12.0 %"} {
		if strings.Contains(body, unwanted) {
			t.Errorf("quality page shows %s", unwanted)
		}
	}
}

// listed returns the SKUs of the products table, in order.
func listed(body string) []string {
	i := strings.Index(body, "Products with issues")
	var out []string
	for _, m := range regexp.MustCompile(`data-label="SKU"><a [^>]*>([^<]+)</a>`).FindAllStringSubmatch(body[i:], -1) {
		out = append(out, m[1])
	}
	return out
}

func TestQualityFiltersSelectWhatTheySay(t *testing.T) {
	f := opsFixture(t, nil)
	opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0, summary(70), threeProducts()...)
	for query, want := range map[string]string{
		"":                  "SKU-1 SKU-2 SKU-3",
		"?family=shirts":    "SKU-1 SKU-3",
		"?rule=spelling":    "SKU-2",
		"?severity=warning": "SKU-2",
		"?locale=de_DE":     "SKU-2 SKU-3",
		"?rule=description-required&locale=de_DE": "SKU-3",
		"?grade=E":                   "SKU-1",
		"?grade=A&locale=de_DE":      "SKU-1",
		"?grade=A&locale=en_US":      "SKU-3",
		"?grade=b&channel=ecommerce": "SKU-2",
		"?q=cotton":                  "SKU-3",
		"?q=SKU-2":                   "SKU-2",
		"?q=nothing-like-it":         "",
		"?job=products&family=shoes": "SKU-2",
	} {
		w := f.get(t, viewer, "/quality"+query)
		if w.Code != http.StatusOK {
			t.Fatalf("GET /quality%s: %d %s", query, w.Code, w.Body)
		}
		if got := strings.Join(listed(w.Body.String()), " "); got != want {
			t.Errorf("/quality%s lists %q, want %q", query, got, want)
		}
	}
	w := f.get(t, viewer, "/quality?family=shoes")
	if body := w.Body.String(); strings.Contains(body, `>shirts</a></td>`) || !strings.Contains(body, `>shoes</a></td>`) {
		t.Errorf("the family breakdown is not filtered")
	}
	for _, bad := range []string{"?grade=F", "?severity=fatal"} {
		if w := f.get(t, viewer, "/quality"+bad); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "filter") {
			t.Errorf("GET /quality%s: %d, want 400 naming the filter", bad, w.Code)
		}
	}
}

func TestQualityKeysetPaging(t *testing.T) {
	f := opsFixture(t, nil)
	var ps []checked
	for i := range 120 {
		ps = append(ps, product(fmt.Sprintf("k%03d", i), fmt.Sprintf("S%03d", i), "shirts", "ecommerce/en_US:E", vio("spelling", "warning", "", "", "x")))
	}
	opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0, summary(70), ps...)
	next := regexp.MustCompile(`href="(/quality\?[^"]*)" rel="next"`)
	page, seen := "/quality?family=shirts", []string{}
	for range 3 {
		body := f.get(t, viewer, page).Body.String()
		seen = append(seen, listed(body)...)
		m := next.FindStringSubmatch(body)
		if m == nil {
			break
		}
		page = strings.ReplaceAll(m[1], "&amp;", "&")
		if !strings.Contains(page, "family=shirts") {
			t.Fatalf("the next page %s drops the filter", page)
		}
	}
	if len(seen) != 120 || seen[0] != "S000" || seen[50] != "S050" || seen[119] != "S119" {
		t.Fatalf("paged through %d products: %v", len(seen), seen)
	}
}

func TestQualityTrendLeavesOutBackfillRuns(t *testing.T) {
	f := opsFixture(t, nil)
	for i, score := range []float64{61, 67, 94} {
		opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0.Add(time.Duration(i)*24*time.Hour), summary(score))
	}
	opsCheck(t, f.st, "products", store.TriggerBackfill, opsT0.Add(72*time.Hour), summary(12.5))
	body := f.get(t, viewer, "/quality/trend").Body.String()
	for _, want := range []string{"<svg", "<polyline", "Score of products", "Violations per rule", "Score per family",
		"description-required", "spelling", "shirts", "shoes", "2026-11-01", "2026-11-03", "94.0 %", "3 check(s)"} {
		if !strings.Contains(body, want) {
			t.Errorf("trend lacks %s", want)
		}
	}
	if strings.Contains(body, "12.5") || strings.Contains(body, ">backfill<") {
		t.Errorf("the trend shows the backfill run by default")
	}
	with := f.get(t, viewer, "/quality/trend?job=products&backfill=1").Body.String()
	for _, want := range []string{"12.5 %", ">backfill<", `fill="#ffffff"`, "4 check(s)", `name="backfill" value="1" checked`} {
		if !strings.Contains(with, want) {
			t.Errorf("trend with backfill lacks %s", want)
		}
	}
}

// countingQuality counts the product listings a page asks for.
type countingQuality struct {
	QualityStore
	listings int
}

func (c *countingQuality) ViolatingProducts(ctx context.Context, f store.ProductFilter) ([]store.ProductScore, error) {
	c.listings++
	return c.QualityStore.ViolatingProducts(ctx, f)
}

// TestQualityFilterTheSummaryRulesOut: a rule no product broke, a family or
// a grade the check does not have list nothing without reading the
// check's products (at 1M products such a scan takes seconds).
func TestQualityFilterTheSummaryRulesOut(t *testing.T) {
	f := opsFixture(t, nil)
	opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0, summary(70), threeProducts()...)
	cq := &countingQuality{QualityStore: f.st}
	f.srv.deps.Quality = cq
	for _, q := range []string{"?rule=spelling&severity=error", "?rule=unknown", "?family=hats", "?grade=C", "?grade=D&locale=en_US"} {
		cq.listings = 0
		w := f.get(t, viewer, "/quality"+q)
		if w.Code != http.StatusOK || len(listed(w.Body.String())) != 0 || cq.listings != 0 {
			t.Errorf("/quality%s: %d, %d listed, %d listings read", q, w.Code, len(listed(w.Body.String())), cq.listings)
		}
	}
	cq.listings = 0
	if f.get(t, viewer, "/quality?grade=D"); cq.listings == 0 {
		t.Errorf("a grade the check has was not looked up")
	}
}

// TestQualitySearchReadsABoundedShare: a filter few products match reads at
// most the page's scan budget and links to where it stopped; following the
// links finds every match once.
func TestQualitySearchReadsABoundedShare(t *testing.T) {
	f := opsFixture(t, nil)
	var ps []checked
	for i := range 60 {
		value := "plain"
		if i == 45 || i == 46 {
			value = "a needle here"
		}
		ps = append(ps, product(fmt.Sprintf("k%03d", i), fmt.Sprintf("S%03d", i), "shirts", "", vio("spelling", "warning", "", "", value)))
	}
	opsCheck(t, f.st, "products", store.TriggerSchedule, opsT0, summary(70), ps...)
	cq := &countingQuality{QualityStore: f.st}
	f.srv.deps.Quality, f.srv.scan = cq, scanBudget{Window: 10, Windows: 2}
	next := regexp.MustCompile(`href="(/quality\?[^"]*)" rel="next"`)
	page, seen, pages := "/quality?q=needle", []string{}, 0
	for ; pages < 10; pages++ {
		cq.listings = 0
		body := f.get(t, viewer, page).Body.String()
		if cq.listings > 2 {
			t.Errorf("%s read %d windows, over the budget of 2", page, cq.listings)
		}
		if pages == 0 && !strings.Contains(body, "the next page searches on") {
			t.Errorf("the first page does not say it stopped early")
		}
		seen = append(seen, listed(body)...)
		m := next.FindStringSubmatch(body)
		if m == nil {
			break
		}
		page = strings.ReplaceAll(m[1], "&amp;", "&")
	}
	if strings.Join(seen, " ") != "S045 S046" || pages != 2 {
		t.Errorf("found %v in %d pages, want S045 S046 on the third", seen, pages+1)
	}
}
