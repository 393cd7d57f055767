package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
)

// A run whose final record cannot be written (the disk is full) keeps its
// status and error in a side file next to the database, "<db>.run-<id>.cause".
// The file is reserved at the run's start, so writing the cause overwrites
// space already allocated instead of needing more; the next BeginRun of the
// job records that cause for the run instead of "process ended before the run
// finished", and removes the file.

// causeReserve is the size of the reserved side file.
const causeReserve = 16 << 10

// abandonedError is the error of a run whose process ended without a cause.
const abandonedError = "process ended before the run finished (killed or crashed)"

type runCause struct {
	Status string `json:"status"`
	Error  string `json:"error"`
}

func (s *Store) causePath(runID int64) string {
	return s.path + ".run-" + strconv.FormatInt(runID, 10) + ".cause"
}

// reserveCause allocates the side file of a starting run. Failing to is not
// fatal: the cause is then kept only if the disk has room when it is needed.
func (s *Store) reserveCause(runID int64) {
	if s.path == "" {
		return
	}
	_ = os.WriteFile(s.causePath(runID), bytes.Repeat([]byte{' '}, causeReserve), 0o600)
}

// keepCause writes a run's final status and error into its side file.
func (s *Store) keepCause(runID int64, status, errText string) error {
	if s.path == "" {
		return errors.New("keep the run's cause: no database path")
	}
	b, err := encodeCause(runCause{Status: status, Error: errText})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(s.causePath(runID), os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("keep the run's cause: %w", err)
	}
	defer f.Close()
	_, err = f.WriteAt(b, 0)
	if err == nil {
		err = f.Truncate(int64(len(b)))
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		return fmt.Errorf("keep the run's cause: %w", err)
	}
	return nil
}

// encodeCause encodes c, shortening a long error to fit the reserved space.
func encodeCause(c runCause) ([]byte, error) {
	for limit := causeReserve / 2; ; limit /= 2 {
		if len(c.Error) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(c.Error[cut]) {
				cut--
			}
			c.Error = c.Error[:cut] + " …"
		}
		b, err := json.Marshal(c)
		if err != nil || len(b) <= causeReserve {
			return b, err
		}
	}
}

// readCause returns the cause kept for a run; ok is false when there is none
// (only the reservation, or no file).
func (s *Store) readCause(runID int64) (runCause, bool) {
	var c runCause
	if s.path == "" {
		return c, false
	}
	b, err := os.ReadFile(s.causePath(runID))
	if err != nil {
		return c, false
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || json.Unmarshal(b, &c) != nil || c.Status == "" {
		return c, false
	}
	return c, true
}

func (s *Store) dropCause(runID int64) {
	if s.path != "" {
		_ = os.Remove(s.causePath(runID))
	}
}

// closeAbandoned marks the job's runs left "running" by a dead process as
// failed, with the cause kept in their side file when there is one. It
// returns their ids so the side files can go once the transaction commits.
func (s *Store) closeAbandoned(ctx context.Context, tx *sqlx.Tx, job, now string) ([]int64, error) {
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, `SELECT id FROM runs WHERE job = ? AND status = 'running'`, job); err != nil {
		return nil, fmt.Errorf("close abandoned runs of %s: %w", job, err)
	}
	for _, id := range ids {
		status, text := StatusFailed, abandonedError
		if c, ok := s.readCause(id); ok && slices.Contains([]string{StatusFailed, StatusPartial, StatusSucceeded}, c.Status) {
			status, text = c.Status, c.Error
		}
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET status = ?, error = ?, ended_at = ? WHERE id = ?`, status, text, now, id); err != nil {
			return nil, fmt.Errorf("close abandoned run %d of %s: %w", id, job, err)
		}
	}
	return ids, nil
}

// owed is what this Store could not write at a run's end: final run records
// by run id and lock releases by job. BeginRun retries them.
type owed struct {
	runs  map[int64]runCause
	locks map[string]int64
}

func (s *Store) owe(fn func(*owed)) {
	s.owedMu.Lock()
	defer s.owedMu.Unlock()
	if s.owed.runs == nil {
		s.owed = owed{runs: map[int64]runCause{}, locks: map[string]int64{}}
	}
	fn(&s.owed)
}

// payOwed writes the final records this Store still owes, and releases the
// job's lock if its release failed. What fails again stays owed.
func (s *Store) payOwed(ctx context.Context, job string) {
	s.owedMu.Lock()
	defer s.owedMu.Unlock()
	for id, c := range s.owed.runs {
		if s.finishRun(ctx, id, c.Status, c.Error) == nil {
			delete(s.owed.runs, id)
			s.dropCause(id)
		}
	}
	if id, ok := s.owed.locks[job]; ok && s.releaseLock(ctx, job, id) == nil {
		delete(s.owed.locks, job)
	}
}
