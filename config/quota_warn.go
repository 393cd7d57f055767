package config

import (
	"fmt"
	"slices"
	"strings"
)

// quotaWarnings warns of each job that sets alerts.quota_below although
// none of the systems it reads or writes is of a kind that reports its API
// quota (Known.Quota): the alert could never fire. Without registered kinds
// (a nil Known) it says nothing.
func (f *File) quotaWarnings() Problems {
	if f.known == nil || f.known.Kinds == nil {
		return nil
	}
	var ps Problems
	for i, j := range f.Jobs {
		if j.Alerts == nil || j.Alerts.QuotaBelow == "" {
			continue
		}
		systems := jobSystems(j)
		if slices.ContainsFunc(systems, func(s string) bool { return slices.Contains(f.known.Quota, f.Systems[s].Kind) }) {
			continue
		}
		hint := "remove quota_below; no registered kind reports a quota"
		if len(f.known.Quota) > 0 {
			hint = "remove quota_below, or alert on a job reading or writing a system of kind " + strings.Join(f.known.Quota, " or ")
		}
		ps = append(ps, f.Problem(fmt.Sprintf("jobs[%d].alerts.quota_below", i),
			fmt.Sprintf("job %s alerts on a quota, but none of its systems (%s) reports one", j.Name, strings.Join(systems, ", ")), hint))
	}
	return ps
}

// jobSystems lists the systems a job reads and writes (Job.Systems), each
// once: those whose quotas its alerts watch.
func jobSystems(j Job) []string {
	var out []string
	for _, s := range j.Systems() {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
