// Package dataverse extracts accounts, leads and products from the Microsoft
// Dataverse Web API (PROTOCOLS.md sections 4 and 5). By default a table is
// read with change tracking: a first pass with Prefer: odata.track-changes
// whose last page's delta link is kept in the cursor's State, then passes
// that read only what changed since, removed rows as deletions. Tables
// without change tracking are read by modifiedon.
package dataverse

import (
	"context"
	"fmt"
	"iter"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// Extractor reads one Dataverse table as a data type.
type Extractor struct {
	api      *api.Client
	table    api.Table
	dataType string
	job      config.Job
	log      zerolog.Logger
	sleep    func(ctx context.Context, d time.Duration) error
	resyncs  atomic.Int64
}

// New builds the extractor; it is the extract.Factory for kind "dataverse".
func New(spec extract.Spec) (extract.Extractor, error) { return NewWith(spec, api.Options{}) }

// NewWith builds the extractor with client options (tests inject the
// window's clock and sleep there).
func NewWith(spec extract.Spec, opt api.Options) (extract.Extractor, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return nil, fmt.Errorf("dataverse extractor for system %s: settings are %T, want dataverse settings decoded by the kind", spec.System, spec.Settings)
	}
	dt := spec.Job.DataType
	t, ok := s.Tables[dt]
	if !ok || dt == "lead_scores" {
		return nil, fmt.Errorf("dataverse extractor for system %s: data type %q is not read (customers, leads, products)", spec.System, dt)
	}
	if e := spec.Job.Extract.Entity; e != "" && e != t.EntitySet {
		return nil, fmt.Errorf("dataverse extractor for system %s: entity %q is not the %s table %q", spec.System, e, dt, t.EntitySet)
	}
	sleep := opt.Sleep
	if sleep == nil {
		sleep = retry.Sleep
	}
	return &Extractor{api: api.New(spec.Client, s, opt, spec.Log), table: t, dataType: dt, job: spec.Job, log: spec.Log, sleep: sleep}, nil
}

// Resyncs counts the full resyncs after an expired delta link.
func (e *Extractor) Resyncs() int64 { return e.resyncs.Load() }

// pageSize is the job's page size within the settings' bound.
func (e *Extractor) pageSize() int {
	if n := e.job.Extract.PageSize; n > 0 {
		return min(n, e.api.Settings().PageSize)
	}
	return e.api.Settings().PageSize
}

// tracked says whether reads from cursor use change tracking: the table's
// mode, outside backfill windows (which filter by the change field).
func (e *Extractor) tracked(from record.Cursor) bool {
	return e.table.Mode == api.ModeTrackChanges && from.Until.IsZero()
}

// Extract implements extract.Extractor. Each page's cursor is true once the
// page is stored: inside a pass Next is the server's next link, followed
// verbatim with the same Prefer header; a tracked pass's last page finishes
// the pass with the new delta link in State, while the old one stays there
// until then, so a pass killed half way through a delta resumes at its next
// link, or reads the same delta again.
func (e *Extractor) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		p := &pass{e: e, cur: from, track: e.tracked(from), seen: map[string]bool{}}
		link := p.start()
		for link != "" {
			page, next, err := p.page(ctx, link)
			if err != nil {
				yield(record.Page{URL: page.URL}, err)
				return
			}
			if !yield(page, nil) {
				return
			}
			link = next
		}
	}
}
