package console

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

// errBadID reports a route id that is not a number.
var errBadID = errors.New("not an id")

// reviewer is the principal deciding: its name goes into the audit trail.
func reviewer(r *http.Request) (string, error) {
	p, ok := webauth.FromContext(r.Context())
	if !ok || p.Name == "" {
		return "", errors.New("the request carries no signed-in reviewer")
	}
	return p.Name, nil
}

// draftID reads the {id} of a draft route.
func draftID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("draft id %q: %w", r.PathValue("id"), errBadID)
	}
	return id, nil
}

// decision reads what every review form sends: the draft id, the reviewer,
// the form's reason (trimmed) and the version of the draft the page showed
// ("seen"), so a decision from a stale page is refused.
func decision(r *http.Request) (int64, store.Review, error) {
	id, err := draftID(r)
	if err != nil {
		return 0, store.Review{}, err
	}
	who, err := reviewer(r)
	if err != nil {
		return 0, store.Review{}, err
	}
	return id, store.Review{Reviewer: who, Reason: strings.TrimSpace(r.PostFormValue("reason")), Seen: r.PostFormValue("seen")}, nil
}

// reviewApprove approves one draft. A flagged draft is approved only with
// the form's override box ticked and a reason, as the CLI's --override-flag.
func (s *Server) reviewApprove(w http.ResponseWriter, r *http.Request) {
	id, rv, err := decision(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	rv.Override = r.PostFormValue("override") == "1"
	if rv.Override && rv.Reason == "" {
		s.fail(w, r, http.StatusBadRequest, fmt.Errorf("approve draft %d: approving a flagged draft needs a reason: say why it is right", id))
		return
	}
	if _, err := s.deps.Review.ApproveIDs(r.Context(), []int64{id}, rv); err != nil {
		s.decisionFailed(w, r, fmt.Errorf("approve draft %d: %w", id, err))
		return
	}
	s.backToQueue(w, r, url.Values{"done": {"approved"}, "id": {itoa(id)}})
}

// reviewReject rejects one draft; the reason is required.
func (s *Server) reviewReject(w http.ResponseWriter, r *http.Request) {
	id, rv, err := decision(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	if rv.Reason == "" {
		s.fail(w, r, http.StatusBadRequest, fmt.Errorf("reject draft %d: a rejection needs a reason: say what is wrong", id))
		return
	}
	if _, err := s.deps.Review.RejectIDs(r.Context(), []int64{id}, rv); err != nil {
		s.decisionFailed(w, r, fmt.Errorf("reject draft %d: %w", id, err))
		return
	}
	s.backToQueue(w, r, url.Values{"done": {"rejected"}, "id": {itoa(id)}})
}

// decisionFailed answers a refused decision (a *store.SelectionError: the
// draft's status forbids it) with 409 and the store's words, anything else
// as a server error.
func (s *Server) decisionFailed(w http.ResponseWriter, r *http.Request, err error) {
	var sel *store.SelectionError
	if errors.As(err, &sel) {
		s.fail(w, r, http.StatusConflict, err)
		return
	}
	s.fail(w, r, http.StatusInternalServerError, err)
}

// backToQueue redirects (303) to the queue with the filters the form came
// from (its "back" field, re-read so only filters pass) and a notice.
func (s *Server) backToQueue(w http.ResponseWriter, r *http.Request, notice url.Values) {
	back, _ := url.ParseQuery(r.PostFormValue("back"))
	q := url.Values{}
	if rq, err := parseReviewQuery(back); err == nil {
		q = rq.Values
	}
	for k, v := range notice {
		q[k] = v
	}
	http.Redirect(w, r, "/review?"+q.Encode(), http.StatusSeeOther)
}

// noticeText words the notice of a redirect after a decision.
func noticeText(q url.Values) string {
	id, n, m := number(q.Get("id")), number(q.Get("n")), number(q.Get("m"))
	switch q.Get("done") {
	case "approved":
		return "Draft " + id + " approved; the next push writes it."
	case "edited":
		return "Draft " + id + " edited and approved; the next push writes the edited text."
	case "rejected":
		return "Draft " + id + " rejected."
	case "bulk_approved":
		return n + " draft(s) approved; " + m + " flagged draft(s) skipped (approve those one by one with a reason)."
	case "bulk_rejected":
		return n + " draft(s) rejected; " + m + " being pushed left alone."
	}
	return ""
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// number keeps a notice's figure only if it is one, so a crafted link
// cannot put words into a notice.
func number(s string) string {
	if _, err := strconv.ParseUint(s, 10, 64); err != nil {
		return "?"
	}
	return s
}
