package transform

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
)

// StrategyOf returns the strategy a job decides by: its transform.strategy,
// or the data type's default.
func StrategyOf(dt DataType, job config.Job) Strategy {
	if job.Transform != nil && job.Transform.Strategy != "" {
		return Strategy(job.Transform.Strategy)
	}
	return dt.Strategy
}

// MatchKeysOf returns the match keys a job tries, in order.
func MatchKeysOf(dt DataType, job config.Job) []string {
	if job.Transform != nil && len(job.Transform.MatchKeys) > 0 {
		return job.Transform.MatchKeys
	}
	return dt.MatchKeyList()
}

// PolicyFor returns how job decides for target t.
func PolicyFor(dt DataType, job config.Job, t config.Target) Policy {
	p := Policy{Strategy: StrategyOf(dt, job), Source: job.Extract.System, Target: t.System, Fields: t.Fields}
	if tr := job.Transform; tr != nil {
		p.Leader, p.SkewMargin, p.FieldLeaders = tr.Leader, tr.SkewMargin.Std(), tr.Fields
	}
	return p
}

// CheckJobs reports, with positions, the transform settings of f's jobs that
// do not fit their data type: match keys the data type does not carry and
// field leaders for fields it does not have. Jobs of unknown data types are
// left to config's own check.
func CheckJobs(f *config.File, types *Types) config.Problems {
	var ps config.Problems
	for i, job := range f.Jobs {
		dt, err := types.Get(job.DataType)
		if err != nil || job.Transform == nil {
			continue
		}
		p := fmt.Sprintf("jobs[%d].transform", i)
		known := dt.MatchKeyList()
		for k, key := range job.Transform.MatchKeys {
			if !slices.Contains(known, key) {
				ps = append(ps, f.Problem(fmt.Sprintf("%s.match_keys[%d]", p, k),
					fmt.Sprintf("data type %s has no match key %q", dt.Name, key), "one of: "+strings.Join(known, ", ")))
			}
		}
		for _, field := range slices.Sorted(maps.Keys(job.Transform.Fields)) {
			if !dt.Owns(field) {
				ps = append(ps, f.Problem(p+".fields."+field,
					fmt.Sprintf("data type %s has no field %q", dt.Name, field), "one of: "+strings.Join(dt.FieldNames, ", ")))
			}
		}
	}
	return ps
}
