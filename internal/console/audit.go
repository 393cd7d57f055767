package console

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

func (s *Server) auditRoutes() []Route {
	return []Route{
		{Pattern: "GET /audit", Role: webauth.Viewer, Handler: http.HandlerFunc(s.auditList)},
	}
}

var auditActions = []string{store.AuditApprove, store.AuditApproveOverride, store.AuditEditApprove, store.AuditReject,
	store.AuditApproveSelection, store.AuditRejectSelection, store.AuditResolve, store.AuditDismiss, store.AuditReplay, store.AuditDiscard}

// auditPage is the audit trail's data.
type auditPage struct {
	Filter  store.DecisionFilter
	Actions []string
	Rows    []store.DecisionRecord
	Next    template.URL
}

// parseAuditQuery reads the audit filters: reviewer, action, day
// (YYYY-MM-DD, UTC) and the keyset cursor before (an id).
func parseAuditQuery(q url.Values) (store.DecisionFilter, url.Values, error) {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := store.DecisionFilter{Reviewer: get("reviewer"), Action: get("action"), Day: get("day")}
	if f.Action != "" && !slices.Contains(auditActions, f.Action) {
		return f, nil, fmt.Errorf("filter action: %q is not a recorded action (%s)", f.Action, strings.Join(auditActions, ", "))
	}
	if _, err := time.Parse(time.DateOnly, f.Day); f.Day != "" && err != nil {
		return f, nil, fmt.Errorf("filter day: %q is not a date (write YYYY-MM-DD)", f.Day)
	}
	if b := get("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			return f, nil, fmt.Errorf("page cursor before: %q is not a decision id", b)
		}
		f.BeforeID = id
	}
	vals := url.Values{}
	for k, v := range map[string]string{"reviewer": f.Reviewer, "action": f.Action, "day": f.Day} {
		if v != "" {
			vals.Set(k, v)
		}
	}
	return f, vals, nil
}

// auditList serves the decisions, newest first, 50 a page, paged by the
// last id shown (?before=).
func (s *Server) auditList(w http.ResponseWriter, r *http.Request) {
	f, vals, err := parseAuditQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	f.Limit = pageSize + 1
	rows, err := s.deps.Audit.DecisionLog(r.Context(), f)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	page := auditPage{Filter: f, Actions: auditActions, Rows: rows}
	if len(rows) > pageSize {
		page.Rows = rows[:pageSize]
		page.Next = withParam(vals, "before", itoa(page.Rows[pageSize-1].ID))
	}
	s.render(w, r, "audit", page)
}
