package console

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

// runData is one run's page.
type runData struct {
	Run runRow
	// Error is the run's error, with credentials taken out of any URL.
	Error string
	// DeadLetters are one page of the run's dead letters (after the id
	// DLAfter), Open the ids of the open ones among them; DLTotal and
	// DLOpen count the run's, and DLNext is the id the next page starts
	// after (0 on the last page).
	DeadLetters     []store.DeadLetter
	Open            []int64
	DLTotal, DLOpen int
	DLAfter, DLNext int64
	// Quarantine is one page of the run's quarantined records (after the
	// id QAfter); QNext is the id the next page starts after (0: last).
	Quarantine    []quarantineRow
	QAfter, QNext int64
	Cursors       []cursorRow
	// CanAct says the reader may replay and discard; CanReplay that the
	// console was given a replay.
	CanAct, CanReplay bool
	Notice            string
	Problem           string
}

type quarantineRow struct {
	store.QuarantinedRecord
	// SafePage is the page address without credentials.
	SafePage string
}

type cursorRow struct{ Stream, Value string }

// Opened reports whether a dead letter is neither replayed nor discarded.
func (runData) Opened(d store.DeadLetter) bool { return d.ReplayedAt == nil && d.DiscardedAt == nil }

func (s *Server) runPage(w http.ResponseWriter, r *http.Request) {
	s.showRun(w, r, http.StatusOK, "", "")
}

// showRun renders the run named by the path with a notice or a problem.
func (s *Server) showRun(w http.ResponseWriter, r *http.Request, status int, notice, problem string) {
	run, err := s.pathRun(r)
	if err != nil {
		s.fail(w, r, httpStatus(err), err)
		return
	}
	d, err := s.runDataOf(r, run)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	d.Notice, d.Problem = notice, problem
	s.renderStatus(w, r, status, "run", d)
}

// errNoRun is a run id the store does not hold.
var errNoRun = errors.New("there is no such run")

// pathRun reads the run the path names.
func (s *Server) pathRun(r *http.Request) (store.Run, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return store.Run{}, fmt.Errorf("run %q: %w", r.PathValue("id"), errBadRun)
	}
	run, err := s.deps.Runs.GetRun(r.Context(), id)
	if errors.Is(err, sql.ErrNoRows) {
		return run, fmt.Errorf("run %d: %w", id, errNoRun)
	}
	return run, err
}

// errBadRun is a run id that is not a number.
var errBadRun = errors.New("a run id is a positive number")

func httpStatus(err error) int {
	var se *store.SelectionError
	switch {
	case errors.Is(err, errNoRun):
		return http.StatusNotFound
	case errors.Is(err, errBadRun), errors.As(err, &se):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

func (s *Server) runDataOf(r *http.Request, run store.Run) (runData, error) {
	ctx := r.Context()
	p, _ := webauth.FromContext(ctx)
	d := runData{Run: s.rowOf(run), Error: safeText(run.Error), CanAct: p.Role.Allows(webauth.Operator), CanReplay: s.deps.Replay != nil}
	if err := s.deadLettersOf(r, run, &d); err != nil {
		return d, err
	}
	if err := s.quarantineOf(r, run, &d); err != nil {
		return d, err
	}
	cursors, err := s.deps.Runs.RawCursors(ctx, run.Job)
	if err != nil {
		return d, err
	}
	for stream, v := range cursors {
		d.Cursors = append(d.Cursors, cursorRow{Stream: stream, Value: safeText(v)})
	}
	sort.Slice(d.Cursors, func(i, j int) bool { return d.Cursors[i].Stream < d.Cursors[j].Stream })
	return d, nil
}
