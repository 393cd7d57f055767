package transform

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// PersonModel is the model a person's routing decision is written with:
// every routing write says who or what decided it.
const PersonModel = "person"

// planRouting writes the owner a person chose for an escalated lead to the
// CRM, through the job that escalated it, with who decided and why as the
// write's model and reasons. The lead's synced version already holds the
// inputs it was escalated with, so steward's own write coming back routes
// nothing again.
func planRouting(f *config.File, e store.Escalation, c Choice, d store.Decision) (store.Decision, error) {
	owner := strings.TrimSpace(c.Owner)
	if owner == "" {
		return d, fmt.Errorf("escalation %d is a lead to route: say who gets it with --owner EMAIL", e.ID)
	}
	job, ok := f.Job(e.Job)
	if !ok {
		return d, fmt.Errorf("escalation %d: job %s is no longer in %s, so the decision cannot reach %s", e.ID, e.Job, f.Path, e.TargetSystem)
	}
	owner, err := configuredRep(job, e.ID, owner)
	if err != nil {
		return d, err
	}
	i := slices.IndexFunc(job.Load.Targets, func(t config.Target) bool { return t.System == e.TargetSystem })
	if i < 0 || !slices.Contains(job.Load.Targets[i].Fields, "owner") {
		return d, fmt.Errorf("escalation %d: job %s does not own the owner field in %s", e.ID, e.Job, e.TargetSystem)
	}
	reasons := []string{fmt.Sprintf("assigned by %s after escalation %d (%s)", c.By, e.ID, e.Reason)}
	if c.Reason != "" {
		reasons = append(reasons, c.Reason)
	}
	vals := map[string]any{"owner": owner, "model": PersonModel + ":" + c.By, "reasons": reasons}
	fields := map[string]json.RawMessage{}
	for k, v := range vals {
		if slices.Contains(job.Load.Targets[i].Fields, k) {
			fields[k], _ = json.Marshal(v)
		}
	}
	if err := queue(&d, e.Job, Write{Target: e.TargetSystem, ExternalID: e.TargetKey, Fields: fields}); err != nil {
		return d, err
	}
	dec, _ := json.Marshal(map[string]string{"owner": owner})
	d.Decision = string(dec)
	return d, nil
}

// configuredRep returns the rep of job's route.reps that owner names (by
// e-mail, in any case, as configured): the router routes only to those, and
// an owner the CRM does not know goes to the dead letters with the lead
// left unowned and its escalation closed.
func configuredRep(job config.Job, id int64, owner string) (string, error) {
	var reps []string
	if job.Route != nil {
		for _, r := range job.Route.Reps {
			if strings.EqualFold(strings.TrimSpace(r.Email), owner) {
				return strings.TrimSpace(r.Email), nil
			}
			reps = append(reps, r.Email)
		}
	}
	if len(reps) == 0 {
		return "", fmt.Errorf("escalation %d: job %s has no route.reps to give the lead to", id, job.Name)
	}
	return "", fmt.Errorf("escalation %d: %s is not one of job %s's reps (route.reps: %s)", id, owner, job.Name, strings.Join(reps, ", "))
}
