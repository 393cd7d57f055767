package config

import (
	"fmt"
	"slices"
	"strings"
)

// Transform configures a job's transform stage: how its records are matched
// to the same entity in other systems, and how conflicts between the systems
// are decided. Every key is optional; the data type gives the defaults.
//
//	transform:
//	  match_keys: [sku, gtin]     # tried in order; default: the data type's
//	  strategy: merge_escalate    # default: the data type's
//	  leader: erp                 # the system that wins ties
//	  skew_margin: 2m             # last_write_wins: closer change times tie
//	  fields: {street: erp, email: crm}
type Transform struct {
	// MatchKeys are the match keys tried in order to find a record's
	// canonical entity in the ID crosswalk, such as [sku, gtin] or
	// [external_id, vat_id, name_postal]. A record matching several
	// records of another system escalates; one matching none is new.
	// The crosswalk is filled by jobs that write (have targets) or have a
	// transform section: a job that only reads (a PIM's products for
	// quality) fills it once it has one, so other systems can match its
	// records.
	MatchKeys []string `yaml:"match_keys"`
	// Strategy overrides the data type's conflict strategy:
	// source_of_truth (the leader wins; targets' drift is corrected),
	// last_write_wins (the newer change wins) or merge_escalate (a
	// field-level three-way merge; true conflicts wait for a person).
	Strategy string `yaml:"strategy"`
	// Leader is the system that wins: always under source_of_truth, within
	// the skew margin under last_write_wins, and on a first merge without a
	// synced version. Default: the job's extract system, except under
	// merge_escalate, where differing fields escalate without a leader.
	Leader string `yaml:"leader"`
	// SkewMargin is how close two change times must be to count as a tie
	// under last_write_wins (the systems' clocks disagree by that much).
	SkewMargin Duration `yaml:"skew_margin"`
	// Fields names the leading system per field, overriding Leader for that
	// field; under merge_escalate that system wins a conflict on the field
	// instead of escalating.
	Fields map[string]string `yaml:"fields"`
}

// Strategies are the conflict strategies a job may choose.
var Strategies = []string{"source_of_truth", "last_write_wins", "merge_escalate"}

// transform checks a job's transform section: the strategy's name, the
// leaders (the job's own systems) and the margin. Match keys and field names
// depend on the data type; the transform package checks them (CheckJobs).
func (v *validator) transform(p string, j Job) {
	t := j.Transform
	if t == nil {
		return
	}
	p += ".transform"
	if t.Strategy != "" && !slices.Contains(Strategies, t.Strategy) {
		v.add(p+".strategy", fmt.Sprintf("unknown strategy %q", t.Strategy), "one of: "+strings.Join(Strategies, ", "))
	}
	systems := j.Systems()
	if t.Leader != "" && !slices.Contains(systems, t.Leader) {
		v.add(p+".leader", fmt.Sprintf("leader %q is not one of the job's systems", t.Leader), "one of: "+strings.Join(systems, ", "))
	}
	for _, f := range sortedKeys(t.Fields) {
		if s := t.Fields[f]; !slices.Contains(systems, s) {
			v.add(p+".fields."+f, fmt.Sprintf("leader %q of field %s is not one of the job's systems", s, f), "one of: "+strings.Join(systems, ", "))
		}
	}
	if t.SkewMargin < 0 {
		v.add(p+".skew_margin", "skew_margin is negative", "a duration such as 2m")
	}
}

// Systems returns the job's extract system followed by its targets.
func (j Job) Systems() []string {
	out := []string{j.Extract.System}
	for _, t := range j.Load.Targets {
		out = append(out, t.System)
	}
	return out
}
