package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
	"github.com/stewardhq/steward/transform"
)

// oneEscalation reads the escalation a route names.
func (s *Server) oneEscalation(w http.ResponseWriter, r *http.Request) (store.Escalation, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, http.StatusBadRequest, fmt.Errorf("escalation id %q is not a number", r.PathValue("id")))
		return store.Escalation{}, false
	}
	e, err := s.deps.Escalations.GetEscalation(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNoEscalation):
		s.fail(w, r, http.StatusNotFound, err)
		return e, false
	case err != nil:
		s.fail(w, r, http.StatusInternalServerError, err)
		return e, false
	}
	return e, true
}

// escalationPage shows one escalation with its decision forms.
func (s *Server) escalationPage(w http.ResponseWriter, r *http.Request) {
	e, ok := s.oneEscalation(w, r)
	if !ok {
		return
	}
	s.showEscalation(w, r, http.StatusOK, e, "", nil)
}

func (s *Server) showEscalation(w http.ResponseWriter, r *http.Request, status int, e store.Escalation, notice string, queued []string) {
	v, err := s.newEscalationView(e)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Notice, v.Queued, v.CanAct = notice, queued, canAct(r, webauth.Steward)
	s.renderStatus(w, r, status, "escalation", v)
}

// escalationResolve decides an escalation exactly as `steward escalations
// resolve` does: transform.Plan, then store.Decide, which records the audit
// row in the decision's transaction. The page then says what was queued for
// which job.
func (s *Server) escalationResolve(w http.ResponseWriter, r *http.Request) {
	e, ok := s.oneEscalation(w, r)
	if !ok {
		return
	}
	who, err := reviewer(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	c, err := choiceFrom(r, e)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, fmt.Errorf("resolve escalation %d: %w", e.ID, err))
		return
	}
	c.By = who
	if e.Status != store.EscalationOpen {
		s.fail(w, r, http.StatusConflict, fmt.Errorf("escalation %d is %s already (by %s at %s)", e.ID, e.Status, e.DecidedBy, when(e.DecidedAt)))
		return
	}
	if seen := r.PostFormValue("seen"); seen != "" && seen != e.UpdatedAt {
		s.fail(w, r, http.StatusConflict, fmt.Errorf("escalation %d changed since your page showed it (run %d updated its versions at %s): reload it and decide again", e.ID, e.RunID, when(e.UpdatedAt)))
		return
	}
	d, err := s.plan(r, e, c)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, fmt.Errorf("resolve escalation %d: %w", e.ID, err))
		return
	}
	s.decide(w, r, e, d)
}

// plan turns a choice into the decision, as the CLI does.
func (s *Server) plan(r *http.Request, e store.Escalation, c transform.Choice) (store.Decision, error) {
	dt, err := transform.Builtin().Get(e.DataType)
	if err != nil {
		return store.Decision{}, err
	}
	if s.deps.Config == nil {
		return store.Decision{}, errors.New("the console has no config to find the jobs that write the decision")
	}
	return transform.Plan(r.Context(), s.deps.Escalations, s.deps.Config, dt, e, c)
}

// escalationDismiss closes an escalation without writing anything; the
// reason is required.
func (s *Server) escalationDismiss(w http.ResponseWriter, r *http.Request) {
	e, ok := s.oneEscalation(w, r)
	if !ok {
		return
	}
	who, err := reviewer(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		s.fail(w, r, http.StatusBadRequest, fmt.Errorf("dismiss escalation %d: dismissing needs a reason", e.ID))
		return
	}
	s.decide(w, r, e, store.Decision{ID: e.ID, Status: store.EscalationDismissed, Decision: `{"dismissed":true}`, By: who, Reason: reason})
}

