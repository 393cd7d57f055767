// Package dataverse writes to the Microsoft Dataverse Web API (PROTOCOLS.md
// section 5): customers upserted into accounts by their alternate key,
// lead scores onto existing leads by id, products upserted by product
// number. Each Write reads the current rows first (a few filtered reads),
// skips unchanged records, and sends the rest as one multipart $batch with
// one change set per record and If-Match on the etag it read, mapping each
// answer to its own outcome.
package dataverse

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/load"
)

// Loader writes one data type to one Dataverse environment.
type Loader struct {
	api      *api.Client
	settings api.Settings
	table    api.Table
	dataType string
	// owned are the fields the job owns in this target.
	owned []string
	log   zerolog.Logger
}

// New builds the loader; it is the load.Factory for kind "dataverse".
func New(spec load.Spec) (load.Loader, error) { return NewWith(spec, api.Options{}) }

// NewWith builds the loader with client options (tests inject the window's
// clock and sleep there).
func NewWith(spec load.Spec, opt api.Options) (load.Loader, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return nil, fmt.Errorf("dataverse loader for system %s: settings are %T, want dataverse settings decoded by the kind", spec.System, spec.Settings)
	}
	dt := spec.Job.DataType
	if !slices.Contains(api.Written, dt) {
		return nil, fmt.Errorf("dataverse loader for system %s: data type %q is not written (customers, lead_scores, products)", spec.System, dt)
	}
	t := s.Tables[dt]
	if dt != "lead_scores" && t.ExternalID == "" {
		return nil, fmt.Errorf("dataverse loader for system %s: tables.%s.external_id is empty; upserts need the alternate key column", spec.System, dt)
	}
	return &Loader{api: api.New(spec.Client, s, opt, spec.Log), settings: s, table: t, dataType: dt, owned: spec.Target.Fields, log: spec.Log}, nil
}

// BatchSize implements load.Batcher: the settings' batch_size (at most
// 1000, the $batch limit).
func (l *Loader) BatchSize() int { return l.settings.BatchSize }

// plan is one item's write: where it goes and the cells it sets.
type plan struct {
	item  int
	key   string
	cells []cell
	// native says key is the row's GUID (the crosswalked record): the row
	// is updated by it, never created.
	native bool
}

var guidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// prepare maps an item to its plan, or to the reason it is rejected.
func (l *Loader) prepare(i int, it load.Item) (plan, string) {
	p := plan{item: i, key: it.ExternalID}
	switch {
	case p.key == "":
		return p, "the item has no external id to address the Dataverse row by"
	case l.dataType == "lead_scores" && !guidRE.MatchString(p.key):
		return p, fmt.Sprintf("lead id %q is not a Dataverse GUID", p.key)
	case l.dataType == "lead_scores" && scoreProblem(it.Fields) != "":
		return p, scoreProblem(it.Fields)
	}
	for _, f := range sortedKeys(it.Fields) {
		if f == "external_id" && l.dataType == "customers" {
			var v string
			if json.Unmarshal(it.Fields[f], &v) == nil && v == it.ExternalID {
				continue
			}
		}
		c, err := l.native(f, it.Fields[f])
		if err != nil {
			return p, err.Error()
		}
		p.cells = append(p.cells, c)
	}
	return l.byNative(p, it)
}

// keyColumn is the column a write addresses its row by, and whether it is
// the primary key (a GUID).
func (l *Loader) keyColumn() (string, bool) {
	if l.dataType == "lead_scores" {
		return l.table.ID, true
	}
	return l.table.ExternalID, false
}

// path is the entity path of a plan's row.
func (l *Loader) path(p plan) string {
	col, guid := l.keyColumn()
	if guid || p.native {
		return api.IDPath(l.table.EntitySet, p.key)
	}
	return api.KeyPath(l.table.EntitySet, col, p.key)
}

// columns lists the columns to read back for plans.
func (l *Loader) columns(plans []plan) []string {
	col, _ := l.keyColumn()
	sel := []string{l.table.ID, col}
	for _, p := range plans {
		for _, c := range p.cells {
			if !slices.Contains(sel, c.column) {
				sel = append(sel, c.column)
			}
		}
	}
	return sel
}
