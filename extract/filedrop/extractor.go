// Package filedrop extracts records from a file drop: CSV or NDJSON files a
// legacy system places in a folder. A file is read once it is complete, each
// file once (by its content hash, kept in the cursor), and it is moved to
// processed/ (or rejected/) only after its last page is stored. See
// internal/api/filedrop for the settings and the cursor encoding.
package filedrop

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/filedrop"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// The runner may tell the extractor when a page is stored (see Stored).
var _ interface {
	Stored(context.Context, record.Cursor) error
} = (*Extractor)(nil)

// DefaultPageSize is the rows per page when the job sets no page_size.
const DefaultPageSize = 1000

// ErrNoBackfill refuses a backfill window: a file drop keeps no history.
var ErrNoBackfill = errors.New("a file drop keeps no history to backfill; files are read once, as they arrive")

// Extractor reads a file drop folder. It is safe for one Extract at a time
// plus calls of Stored from the goroutine storing its pages.
type Extractor struct {
	folder   *api.Folder
	mapper   mapper
	pageSize int
	log      zerolog.Logger

	mu sync.Mutex
	// pending are files whose last page was yielded but is not known to be
	// stored, by short hash; Stored moves them once it is.
	pending map[string][]api.File
}

// New builds the extractor; it is the extract.Factory for kind "filedrop".
// spec.Client is not used: a file drop is no HTTP system.
func New(spec extract.Spec) (extract.Extractor, error) {
	s, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	if s.Key == "" {
		return nil, config.Problems{spec.Config.Problem("systems."+spec.System+".settings", "key is missing", "name the column holding each record's key, e.g. key: MATNR")}
	}
	dt, err := transform.Builtin().Get(spec.Job.DataType)
	if err != nil {
		return nil, fmt.Errorf("file drop %s: %w", spec.System, err)
	}
	m, mps := newMapper(dt, s)
	if len(mps) > 0 {
		var ps config.Problems
		for _, p := range mps {
			ps = append(ps, spec.Config.Problem("systems."+spec.System+".settings."+p.Key, p.Msg+" (job "+spec.Job.Name+")", p.Hint))
		}
		return nil, ps
	}
	size := spec.Job.Extract.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	return &Extractor{folder: api.NewFolder(s), mapper: m, pageSize: size, log: spec.Log, pending: map[string][]api.File{}}, nil
}

// settingsOf returns the system's settings as the wiring decoded them.
func settingsOf(spec extract.Spec) (api.Settings, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return s, fmt.Errorf("file drop extractor for system %s: settings are %T, want filedrop settings decoded by the kind", spec.System, spec.Settings)
	}
	return s, nil
}

// Extract implements extract.Extractor. It first moves the files the stored
// cursor says are finished (a run killed after storing a file's last page
// and before moving it), then continues the file it stands in, then reads
// every other complete file not finished yet, oldest first.
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		todo, skip, st, err := e.plan(from)
		if err != nil {
			yield(record.Page{}, err)
			return
		}
		p := &pass{e: e, cur: from, st: st, yield: yield}
		for i, f := range todo {
			if i > 0 {
				skip = 0
			}
			if ctx.Err() != nil {
				yield(record.Page{}, ctx.Err())
				return
			}
			if !p.file(f, skip) {
				return
			}
		}
	}
}

// plan lists the complete files, moves those already finished and returns
// the rest to read, the file the cursor stands in first with the rows of it
// already stored.
func (e *Extractor) plan(from record.Cursor) ([]api.File, int, *api.State, error) {
	if !from.Until.IsZero() {
		return nil, 0, nil, ErrNoBackfill
	}
	st, err := api.ParseState(from.State)
	if err != nil {
		return nil, 0, nil, err
	}
	files, err := e.folder.Complete()
	if err != nil {
		return nil, 0, nil, err
	}
	var todo []api.File
	seen := map[string]bool{}
	for _, f := range files {
		switch {
		case st.Outcome(f.Hash) != 0:
			e.log.Info().Str(logkey.File, f.Name).Msg("file already read; moving it")
			if err := e.finish(f, st.Outcome(f.Hash)); err != nil {
				return nil, 0, nil, err
			}
		case seen[f.Hash]:
			e.hold(f) // the same bytes under another name: moved with the first
		default:
			seen[f.Hash] = true
			todo = append(todo, f)
		}
	}
	todo, skip, err := e.resumeFirst(todo, from)
	return todo, skip, st, err
}

// resumeFirst puts the file an unfinished pass stands in at the front and
// returns the rows of it already stored. A file of that name whose bytes
// changed since (rewritten while it was read, complete again now) is read
// again from its first row: the rows stored came from bytes never verified,
// and staging drops the keys whose content did not change.
func (e *Extractor) resumeFirst(todo []api.File, from record.Cursor) ([]api.File, int, error) {
	if !from.InPass() {
		return todo, 0, nil
	}
	pos, err := api.ParsePosition(from.Next)
	if err != nil {
		return nil, 0, err
	}
	at, skip := -1, pos.Rows
	for i, f := range todo {
		if f.Hash == pos.Hash {
			at = i
			break
		}
		if f.Name == pos.File && at < 0 {
			at, skip = i, 0
		}
	}
	if at < 0 {
		return nil, 0, fmt.Errorf("resume file drop: file %s (sha256 %s) was being read but is no longer complete in the folder; put it back, or reset the job's state", pos.File, pos.Hash)
	}
	if f := todo[at]; f.Hash != pos.Hash {
		e.log.Warn().Str(logkey.File, f.Name).Int(logkey.Rows, pos.Rows).
			Str(logkey.Reason, fmt.Sprintf("sha256 %s when its first rows were stored, %s now", pos.Hash, f.Hash)).
			Msg("file changed while it was read; reading it again from its first row")
	}
	return append([]api.File{todo[at]}, append(todo[:at:at], todo[at+1:]...)...), skip, nil
}

// Stored moves the files whose last page cur covers. The runner may call it
// after it stored a page; without that call the files move at the start of
// the next Extract. Calling it twice is harmless.
func (e *Extractor) Stored(_ context.Context, cur record.Cursor) error {
	st, err := api.ParseState(cur.State)
	if err != nil {
		return err
	}
	e.mu.Lock()
	var ready []api.File
	for h, fs := range e.pending {
		if st.Outcome(h) != 0 {
			ready = append(ready, fs...)
			delete(e.pending, h)
		}
	}
	e.mu.Unlock()
	for _, f := range ready {
		if err := e.finish(f, st.Outcome(f.Hash)); err != nil {
			return err
		}
	}
	return nil
}

// hold keeps f to be moved once the cursor finishing its hash is stored.
func (e *Extractor) hold(f api.File) {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := f.Hash[:api.HashDigits]
	e.pending[h] = append(e.pending[h], f)
}

// finish moves a finished file to processed/ or, with the reason it was
// rejected for read again, to rejected/.
func (e *Extractor) finish(f api.File, outcome byte) error {
	if outcome == api.Processed {
		return e.folder.MoveProcessed(f)
	}
	_, err := e.open(f)
	var re *api.RejectError
	if !errors.As(err, &re) {
		re = &api.RejectError{File: f.Name, Reason: "rejected by an earlier run"}
	}
	return e.folder.MoveRejected(f, re.Reason)
}
