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
		if err == nil && len(dt.Carried) > 0 {
			ps = append(ps, checkCarried(f, i, job, dt)...)
		}
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

// checkCarried reports the targets of a job of a computed data type that
// own a field the data type does not compute, or that do not own the fields
// every write of it carries (a score without its model and reasons).
func checkCarried(f *config.File, i int, job config.Job, dt DataType) config.Problems {
	var ps config.Problems
	for k, t := range job.Load.Targets {
		p := fmt.Sprintf("jobs[%d].load.targets[%d].fields", i, k)
		for _, field := range t.Fields {
			if !dt.Owns(field) {
				ps = append(ps, f.Problem(p, fmt.Sprintf("data type %s does not write %q", dt.Name, field), "one of: "+strings.Join(dt.FieldNames, ", ")))
			}
		}
		var missing []string
		for _, c := range dt.Carried {
			if !slices.Contains(t.Fields, c) {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			ps = append(ps, f.Problem(p, fmt.Sprintf("every %s write carries %s", dt.Name, strings.Join(dt.Carried, " and ")), "add "+strings.Join(missing, ", ")+" to the fields"))
		}
	}
	return ps
}
