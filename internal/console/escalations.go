package console

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

func (s *Server) escalationRoutes() []Route {
	return []Route{
		{Pattern: "GET /escalations", Role: webauth.Viewer, Handler: http.HandlerFunc(s.escalationList)},
		{Pattern: "GET /escalations/{id}", Role: webauth.Viewer, Handler: http.HandlerFunc(s.escalationPage)},
		{Pattern: "POST /escalations/{id}/resolve", Role: webauth.Steward, Handler: http.HandlerFunc(s.escalationResolve)},
		{Pattern: "POST /escalations/{id}/dismiss", Role: webauth.Steward, Handler: http.HandlerFunc(s.escalationDismiss)},
	}
}

var (
	escalationKinds    = []string{store.EscalationConflict, store.EscalationAmbiguous, store.EscalationLeadRouting}
	escalationStatuses = []string{store.EscalationOpen, store.EscalationResolved, store.EscalationDismissed, store.EscalationSuperseded}
)

// escalationsPage is the escalation list's data.
type escalationsPage struct {
	Filter   store.EscalationPageFilter
	Rows     []store.Escalation
	Next     template.URL
	Kinds    []string
	Statuses []string
}

// parseEscalationQuery reads the list's filters (job, type, kind, status;
// status defaults to open when absent) and its cursor (?after=open-12 or
// closed-12).
func parseEscalationQuery(q url.Values) (store.EscalationPageFilter, url.Values, error) {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := store.EscalationPageFilter{Job: get("job"), DataType: get("type"), Kind: get("kind"), Status: get("status")}
	if !q.Has("status") {
		f.Status = store.EscalationOpen
	}
	if f.Kind != "" && !slices.Contains(escalationKinds, f.Kind) {
		return f, nil, fmt.Errorf("filter kind: %q is not an escalation kind (%s)", f.Kind, strings.Join(escalationKinds, ", "))
	}
	if f.Status != "" && !slices.Contains(escalationStatuses, f.Status) {
		return f, nil, fmt.Errorf("filter status: %q is not an escalation status (%s)", f.Status, strings.Join(escalationStatuses, ", "))
	}
	if a := get("after"); a != "" {
		side, id, _ := strings.Cut(a, "-")
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || (side != "open" && side != "closed") {
			return f, nil, fmt.Errorf("page cursor after: %q is not open-ID or closed-ID", a)
		}
		f.After = store.EscalationCursor{Closed: side == "closed", ID: n}
	}
	vals := url.Values{}
	for _, k := range []string{"job", "type", "kind", "status"} {
		if q.Has(k) {
			vals.Set(k, get(k))
		}
	}
	return f, vals, nil
}

// escalationList serves the escalations, open ones first, 50 a page.
func (s *Server) escalationList(w http.ResponseWriter, r *http.Request) {
	f, vals, err := parseEscalationQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	f.Limit = pageSize + 1
	rows, err := s.deps.Escalations.EscalationPage(r.Context(), f)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	page := escalationsPage{Filter: f, Rows: rows, Kinds: escalationKinds, Statuses: escalationStatuses}
	if len(rows) > pageSize {
		page.Rows = rows[:pageSize]
		last := page.Rows[pageSize-1]
		side := "open"
		if last.Status != store.EscalationOpen {
			side = "closed"
		}
		page.Next = withParam(vals, "after", side+"-"+itoa(last.ID))
	}
	s.render(w, r, "escalations", page)
}
