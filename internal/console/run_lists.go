package console

import (
	"net/http"
	"strconv"

	"github.com/stewardhq/steward/internal/store"
)

// runQuarantineShown is how many quarantined records one run page lists.
const runQuarantineShown = 500

// runDeadLettersShown is how many dead letters one run page lists (and so
// the most one form names: Go's form parser refuses more than 10,000 fields).
const runDeadLettersShown = 200

// deadLettersOf reads the run's dead letter totals and the page of them
// after the query's dl_after id, their reasons with the URLs in them made
// safe.
func (s *Server) deadLettersOf(r *http.Request, run store.Run, d *runData) error {
	ctx := r.Context()
	var err error
	if d.DLTotal, d.DLOpen, err = s.deps.Runs.RunDeadLetterTally(ctx, run.ID); err != nil {
		return err
	}
	d.DLAfter = cursorParam(r, "dl_after")
	dls, err := s.deps.Runs.RunDeadLetterPage(ctx, run.ID, d.DLAfter, runDeadLettersShown+1)
	if err != nil {
		return err
	}
	if len(dls) > runDeadLettersShown {
		dls = dls[:runDeadLettersShown]
		d.DLNext = dls[len(dls)-1].ID
	}
	for i := range dls {
		dls[i].Reason, dls[i].DiscardReason = safeText(dls[i].Reason), safeText(dls[i].DiscardReason)
	}
	d.DeadLetters = dls
	for _, dl := range dls {
		if d.Opened(dl) {
			d.Open = append(d.Open, dl.ID)
		}
	}
	return nil
}

// quarantineOf reads the page of the run's quarantined records after the
// query's q_after id, their reasons and pages with the URLs in them made
// safe.
func (s *Server) quarantineOf(r *http.Request, run store.Run, d *runData) error {
	d.QAfter = cursorParam(r, "q_after")
	qs, err := s.deps.Runs.RunQuarantine(r.Context(), run.ID, d.QAfter, runQuarantineShown+1)
	if err != nil {
		return err
	}
	if len(qs) > runQuarantineShown {
		qs = qs[:runQuarantineShown]
		d.QNext = qs[len(qs)-1].ID
	}
	for _, q := range qs {
		q.Reason = safeText(q.Reason)
		d.Quarantine = append(d.Quarantine, quarantineRow{QuarantinedRecord: q, SafePage: safeURL(q.Page)})
	}
	return nil
}

// cursorParam reads an id cursor from the query; one that is not a
// positive number starts at the first.
func cursorParam(r *http.Request, name string) int64 {
	if id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64); err == nil && id > 0 {
		return id
	}
	return 0
}
