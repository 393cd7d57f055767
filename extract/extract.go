// Package extract defines how steward reads from a system: the Extractor
// contract, the optional capabilities found by type assertion, and the registry
// of extractor kinds. Concrete extractors live in subpackages, one per system.
package extract

import (
	"context"
	"iter"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/registry"
)

// Extractor reads one entity of one system as pages.
type Extractor interface {
	// Extract yields pages starting at from. With from inside a pass
	// (from.InPass()) it continues that pass at from.Next, or at the Next of
	// each of from.Partitions for an extractor that reads a pass as several
	// concurrent chains (the cursor then records every chain); otherwise it starts a
	// new pass at from.Watermark minus the job's overlap (incremental) or from the
	// beginning (full), bounded above by from.Until when set. Each page's cursor
	// is true once that page is stored; the last page's cursor has finished the
	// pass. Breaking out of the loop releases everything the iterator holds.
	Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error]
}

// Counter is an optional capability: how many records a pass from cursor
// would read, used by backfill dry runs.
type Counter interface {
	Count(ctx context.Context, from record.Cursor) (int, error)
}

// PageCounter is an optional capability beside Counter: how many records a
// pass from cursor would read and how many page requests it would take, at
// the page size the server actually uses (learnt from a first page).
type PageCounter interface {
	CountPages(ctx context.Context, from record.Cursor) (records, pages int, err error)
}

// Spec is everything a factory needs to build an extractor for one job.
type Spec struct {
	// System is the system's name in the config.
	System string
	Config *config.File
	// Settings is the system's own settings section, decoded once per config
	// load by its kind's Decode into the connector's typed settings.
	Settings any
	Job      config.Job
	// Client is the system's HTTP client; nil for a kind not reached over HTTP.
	Client *httpx.Client
	// State is the system's own state kept across runs and jobs (nil: none).
	State record.SystemState
	Log   zerolog.Logger
}

// Factory builds an extractor.
type Factory func(Spec) (Extractor, error)

// Registry maps system kinds to factories.
type Registry = registry.Registry[Factory]

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return registry.New[Factory]("extractor") }

// New builds the extractor for a system kind from r.
func New(r *Registry, kind string, spec Spec) (Extractor, error) {
	f, err := r.Get(kind)
	if err != nil {
		return nil, err
	}
	return f(spec)
}
