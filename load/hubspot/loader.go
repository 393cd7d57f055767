// Package hubspot writes to the HubSpot CRM API v3 (PROTOCOLS.md 3.4):
// customers upserted into companies by their external id, products upserted
// by hs_sku, lead scores updated on contacts by id, each through the batch
// endpoints with at most 100 inputs and per-input outcomes from the 207
// multi-status answer, and a leads router's decisions (owner by e-mail
// through GET /crm/v3/owners, score, model, reasons, matched products,
// next steps) updated on contacts by id. Objects are read first, so a rerun
// writes nothing new.
package hubspot

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/load"
)

// Loader writes one data type to one HubSpot account.
type Loader struct {
	api *api.Client
	s   api.Settings
	// obj is the object written, op the batch operation (upsert or update)
	// and idProperty the property upserts match by ("" for update by id).
	obj        api.ObjectMap
	op         string
	idProperty string
	// props turns one item into the properties to send.
	props    func(load.Item) (map[string]string, error)
	dataType string
	// owned are the fields the job owns in this target.
	owned []string
	log   zerolog.Logger
	// ownerIDs maps owners' e-mails to their ids and ownerKnown says which
	// ids are active owners (leads jobs; read on the first write).
	ownerIDs   map[string]string
	ownerKnown map[string]bool
}

// New builds the loader; it is the load.Factory for kind "hubspot".
func New(spec load.Spec) (load.Loader, error) { return NewWith(spec, api.Options{}) }

// NewWith builds the loader with client options (the limiter's clock and
// sleep in tests).
func NewWith(spec load.Spec, opt api.Options) (load.Loader, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return nil, fmt.Errorf("hubspot loader for system %s: settings are %T, want hubspot settings decoded by the kind", spec.System, spec.Settings)
	}
	if opt.State == nil {
		opt.State = spec.State // the daily quota is kept there
	}
	l := &Loader{api: api.New(spec.Client, s, opt), s: s, owned: spec.Target.Fields, dataType: spec.Job.DataType, log: spec.Log}
	switch spec.Job.DataType {
	case "customers":
		l.obj, l.op, l.idProperty = s.Companies, "upsert", s.Companies.IDProperty
		l.props = l.customer
	case "products":
		l.obj, l.op, l.idProperty = s.Products, "upsert", s.Products.IDProperty
		l.props = l.product
	case "lead_scores":
		l.obj, l.op = s.Contacts, "update"
		l.props = l.leadScore
	case "leads":
		l.obj, l.op = s.Contacts, "update"
		l.props = l.lead
	default:
		return nil, fmt.Errorf("hubspot loader for job %s: data type %q is not written to HubSpot (customers, products, lead_scores, leads)", spec.Job.Name, spec.Job.DataType)
	}
	return l, nil
}

// Finish implements load.Finisher: it keeps the newest daily quota figure
// the run's answers announced in the system's state (api.QuotaKey); between
// batches the figure is kept at most once a minute or when it moved by 1 %.
func (l *Loader) Finish(ctx context.Context) error { return l.api.FlushQuota(ctx) }

// BatchSize implements load.Batcher: the settings' batch_size (at most 100).
func (l *Loader) BatchSize() int { return l.s.BatchSize }

// Write implements load.Loader. Items that cannot be mapped are rejected;
// the others are read first, and only those whose properties differ are
// written, in batches of at most BatchSize inputs.
func (l *Loader) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	if err := l.loadOwners(ctx); err != nil {
		return nil, err
	}
	out := make([]load.Outcome, len(items))
	var todo []pending
	for i, it := range items {
		out[i].ID = it.ID
		props, err := l.props(it)
		if err == nil && it.ExternalID == "" {
			err = fmt.Errorf("no external id")
		}
		if err != nil {
			out[i].Status, out[i].Reason = load.Rejected, fmt.Sprintf("%s %q: %v", l.obj.Type, it.ExternalID, err)
			continue
		}
		todo = append(todo, pending{idx: i, item: it, props: props, key: it.ExternalID})
	}
	todo, native := l.splitNative(todo)
	if err := l.writeAll(ctx, todo, out); err != nil {
		return nil, err
	}
	if err := l.byNativeID().writeAll(ctx, native, out); err != nil {
		return nil, err
	}
	return out, nil
}

// writeAll writes items in chunks of at most BatchSize.
func (l *Loader) writeAll(ctx context.Context, todo []pending, out []load.Outcome) error {
	for start := 0; start < len(todo); start += l.BatchSize() {
		chunk := todo[start:min(start+l.BatchSize(), len(todo))]
		if err := l.writeChunk(ctx, chunk, out); err != nil {
			return err
		}
	}
	return nil
}

// pending is one mapped item waiting to be compared and written.
type pending struct {
	idx   int
	item  load.Item
	props map[string]string
	// key is the id the object is read and written by: the item's external
	// id, or HubSpot's object id when written by native id.
	key string
}
