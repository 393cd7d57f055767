package main

import (
	"slices"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// realisticRequirements are the attributes a product must fill per channel
// as pim holds the requirements: Akeneo the families' own (the catalog's);
// Pimcore and Salsify flag a field or property as required whatever the
// channel (sandbox_pims_realistic.go), so what the profile requires on
// either channel is required on both, and their identifier is the
// product's key, not a value.
func realisticRequirements(c *catalog.Catalog, pim string) map[string][]string {
	req := map[string][]string{}
	for _, f := range c.Families() {
		for ch, attrs := range f.Requirements {
			for _, a := range attrs {
				if !slices.Contains(req[ch], a) {
					req[ch] = append(req[ch], a)
				}
			}
		}
	}
	if pim == "akeneo" {
		return req
	}
	var every []string
	for _, attrs := range req {
		for _, a := range attrs {
			if a != "sku" && !slices.Contains(every, a) {
				every = append(every, a)
			}
		}
	}
	for ch := range req {
		req[ch] = every
	}
	return req
}

// plantedRecount is the catalog's planted figures with the recount of the
// products that must be incomplete or fail.
type plantedRecount struct {
	catalog.Planted
	incomplete, incompleteIn map[string]int
	failing                  int
}

// recountRealistic takes the planted figures and recounts, from each
// product's values as the catalog planted them (inherited ones included),
// the products lacking an attribute req requires, per channel and per
// channel × locale, and those carrying an error-level defect: incomplete
// somewhere, a bad GTIN or an unknown option. With the families' own
// requirements the recount must give the planted figures.
func recountRealistic(t *testing.T, c *catalog.Catalog, req map[string][]string) plantedRecount {
	t.Helper()
	r := plantedRecount{Planted: c.Planted(), incomplete: map[string]int{}, incompleteIn: map[string]int{}}
	for i := range c.N {
		vals := c.Effective(i)
		bad := false
		for _, ch := range c.Channels() {
			in := false
			for _, loc := range ch.Locales {
				if !filledAll(vals, req[ch.Code], ch.Code, loc) {
					r.incompleteIn[ch.Code+"/"+loc]++
					in = true
				}
			}
			if in {
				r.incomplete[ch.Code]++
				bad = true
			}
		}
		if bad || c.RealDefects(i)&(catalog.BadGTIN|catalog.UnknownOption) != 0 {
			r.failing++
		}
	}
	return r
}

// filledAll reports whether vals fill every attribute in the channel and
// locale (a value without locale or channel counts in each).
func filledAll(vals []catalog.Value, attrs []string, channel, locale string) bool {
	for _, a := range attrs {
		if !slices.ContainsFunc(vals, func(v catalog.Value) bool {
			return v.Attribute == a && (v.Locale == "" || v.Locale == locale) && (v.Channel == "" || v.Channel == channel) && (v.Text != "" || v.Amount != "")
		}) {
			return false
		}
	}
	return true
}
