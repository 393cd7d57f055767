package console

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

// runReplay writes the run's chosen open dead letters again, as `steward
// dlq replay ID...` does, by the principal, and shows the run with what
// became of them.
func (s *Server) runReplay(w http.ResponseWriter, r *http.Request) {
	run, ids, who, ok := s.deadLetterForm(w, r)
	if !ok {
		return
	}
	if s.deps.Replay == nil {
		s.fail(w, r, http.StatusNotImplemented, errors.New("replay: this console was started without a job runner"))
		return
	}
	runID, out, err := s.deps.Replay(r.Context(), run.Job, ids, who)
	if runID == 0 && err != nil {
		s.showRun(w, r, httpStatus(err), "", "Nothing was replayed: "+safeText(err.Error()))
		return
	}
	notice := fmt.Sprintf("%d dead letter(s) replayed by %s in run %d: %d written, %d rejected again, %d already equal in the target, %d skipped, %d not sent.",
		len(ids), who, runID, out.Written, out.Rejected, out.Unchanged, skippedTotal(out.Skipped), out.Unsent)
	problem := ""
	if err != nil {
		problem = fmt.Sprintf("Replay run %d ended with an error: %s", runID, safeText(err.Error()))
	}
	s.showRun(w, r, http.StatusOK, notice, problem)
}

// runDiscard gives up the run's chosen open dead letters with the reason
// the form gives, as `steward dlq discard ID... --reason` does, by the
// principal.
func (s *Server) runDiscard(w http.ResponseWriter, r *http.Request) {
	run, ids, who, ok := s.deadLetterForm(w, r)
	if !ok {
		return
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if reason == "" {
		s.showRun(w, r, http.StatusBadRequest, "", "Discarding needs a reason: say why these writes are given up.")
		return
	}
	res, err := s.deps.Runs.DiscardDeadLetters(r.Context(), run.Job, ids, reason, who)
	if err != nil {
		s.showRun(w, r, httpStatus(err), "", "Nothing was discarded: "+safeText(err.Error()))
		return
	}
	notice := fmt.Sprintf("%d dead letter(s) discarded by %s.", res.DeadLetters, who)
	if res.DraftsRejected > 0 {
		notice += fmt.Sprintf(" %d draft(s) of discarded draft pushes rejected.", res.DraftsRejected)
	}
	s.showRun(w, r, http.StatusOK, notice, "")
}

// deadLetterForm reads a replay or discard form: the run, the dead letters
// named (field dl, each an open dead letter of the run) and who acts. It
// answers the request itself when it returns ok false.
func (s *Server) deadLetterForm(w http.ResponseWriter, r *http.Request) (store.Run, []int64, string, bool) {
	p, ok := webauth.FromContext(r.Context())
	if !ok || p.Name == "" {
		s.fail(w, r, http.StatusUnauthorized, errors.New("this action needs a signed-in operator"))
		return store.Run{}, nil, "", false
	}
	run, err := s.pathRun(r)
	if err != nil {
		s.fail(w, r, httpStatus(err), err)
		return run, nil, "", false
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, http.StatusBadRequest, fmt.Errorf("read the form: %w", err))
		return run, nil, "", false
	}
	ids, err := s.openOf(r, run, r.PostForm["dl"])
	if err != nil {
		s.showRun(w, r, http.StatusBadRequest, "", err.Error())
		return run, nil, "", false
	}
	return run, ids, p.Name, true
}

// openOf parses the named dead letter ids and checks each is an open dead
// letter of the run.
func (s *Server) openOf(r *http.Request, run store.Run, raw []string) ([]int64, error) {
	if len(raw) == 0 {
		return nil, errors.New("name at least one dead letter (field dl)")
	}
	if len(raw) > runDeadLettersShown {
		return nil, fmt.Errorf("name at most %d dead letters at once (one page of the run's), not %d", runDeadLettersShown, len(raw))
	}
	var ids []int64
	for _, v := range raw {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("dead letter %q is not an open dead letter of run %d", v, run.ID)
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	dls, err := s.deps.Runs.RunDeadLettersOf(r.Context(), run.ID, ids)
	if err != nil {
		return nil, err
	}
	open := map[int64]bool{}
	for _, d := range dls {
		open[d.ID] = (runData{}).Opened(d)
	}
	for _, id := range ids {
		if !open[id] {
			return nil, fmt.Errorf("dead letter %d is not an open dead letter of run %d", id, run.ID)
		}
	}
	return ids, nil
}

func skippedTotal(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}
