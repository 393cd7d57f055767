package config

import (
	"fmt"
	"slices"
	"strings"
)

// Route configures a leads job's router: what it matches a lead's product
// interest and company against, which model it may ask, when it escalates
// instead of routing, and the sales reps' portfolios.
//
//	route:
//	  catalog: {system: akeneo, data_type: products}
//	  accounts: {system: hubspot, data_type: customers}
//	  llm: llm
//	  min_score: 50
//	  reps:
//	    - {email: rep1@example.com, families: [shirts], regions: [DE, AT], capacity: 40}
type Route struct {
	// Catalog is the staged data a lead's product interest is matched
	// against (a products job's records of that system).
	Catalog StagedRef `yaml:"catalog"`
	// Accounts are the staged customer accounts a lead's company is looked
	// up in (usually the CRM's own companies).
	Accounts StagedRef `yaml:"accounts"`
	// LLM names the system of kind openai asked to choose among product
	// candidates; "" routes on exact matches only.
	LLM string `yaml:"llm"`
	// MinScore is the score below which a lead escalates (0–100, default 50).
	MinScore *float64 `yaml:"min_score"`
	// Reps are the sales reps, in priority order: of the reps that fit a
	// lead equally well, the first with capacity left takes it.
	Reps []Rep `yaml:"reps"`
	// FreeMail lists e-mail domains that say nothing about a company
	// (default: the common free-mail providers).
	FreeMail []string `yaml:"free_mail"`
}

// StagedRef names the staged records of one system and data type.
type StagedRef struct {
	System   string `yaml:"system"`
	DataType string `yaml:"data_type"`
}

// Rep is one sales rep and the portfolio the router matches.
type Rep struct {
	// Email is the rep's e-mail, as the CRM's users or owners carry it.
	Email string `yaml:"email"`
	// Families are the product families the rep sells.
	Families []string `yaml:"families"`
	// Regions are ISO 3166-1 alpha-2 country codes the rep covers.
	Regions []string `yaml:"regions"`
	// Capacity is how many leads one run may give the rep (0: no limit).
	Capacity int `yaml:"capacity"`
}

// DefaultMinScore is the score below which a lead escalates by default.
const DefaultMinScore = 50

// Threshold returns the configured minimum score or the default.
func (r *Route) Threshold() float64 {
	if r.MinScore == nil {
		return DefaultMinScore
	}
	return *r.MinScore
}

// route checks a job's route section: the systems it names, the score range
// and the reps.
func (v *validator) route(p string, j Job) {
	r := j.Route
	if r == nil {
		return
	}
	p += ".route"
	if j.DataType != "leads" {
		v.add(p, fmt.Sprintf("a route section belongs to a leads job, not %s", j.DataType), "move it to the job with data_type: leads")
	}
	v.stagedRef(p+".catalog", r.Catalog, "products")
	v.stagedRef(p+".accounts", r.Accounts, "customers")
	if r.LLM != "" {
		v.systemRef(p+".llm", r.LLM)
	}
	if m := r.Threshold(); m < 0 || m > 100 {
		v.add(p+".min_score", fmt.Sprintf("min_score %g is outside 0–100", m), "a score such as 50")
	}
	for k, t := range j.Load.Targets {
		if !slices.Contains(t.Fields, "model") || !slices.Contains(t.Fields, "reasons") {
			v.add(fmt.Sprintf("%s.load.targets[%d].fields", strings.TrimSuffix(p, ".route"), k),
				"every routing write carries its model and reasons", "add model and reasons to the fields")
		}
	}
	if len(r.Reps) == 0 {
		v.add(p+".reps", "no reps to route to", "list the sales reps with email, families, regions and capacity")
	}
	seen := map[string]bool{}
	for i, rep := range r.Reps {
		rp := fmt.Sprintf("%s.reps[%d]", p, i)
		e := strings.ToLower(strings.TrimSpace(rep.Email))
		switch {
		case !strings.Contains(e, "@"):
			v.add(rp+".email", fmt.Sprintf("email %q is not an e-mail address", rep.Email), "the rep's e-mail as the CRM knows it")
		case seen[e]:
			v.add(rp+".email", fmt.Sprintf("rep %s is listed twice", rep.Email), "list each rep once")
		}
		seen[e] = true
		if rep.Capacity < 0 {
			v.add(rp+".capacity", "capacity is negative", "leads per run, or 0 for no limit")
		}
	}
}

func (v *validator) stagedRef(p string, s StagedRef, dataType string) {
	v.systemRef(p+".system", s.System)
	if s.DataType != "" && s.DataType != dataType {
		v.add(p+".data_type", fmt.Sprintf("data_type %q cannot be matched here", s.DataType), dataType)
	}
}