// decide commits d and shows the escalation as decided, with the writes
// queued for each job. The form's "seen" (the version its page showed) goes
// with d, so the store refuses a decision on versions changed since.
func (s *Server) decide(w http.ResponseWriter, r *http.Request, e store.Escalation, d store.Decision) {
	d.Seen = r.PostFormValue("seen")
	err := s.deps.Escalations.Decide(r.Context(), d)
	switch {
	case errors.Is(err, store.ErrEscalationClosed), errors.Is(err, store.ErrEscalationChanged):
		s.fail(w, r, http.StatusConflict, err)
		return
	case err != nil:
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	e.Status, e.DecidedBy, e.Decision, e.Reason = d.Status, d.By, d.Decision, d.Reason
	if decided, err := s.deps.Escalations.GetEscalation(r.Context(), e.ID); err == nil {
		e = decided
	}
	notice := fmt.Sprintf("Escalation %d %s by %s.", e.ID, d.Status, d.By)
	if len(d.Links) > 0 {
		notice += fmt.Sprintf(" %s %s linked to entity %s; decided when %s next reads it.", d.Links[0].System, d.Links[0].NativeID, d.Links[0].CanonicalID, e.Job)
	}
	s.showEscalation(w, r, http.StatusOK, e, notice, queuedText(d.Outbox))
}

// queuedText lists queued writes as "TARGET ID, written by the next run of JOB".
func queuedText(items []store.OutboxItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("%s %s, written by the next run of job %s", it.Target, it.ExternalID, it.Job)
	}
	sort.Strings(out)
	return out
}

// choiceFrom reads a decision form: take=source|target, take=fields with a
// choice per conflicting field (f.NAME = source, target or value, v.NAME
// the typed value), link=NATIVE_ID, or owner=EMAIL; reason is optional.
func choiceFrom(r *http.Request, e store.Escalation) (transform.Choice, error) {
	c := transform.Choice{Reason: strings.TrimSpace(r.PostFormValue("reason")), Link: r.PostFormValue("link"), Owner: r.PostFormValue("owner")}
	switch take := r.PostFormValue("take"); take {
	case "source", "target":
		c.Take = []string{take}
	case "fields":
		takes, err := fieldTakes(r.PostForm, e)
		if err != nil {
			return c, err
		}
		c.Take = takes
	case "":
		if c.Link == "" && c.Owner == "" {
			return c, errors.New("say what to take: a side, a value per field, a candidate or an owner")
		}
	default:
		return c, fmt.Errorf("take %q: choose source, target or fields", take)
	}
	return c, nil
}

// fieldTakes turns per-field choices into the CLI's --take list: the side
// most fields take (or the side of a field taking an empty value, which
// FIELD=VALUE cannot write) as a whole, then FIELD=VALUE for the others.
func fieldTakes(form url.Values, e store.Escalation) ([]string, error) {
	var fields []string
	src, tgt := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	_ = json.Unmarshal([]byte(e.Fields), &fields)
	_ = json.Unmarshal([]byte(e.SourceVersion), &src)
	_ = json.Unmarshal([]byte(e.TargetVersion), &tgt)
	sides := map[string]map[string]json.RawMessage{"source": src, "target": tgt}
	pick := map[string]string{}
	votes := map[string]int{}
	base := ""
	for _, f := range fields {
		p := form.Get("f." + f)
		if p != "source" && p != "target" && p != "value" {
			return nil, fmt.Errorf("field %s: choose source, target or a value", f)
		}
		pick[f] = p
		votes[p]++
		if p != "value" && isNull(sides[p][f]) {
			if base != "" && base != p {
				return nil, fmt.Errorf("field %s: empty values from both sides cannot be mixed; take one side for every field, or type the values", f)
			}
			base = p
		}
	}
	if base == "" {
		base = "source"
		if votes["target"] > votes["source"] {
			base = "target"
		}
	}
	takes := []string{base}
	for _, f := range fields {
		switch p := pick[f]; {
		case p == base:
		case p == "value":
			takes = append(takes, f+"="+form.Get("v."+f))
		default:
			takes = append(takes, f+"="+rawText(sides[p][f]))
		}
	}
	return takes, nil
}

func isNull(v json.RawMessage) bool {
	s := strings.TrimSpace(string(v))
	return s == "" || s == "null"
}

// rawText is a value as FIELD=VALUE takes it: a string's text, else its JSON.
func rawText(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}
