package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
	"github.com/stewardhq/steward/quality"
)

// qualityPageSize is how many products with issues one page lists.
const qualityPageSize = 50

func (s *Server) qualityRoutes() []Route {
	return []Route{
		{Pattern: "GET /quality", Role: webauth.Viewer, Handler: http.HandlerFunc(s.qualityPage)},
		{Pattern: "GET /quality/trend", Role: webauth.Viewer, Handler: http.HandlerFunc(s.trendPage)},
		{Pattern: "GET /products/{key}", Role: webauth.Viewer, Handler: http.HandlerFunc(s.productPage)},
	}
}

// qualityData is the quality page: the latest check of a job, its breakdown
// (filtered like the products) and one page of its products with issues.
type qualityData struct {
	F     qualityFilter
	Query url.Values
	Jobs  []string
	Found bool
	Run   store.QualityPoint
	Sum   quality.Summary
	// Grades counts the graded channel × locale cells per grade, A to E.
	Grades   []gradeCount
	Rules    []quality.RuleCount
	Families []quality.Group
	Cells    []quality.CellGroup
	Slots    []quality.Group
	Products []quality.Worst
	// Options are the values the filter's selects offer.
	Options filterOptions
	// Next is the key the next page starts after ("" on the last page).
	Next string
	// Partial says the page read as many products as one page may before
	// it filled: the next page searches on after Next.
	Partial bool
}

type filterOptions struct {
	Rules, Families, Channels, Locales []string
}

type gradeCount struct {
	Grade string
	N     int
}

func (s *Server) qualityPage(w http.ResponseWriter, r *http.Request) {
	f, err := parseQualityFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	d := qualityData{F: f, Query: r.URL.Query()}
	ctx := r.Context()
	if d.Jobs, err = s.deps.Quality.QualityJobs(ctx); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if d.Run, d.Found, err = s.deps.Quality.LatestQuality(ctx, f.Job); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if d.Found {
		if err := s.fillQuality(r, &d); err != nil {
			s.fail(w, r, http.StatusInternalServerError, err)
			return
		}
	}
	s.render(w, r, "quality", d)
}

// fillQuality reads the check's summary and its page of products.
func (s *Server) fillQuality(r *http.Request, d *qualityData) error {
	if err := json.Unmarshal([]byte(d.Run.Summary), &d.Sum); err != nil {
		return fmt.Errorf("read the summary of quality run %d: %w", d.Run.RunID, err)
	}
	d.breakdown()
	d.Options = optionsOf(d.Sum)
	if d.F.ruledOut(d.Sum) {
		return nil
	}
	rows, next, partial, err := s.violatingPage(r, d.Run.RunID, d.F)
	if err != nil {
		return err
	}
	d.Products, d.Next, d.Partial = rows, next, partial
	return nil
}

// breakdown keeps the summary's rows the filter selects, worst first.
func (d *qualityData) breakdown() {
	f := d.F
	for _, rc := range d.Sum.Rules {
		if (f.Rule == "" || rc.ID == f.Rule) && (f.Severity == "" || rc.Severity == f.Severity) {
			d.Rules = append(d.Rules, rc)
		}
	}
	sort.SliceStable(d.Rules, func(i, j int) bool { return d.Rules[i].Violations > d.Rules[j].Violations })
	for _, g := range d.Sum.Families {
		if (f.Family == "" || g.Name == f.Family) && (f.Grade == "" || g.Grade == f.Grade) {
			d.Families = append(d.Families, g)
		}
	}
	sort.SliceStable(d.Families, func(i, j int) bool { return d.Families[i].Score < d.Families[j].Score })
	totals := map[string]int{}
	for _, c := range d.Sum.Grades {
		for g, n := range c.Grades {
			totals[g] += n
		}
		if (f.Channel == "" || c.Channel == f.Channel) && (f.Locale == "" || c.Locale == f.Locale) && (f.Grade == "" || c.Grades[f.Grade] > 0) {
			d.Cells = append(d.Cells, c)
		}
	}
	for _, g := range quality.GradeLetters {
		d.Grades = append(d.Grades, gradeCount{Grade: g, N: totals[g]})
	}
	for _, g := range d.Sum.ChannelLocales {
		if cellMatches(g.Name, f.Channel, f.Locale) {
			d.Slots = append(d.Slots, g)
		}
	}
}

