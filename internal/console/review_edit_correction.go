package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
)

// decimalRe is an exact decimal as a reviewer types it: digits with an
// optional point, never an exponent or a thousands separator.
var decimalRe = regexp.MustCompile(`^-?[0-9]{1,30}(\.[0-9]{1,15})?$`)

// editableCorrection decodes a correction's proposed value; ok is true for a
// kind a reviewer may edit: text, an option code, a number or a metric.
func editableCorrection(raw string) (transform.Value, bool) {
	var v transform.Value
	if json.Unmarshal([]byte(raw), &v) != nil {
		return v, false
	}
	switch v.Kind {
	case transform.KindText, transform.KindOption, transform.KindNumber, transform.KindMetric:
		return v, true
	}
	return v, false
}

// editedCorrection reads the typed input of a correction's edit form into
// the proposed value's kind and slot: text (value), or a number's or
// metric's exact decimal amount and a metric's unit.
func editedCorrection(r *http.Request, proposed transform.Value) (transform.Value, error) {
	v := proposed
	switch proposed.Kind {
	case transform.KindNumber, transform.KindMetric:
		amount := strings.TrimSpace(r.PostFormValue("amount"))
		if !decimalRe.MatchString(amount) {
			return v, fmt.Errorf("the amount %q is not a decimal: write digits with a point, such as 0.512", amount)
		}
		v.Number = amount
		if proposed.Kind == transform.KindMetric {
			v.Unit = strings.TrimSpace(r.PostFormValue("unit"))
			if v.Unit == "" {
				return v, errors.New("the unit is empty: choose the unit of the amount")
			}
		}
	default:
		v.Text = strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("value"), "\r\n", "\n"))
		if v.Text == "" {
			return v, errors.New("the value is empty: type the corrected value, or reject the correction")
		}
	}
	return v, nil
}

// correctionRules loads the rules of the job whose run proposed d; why says
// why they cannot be loaded, so the edit cannot be checked.
func (s *Server) correctionRules(ctx context.Context, d store.Draft) (*quality.RuleSet, config.Job, string) {
	run, err := s.deps.Review.GetRun(ctx, d.RunID)
	if err != nil {
		return nil, config.Job{}, fmt.Sprintf("the run %d that proposed it cannot be read, so the edit cannot be checked by rule %s", d.RunID, d.Rule)
	}
	job, ok := s.job(run.Job)
	if !ok || s.deps.Config.RulesPath(job) == "" {
		return nil, job, fmt.Sprintf("job %s that proposed it has no rules in the config, so the edit cannot be checked by rule %s", run.Job, d.Rule)
	}
	rs, err := quality.LoadRules(s.deps.Config.RulesPath(job))
	if err != nil {
		return nil, job, fmt.Sprintf("the rules of job %s do not load (%v), so the edit cannot be checked", job.Name, err)
	}
	return rs, job, ""
}

// ruleByID finds a rule of rs.
func ruleByID(rs *quality.RuleSet, id string) (quality.Rule, bool) {
	for _, r := range rs.Rules {
		if r.ID == id {
			return r, true
		}
	}
	return quality.Rule{}, false
}

// editCorrection approves a correction with the reviewer's typed value. The
// value is read as the proposal's kind, re-checked by the rule that proposed
// it (and the guardrail for text) on the product as staged now; a refused
// edit is shown with the reason and nothing is stored. The store keeps the
// proposed value in the audit row; a push writes the edited one.
func (s *Server) editCorrection(w http.ResponseWriter, r *http.Request, it reviewItem, rv store.Review, page editPage) {
	proposed, _ := editableCorrection(it.Value)
	page.correction(proposed)
	edited, err := editedCorrection(r, proposed)
	page.Text, page.Amount, page.Unit = r.PostFormValue("value"), r.PostFormValue("amount"), r.PostFormValue("unit")
	verdict := ""
	if err != nil {
		verdict = err.Error()
	} else if verdict, err = s.recheckCorrection(r.Context(), it.Draft, proposed, edited); err != nil {
		s.fail(w, r, http.StatusInternalServerError, fmt.Errorf("check edit of draft %d: %w", it.ID, err))
		return
	}
	if verdict != "" {
		page.Units, page.Verdict = s.ruleUnits(r.Context(), it.Draft), verdict
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "review_edit", page)
		return
	}
	value, _ := json.Marshal(edited)
	if err := s.deps.Review.EditDraft(r.Context(), it.ID, string(value), rv); err != nil {
		s.decisionFailed(w, r, fmt.Errorf("edit draft %d: %w", it.ID, err))
		return
	}
	s.backToQueue(w, r, url.Values{"done": {"edited"}, "id": {itoa(it.ID)}})
}

// ruleUnits lists the units d's rule accepts when it is a unit rule (the
// form offers them), nil otherwise.
func (s *Server) ruleUnits(ctx context.Context, d store.Draft) []string {
	if rs, _, why := s.correctionRules(ctx, d); why == "" {
		if rule, ok := ruleByID(rs, d.Rule); ok && rule.Type == quality.TypeUnit {
			return rule.Units
		}
	}
	return nil
}
