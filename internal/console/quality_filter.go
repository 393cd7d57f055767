package console

import (
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/stewardhq/steward/quality"
)

// qualityFilter is the quality page's query: which job's latest check, and
// which of its products with issues to list.
type qualityFilter struct {
	Job, Rule, Family, Channel, Locale, Grade, Severity, Search string
	// After is the product key the page starts after (keyset paging).
	After string
}

// parseQualityFilter reads the filter from the query; a grade or severity
// that does not exist is an error naming the parameter.
func parseQualityFilter(q url.Values) (qualityFilter, error) {
	f := qualityFilter{Job: q.Get("job"), Rule: q.Get("rule"), Family: q.Get("family"), Channel: q.Get("channel"),
		Locale: q.Get("locale"), Grade: strings.ToUpper(q.Get("grade")), Severity: q.Get("severity"),
		Search: strings.TrimSpace(q.Get("q")), After: q.Get("after")}
	if f.Grade != "" && !slices.Contains(quality.GradeLetters, f.Grade) {
		return f, fmt.Errorf("filter grade: %q is not a grade (A, B, C, D or E)", q.Get("grade"))
	}
	if f.Severity != "" && f.Severity != quality.Error && f.Severity != quality.Warning {
		return f, fmt.Errorf("filter severity: %q is not a severity (%s or %s)", f.Severity, quality.Error, quality.Warning)
	}
	return f, nil
}

// gradeIn reports whether a product's stored grades ("channel/locale:G ...")
// hold grade in a cell of channel and locale (any cell where they are empty).
func gradeIn(grades, grade, channel, locale string) bool {
	for _, cell := range strings.Fields(grades) {
		i := strings.LastIndex(cell, ":")
		if i < 0 || cell[i+1:] != grade {
			continue
		}
		if cellMatches(cell[:i], channel, locale) {
			return true
		}
	}
	return false
}

// cellMatches reports whether a channel × locale cell name ("channel/locale",
// or one of them alone) belongs to channel and locale (either may be empty).
func cellMatches(name, channel, locale string) bool {
	ch, loc, both := strings.Cut(name, "/")
	if !both {
		ch, loc = name, name
	}
	return (channel == "" || ch == channel) && (locale == "" || loc == locale)
}

// queryLink returns path with the query q, key set to value (removed when
// value is empty) and the page cursor after dropped unless key is after.
func queryLink(path string, q url.Values, key, value string) template.URL {
	c := url.Values{}
	for k, vs := range q {
		if k != "after" && k != "before" {
			c[k] = vs
		}
	}
	qs := withParam(c, key, value)
	if qs == "" {
		return template.URL(path)
	}
	return template.URL(path + "?" + string(qs))
}

// Link is the quality page with key set to value in the current filter.
func (d qualityData) Link(key, value string) template.URL {
	return queryLink("/quality", d.Query, key, value)
}

// ProductHref is a product's page, keeping the job.
func (d qualityData) ProductHref(key string) template.URL {
	return template.URL("/products/" + url.PathEscape(key) + "?job=" + url.QueryEscape(d.Run.Job))
}

// ruledOut reports whether the check's summary already shows that no
// product matches f: a rule (or severity) with no violation, a family or a
// grade the check does not have. Such a filter would otherwise read every
// product of the check to find none.
func (f qualityFilter) ruledOut(sum quality.Summary) bool {
	if f.Rule != "" || f.Severity != "" {
		broken := false
		for _, r := range sum.Rules {
			if (f.Rule == "" || r.ID == f.Rule) && (f.Severity == "" || r.Severity == f.Severity) && r.Violations > 0 {
				broken = true
			}
		}
		if !broken {
			return true
		}
	}
	if f.Family != "" && !slices.ContainsFunc(sum.Families, func(g quality.Group) bool { return g.Name == f.Family }) {
		return true
	}
	if f.Grade == "" {
		return false
	}
	for _, c := range sum.Grades {
		if c.Grades[f.Grade] > 0 && cellMatches(c.Name(), f.Channel, f.Locale) {
			return false
		}
	}
	return true
}