// scanBudget bounds the products with issues one quality page reads:
// Windows windows of Window products, so that a filter few products match
// answers in bounded time and says where to search on.
type scanBudget struct{ Window, Windows int }

// defaultScan reads at most 100,000 products per page (about a tenth of a
// second on a warm cache).
var defaultScan = scanBudget{Window: 20000, Windows: 5}

// violatingPage returns one page of the run's products with issues that the
// filter selects, with their violations, and the key the next page starts
// after; partial is set when the scan budget ran out before the page filled
// (the next page searches on). The store selects by every filter but the
// exact grade cell, which is checked here. Channel and locale select where a
// violation is, or, with a grade, the cell graded so.
func (s *Server) violatingPage(r *http.Request, runID int64, f qualityFilter) (rows []quality.Worst, next string, partial bool, err error) {
	sf := store.ProductFilter{RunID: runID, Family: f.Family, Grade: f.Grade, Rule: f.Rule, Severity: f.Severity,
		Channel: f.Channel, Locale: f.Locale, Search: f.Search, AfterKey: f.After, Limit: qualityPageSize + 1, ScanLimit: s.scan.Window}
	if f.Grade != "" {
		sf.Channel, sf.Locale = "", ""
	}
	var found []store.ProductScore
	for w := 0; w < s.scan.Windows && len(found) <= qualityPageSize; w++ {
		batch, err := s.deps.Quality.ViolatingProducts(r.Context(), sf)
		if err != nil {
			return nil, "", false, err
		}
		for _, p := range batch {
			if f.Grade == "" || gradeIn(p.Grades, f.Grade, f.Channel, f.Locale) {
				found = append(found, p)
			}
		}
		if len(found) > qualityPageSize {
			break
		}
		if len(batch) == sf.Limit {
			// The window holds more matches of the store's filters.
			sf.AfterKey, sf.Limit = batch[len(batch)-1].ProductKey, qualityPageSize+1-len(found)
			continue
		}
		bound, more, err := s.deps.Quality.ScanBound(r.Context(), runID, sf.AfterKey, s.scan.Window)
		if err != nil || !more {
			rows, err := s.withIssues(r, runID, found)
			return rows, "", false, err
		}
		sf.AfterKey, sf.Limit = bound, qualityPageSize+1-len(found)
	}
	if len(found) > qualityPageSize {
		found = found[:qualityPageSize]
		next = found[len(found)-1].ProductKey
	} else {
		next, partial = sf.AfterKey, true
	}
	rows, err = s.withIssues(r, runID, found)
	return rows, next, partial, err
}

// withIssues pairs each product with its violations (quality.WithIssues).
func (s *Server) withIssues(r *http.Request, runID int64, ps []store.ProductScore) ([]quality.Worst, error) {
	rows, err := quality.WithIssues(r.Context(), s.deps.Quality, runID, ps)
	if err != nil {
		return nil, fmt.Errorf("read violations of run %d: %w", runID, err)
	}
	return rows, nil
}

// optionsOf lists the rules, families, channels and locales of a check.
func optionsOf(sum quality.Summary) filterOptions {
	var o filterOptions
	seen := map[string]bool{}
	add := func(list *[]string, kind, v string) {
		if v != "" && !seen[kind+v] {
			seen[kind+v] = true
			*list = append(*list, v)
		}
	}
	for _, r := range sum.Rules {
		add(&o.Rules, "r", r.ID)
	}
	for _, g := range sum.Families {
		add(&o.Families, "f", g.Name)
	}
	for _, c := range sum.Grades {
		add(&o.Channels, "c", c.Channel)
		add(&o.Locales, "l", c.Locale)
	}
	for _, g := range sum.ChannelLocales {
		if ch, loc, ok := strings.Cut(g.Name, "/"); ok {
			add(&o.Channels, "c", ch)
			add(&o.Locales, "l", loc)
		}
	}
	sort.Strings(o.Channels)
	sort.Strings(o.Locales)
	return o
}
