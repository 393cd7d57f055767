package route

import (
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
)

// RepScore is how well one rep's portfolio fits a lead.
type RepScore struct {
	Email string `json:"email"`
	// Fit is 2 for the product family, 1 for the region: 3 is a full fit.
	Fit int `json:"fit"`
	// Assigned is how many leads the run gave the rep before this one.
	Assigned int `json:"assigned"`
	// Full says the rep's capacity for the run is used up.
	Full bool `json:"full,omitempty"`
}

// Fits of a rep's portfolio to a lead.
const (
	fitFamily = 2
	fitRegion = 1
	fitFull   = fitFamily + fitRegion
)

// portfolio chooses reps by portfolio fit and counts what the run gave each.
type portfolio struct {
	reps     []config.Rep
	assigned map[string]int
}

func newPortfolio(reps []config.Rep) *portfolio {
	return &portfolio{reps: reps, assigned: map[string]int{}}
}

// score rates every rep for a product family and a country.
func (p *portfolio) score(family, country string) []RepScore {
	country = countryCode(country)
	out := make([]RepScore, len(p.reps))
	for i, r := range p.reps {
		s := RepScore{Email: r.Email, Assigned: p.assigned[key(r.Email)]}
		if family != "" && containsFold(r.Families, family) {
			s.Fit += fitFamily
		}
		if country != "" && slices.ContainsFunc(r.Regions, func(v string) bool { return strings.EqualFold(countryCode(v), country) }) {
			s.Fit += fitRegion
		}
		s.Full = r.Capacity > 0 && s.Assigned >= r.Capacity
		out[i] = s
	}
	return out
}

// best returns the rep with the highest fit that has capacity left, the
// first in the configured order among equals; ok is false when no rep with
// capacity fits at all.
func best(scores []RepScore) (RepScore, bool) {
	var top RepScore
	found := false
	for _, s := range scores {
		if !s.Full && s.Fit > 0 && (!found || s.Fit > top.Fit) {
			top, found = s, true
		}
	}
	return top, found
}

// give counts a lead given to the rep with email.
func (p *portfolio) give(email string) { p.assigned[key(email)]++ }

func key(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(v string) bool { return strings.EqualFold(strings.TrimSpace(v), s) })
}
