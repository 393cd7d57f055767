// Package load defines how steward writes: the Loader contract for write-back to
// target systems and its registry, plus staging outputs (Parquet snapshots) in
// subpackages. Concrete loaders live in subpackages, one per system.
package load

import (
	"context"
	"encoding/json"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/registry"
)

// Item is one keyed write: the fields a job owns for one target record.
type Item struct {
	// ID is the outbox id; outcomes refer to it.
	ID int64
	// ExternalID is the record's business key in the target (an identifier
	// such as a SKU), or, for a record that has none, its UUID.
	ExternalID string
	// UUID is the target's own id of the record when the source knows it (a
	// PIM product read by uuid, which may have no identifier): a loader finds
	// the record by it, and by ExternalID only when it is empty (a price keyed
	// by SKU).
	UUID string
	// Fields maps canonical field names to canonical values.
	Fields map[string]json.RawMessage
	// Overwrite says the transform stage decided this write wins over a
	// concurrent change in the target (after a Conflict): the loader writes
	// without a concurrency precondition.
	Overwrite bool
}

// Outcome statuses.
const (
	Written   = "written"
	Unchanged = "unchanged"
	Rejected  = "rejected"
	// Conflict: the target changed the record since it was read (an
	// If-Match precondition failed, 412). The loader re-reads the record
	// and reports its current values in Outcome.Current; the transform
	// stage decides by the job's strategy (write again with Overwrite,
	// take the target's values, or escalate). Connectors never decide.
	Conflict = "conflict"
)

// Outcome is what happened to one item.
type Outcome struct {
	ID     int64
	Status string
	// Reason is the target's own message for a rejected item.
	Reason string
	// Current holds, for a Conflict, the record's values in the target as
	// re-read after the failed precondition, in the canonical form of
	// Item.Fields (only the fields the job owns there).
	Current map[string]json.RawMessage
}

// Loader writes batches idempotently: writing the same batch twice leaves the
// target as writing it once. A batch returns one outcome per item; a rejected
// item is an outcome, not an error. An error means the batch as a whole failed
// and may be retried later.
type Loader interface {
	Write(ctx context.Context, items []Item) ([]Outcome, error)
}

// Batcher is an optional capability: the most items one Write should carry.
type Batcher interface {
	BatchSize() int
}

// Finisher is an optional capability: the write-back calls Finish once it
// has drained a job's outbox to the target (after the last Write, even a
// failed one), for what the loader keeps for the end of a run rather than
// for every batch (a system's quota figure kept in its state). Its error is
// logged, never the run's failure; it must be safe to call on a loader that
// wrote nothing. (A draft push to a PIM does not call it.)
type Finisher interface {
	Finish(ctx context.Context) error
}

// ReconcileReader is an optional capability of a loader whose target can list
// its records in pages: a reconcile reads the target's current values through
// it, a page at a time, compares them with the source's and queues only the
// records that differ, instead of queueing every record for the loader to
// read one request each before writing.
type ReconcileReader interface {
	// Current calls fn once for every record of the target with the id a
	// write's ExternalID names it by and its current values of the fields
	// the job owns there, in the canonical form of load.Item.Fields. A field
	// it leaves out (unset, or one it cannot read back) counts as differing;
	// a record it does not report is queued, and the loader then decides.
	Current(ctx context.Context, fn func(externalID string, fields map[string]json.RawMessage) error) error
}

// Spec is everything a factory needs to build a loader for one job's target.
type Spec struct {
	System string
	Config *config.File
	// Settings is the system's own settings section, decoded once per config
	// load by its kind's Decode into the connector's typed settings.
	Settings any
	Job      config.Job
	Target   config.Target
	// Client is the system's HTTP client; nil for a kind not reached over HTTP.
	Client *httpx.Client
	// State is the system's own state kept across runs and jobs (nil: none).
	State record.SystemState
	Log   zerolog.Logger
}

// Factory builds a loader.
type Factory func(Spec) (Loader, error)

// Registry maps system kinds to factories.
type Registry = registry.Registry[Factory]

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return registry.New[Factory]("loader") }

// New builds the loader for a system kind from r.
func New(r *Registry, kind string, spec Spec) (Loader, error) {
	f, err := r.Get(kind)
	if err != nil {
		return nil, err
	}
	return f(spec)
}
