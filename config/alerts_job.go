package config

import (
	"fmt"
	"strings"
)

// jobAlerts checks a job's alerts section against the channels defined.
func (v *validator) jobAlerts(p string, j Job) {
	a := j.Alerts
	if a == nil {
		return
	}
	p += ".alerts"
	defined := sortedKeys(v.f.Alerts.Channels)
	if len(a.Channels) == 0 {
		v.add(p+".channels", fmt.Sprintf("job %s alerts no channel", j.Name), "name channels of alerts.channels, e.g. [ops-slack]")
	}
	for i, c := range a.Channels {
		if _, ok := v.f.Alerts.Channels[c]; !ok {
			v.add(fmt.Sprintf("%s.channels[%d]", p, i), fmt.Sprintf("job %s names channel %q, which alerts.channels does not define", j.Name, c), channelHint(c, defined))
		}
	}
	v.percentKey(p+".quality_drop", a.QualityDrop, "percentage points, e.g. \"2.0\"")
	if a.QualityDrop != "" && j.Quality == nil {
		v.add(p+".quality_drop", fmt.Sprintf("job %s checks no quality", j.Name), "remove quality_drop, or add a quality section")
	}
	if a.DeadLetters != nil && *a.DeadLetters < 0 {
		v.add(p+".dead_letters", "dead_letters is negative", "the count of open dead letters above which to notify, e.g. 100")
	}
	v.clearBelow(p, a)
	v.percentKey(p+".quota_below", a.QuotaBelow, "a percentage of the quota left, e.g. \"10\"")
}

// clearBelow checks a job's dead-letter re-arm mark: a count below the
// threshold, which it needs.
func (v *validator) clearBelow(p string, a *JobAlerts) {
	c := a.ClearBelow
	switch {
	case c == nil:
	case a.DeadLetters == nil:
		v.add(p+".clear_below", "clear_below without dead_letters", "set dead_letters, the count above which to notify, or remove clear_below")
	case *c < 0:
		v.add(p+".clear_below", "clear_below is negative", fmt.Sprintf("a count below dead_letters (%d) at or below which the alert re-arms, e.g. %d (the default)", *a.DeadLetters, *a.DeadLetters/2))
	case *c >= *a.DeadLetters:
		v.add(p+".clear_below", fmt.Sprintf("clear_below %d is not below dead_letters %d", *c, *a.DeadLetters),
			fmt.Sprintf("a count below %d at or below which the alert re-arms, e.g. %d (the default: half of dead_letters)", *a.DeadLetters, *a.DeadLetters/2))
	}
}

func (v *validator) percentKey(p, s, hint string) {
	if s == "" {
		return
	}
	if f, ok := percent(s); !ok || f <= 0 || f > 100 {
		v.add(p, fmt.Sprintf("%q is not a percentage above 0 and up to 100", s), hint)
	}
}

func channelHint(name string, defined []string) string {
	for _, d := range defined {
		if editDistance(name, d) < 3 {
			return "did you mean \"" + d + "\"?"
		}
	}
	if len(defined) == 0 {
		return "define it under the top-level alerts.channels"
	}
	return "channels defined: " + strings.Join(defined, ", ")
}
