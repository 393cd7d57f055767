package console

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

func (s *Server) reviewRoutes() []Route {
	return []Route{
		{Pattern: "GET /review", Role: webauth.Viewer, Handler: http.HandlerFunc(s.reviewList)},
		{Pattern: "GET /review/{id}/edit", Role: webauth.Viewer, Handler: http.HandlerFunc(s.reviewEditForm)},
		{Pattern: "POST /review/{id}/approve", Role: webauth.Steward, Handler: http.HandlerFunc(s.reviewApprove)},
		{Pattern: "POST /review/{id}/edit", Role: webauth.Steward, Handler: http.HandlerFunc(s.reviewEdit)},
		{Pattern: "POST /review/{id}/reject", Role: webauth.Steward, Handler: http.HandlerFunc(s.reviewReject)},
		{Pattern: "GET /review/bulk", Role: webauth.Viewer, Handler: http.HandlerFunc(s.reviewBulkConfirm)},
		{Pattern: "POST /review/bulk", Role: webauth.Steward, Handler: http.HandlerFunc(s.reviewBulk)},
	}
}

// reviewPage is the review queue's data.
type reviewPage struct {
	Query    url.Values
	Filter   reviewFilterView
	Counts   []statusCount
	Items    []reviewItem
	Next     template.URL
	Notice   string
	Statuses []string
	Kinds    []string
	CanAct   bool
	// BulkApprove and BulkReject offer a bulk decision only where it takes
	// drafts of the status shown: approval takes pending drafts, rejection
	// open ones (so the flagged view offers no bulk approval).
	BulkApprove, BulkReject bool
}

// reviewFilterView is the filter form's current values.
type reviewFilterView struct {
	Kind, Status, Family, Locale, Channel, Rule, Reason, SKU string
}

// statusCount is how many drafts of the selection have a status, with the
// link that selects them.
type statusCount struct {
	Status string
	N      int
	Link   template.URL
	Active bool
}

// reviewList serves the queue: the filtered drafts by id, 50 a page, paged
// by the last id shown (?after=), never by offset.
func (s *Server) reviewList(w http.ResponseWriter, r *http.Request) {
	rq, err := parseReviewQuery(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	f := rq.Filter
	f.Limit = pageSize + 1
	ds, err := s.deps.Review.Drafts(r.Context(), f)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	counts, err := s.deps.Review.DraftStatusCounts(r.Context(), rq.Filter)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	page := reviewPage{Query: rq.Values, Filter: filterView(rq), Counts: countLinks(rq, counts),
		Notice: noticeText(r.URL.Query()), Statuses: draftStatuses, Kinds: draftKinds, CanAct: canAct(r, webauth.Steward)}
	st := rq.Filter.Status
	page.BulkApprove = st == "" || st == store.DraftPending
	page.BulkReject = page.BulkApprove || st == store.DraftApproved || st == store.DraftFlagged
	if len(ds) > pageSize {
		ds = ds[:pageSize]
		page.Next = withParam(rq.Values, "after", itoa(ds[len(ds)-1].ID))
	}
	if page.Items, err = s.newItems(r.Context(), ds); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	s.render(w, r, "review", page)
}

func filterView(rq reviewQuery) reviewFilterView {
	f := rq.Filter
	return reviewFilterView{Kind: f.Kind, Status: f.Status, Family: f.Family, Locale: f.Locale, Channel: f.Channel, Rule: f.Rule, Reason: f.Reason, SKU: f.SKU}
}

// countLinks lists the selection's counts per status in the queue's order.
func countLinks(rq reviewQuery, counts map[string]int) []statusCount {
	var out []statusCount
	for _, st := range draftStatuses {
		if n := counts[st]; n > 0 || st == "pending" || st == "flagged" {
			out = append(out, statusCount{Status: st, N: n, Link: withParam(rq.Values, "status", st), Active: rq.Filter.Status == st})
		}
	}
	return out
}

// canAct reports whether the request's principal holds need, so a page
// offers only the forms its reader may submit.
func canAct(r *http.Request, need webauth.Role) bool {
	p, ok := webauth.FromContext(r.Context())
	return ok && p.Role.Allows(need)
}
