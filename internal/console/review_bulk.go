package console

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

// bulkPage confirms a bulk decision on the queue's filtered selection.
type bulkPage struct {
	Action string
	// Hidden carries the selection's filters into the form.
	Hidden url.Values
	Filter reviewFilterView
	// N drafts the action takes; Skipped flagged drafts approval leaves out.
	N, Skipped int
	// Digest fingerprints the N drafts: the form acts on exactly them.
	Digest string
	Back   template.URL
	CanAct bool
}

// bulkSelection reads the action and the filtered selection of a bulk form
// or confirmation link. Its status is dropped: approval takes the pending
// drafts of the selection, rejection the open ones.
func bulkSelection(q url.Values) (string, reviewQuery, error) {
	action := q.Get("action")
	if action != "approve" && action != "reject" {
		return "", reviewQuery{}, fmt.Errorf("bulk action %q: choose approve or reject", action)
	}
	rq, err := parseReviewQuery(q)
	if err != nil {
		return "", rq, err
	}
	rq.Filter.Status, rq.Filter.AfterID = "", 0
	return action, rq, nil
}

// reviewBulkConfirm shows how many drafts a bulk decision would take (and,
// for approval, how many flagged drafts it skips) before anything changes.
func (s *Server) reviewBulkConfirm(w http.ResponseWriter, r *http.Request) {
	action, rq, err := bulkSelection(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	counts, err := s.deps.Review.DraftStatusCounts(r.Context(), rq.Filter)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	hidden := url.Values{}
	for k, v := range rq.Values {
		if k != "status" {
			hidden[k] = v
		}
	}
	p := bulkPage{Action: action, Hidden: hidden, Filter: filterView(rq), Back: template.URL(rq.Values.Encode()), CanAct: canAct(r, webauth.Steward)}
	if action == "approve" {
		p.Skipped = counts[store.DraftFlagged]
	}
	// The count shown is the digest's, so the form approves what it says.
	if p.Digest, p.N, err = s.deps.Review.SelectionDigest(r.Context(), rq.Filter, action); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	s.render(w, r, "review_bulk", p)
}

// reviewBulk applies a confirmed bulk decision to the whole filtered
// selection (not only the page shown), and only while the selection holds
// exactly the drafts the confirmation counted (its "selection" digest): a
// draft that joined it since is never decided unseen, the form answers 409.
// Flagged drafts are never approved in bulk (the store skips them); a bulk
// rejection needs a reason.
func (s *Server) reviewBulk(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, fmt.Errorf("read bulk form: %w", err))
		return
	}
	action, rq, err := bulkSelection(r.PostForm)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	who, err := reviewer(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	rv := store.Review{Reviewer: who, Reason: strings.TrimSpace(r.PostForm.Get("reason"))}
	digest := r.PostForm.Get("selection")
	if digest == "" {
		s.fail(w, r, http.StatusBadRequest, fmt.Errorf("%s drafts: the form carries no confirmed selection: use the confirmation page", action))
		return
	}
	var n, m int64
	if action == "approve" {
		n, m, err = s.deps.Review.ApproveConfirmed(r.Context(), rq.Filter, digest, rv)
	} else if rv.Reason == "" {
		err = fmt.Errorf("reject drafts: a rejection needs a reason: say what is wrong")
		s.fail(w, r, http.StatusBadRequest, err)
		return
	} else {
		n, m, err = s.deps.Review.RejectConfirmed(r.Context(), rq.Filter, digest, rv)
	}
	if err != nil {
		s.decisionFailed(w, r, fmt.Errorf("%s drafts: %w", action, err))
		return
	}
	done := map[string]string{"approve": "bulk_approved", "reject": "bulk_rejected"}[action]
	s.backToQueue(w, r, url.Values{"done": {done}, "n": {itoa(n)}, "m": {itoa(m)}})
}
