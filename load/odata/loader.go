// Package odata writes canonical customers back to SAP business partners
// through the OData v2 API_BUSINESS_PARTNER service: each partner is found by
// BusinessPartnerIDByExtSystem (the customer's external id, looked up in
// batches), only changed values are sent, with the partner's and address's
// etags as If-Match after an X-CSRF-Token fetch (PROTOCOLS.md §6.3, §6.4).
// steward never creates business partners.
package odata

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/load"
)

// Writable are the canonical customer fields the loader writes: the name
// to the partner (OrganizationBPName1), the rest to its address.
var Writable = []string{"name", "street", "postal_code", "city", "country"}

// lookupBatch is how many external ids one lookup request asks for.
const lookupBatch = 20

// Loader writes customers to one SAP system's business partners.
type Loader struct {
	api    *api.Client
	entity api.Entity
	// fields are the canonical fields the job owns in SAP.
	fields []string
	log    zerolog.Logger
}

// New builds the loader; it is the load.Factory for kind "odata". The
// settings must hold one entity mapped as canonical customer (version 2),
// and the job must own only Writable fields there.
func New(spec load.Spec) (load.Loader, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return nil, fmt.Errorf("odata loader for system %s: settings are %T, want odata settings decoded by the kind", spec.System, spec.Settings)
	}
	if spec.Job.DataType != "customers" {
		return nil, fmt.Errorf("odata loader for system %s, job %s: data type %q cannot be written; the odata loader writes customers (SAP business partners)", spec.System, spec.Job.Name, spec.Job.DataType)
	}
	ent, err := customerEntity(s, spec.System)
	if err != nil {
		return nil, err
	}
	owned := spec.Target.Fields
	if len(owned) == 0 {
		owned = Writable
	}
	for _, f := range owned {
		if !slices.Contains(Writable, f) {
			return nil, fmt.Errorf("odata loader for system %s, job %s: field %s cannot be written to SAP business partners (writable: %s)", spec.System, spec.Job.Name, f, strings.Join(Writable, ", "))
		}
	}
	return &Loader{api: api.New(spec.Client, s), entity: ent, fields: owned, log: spec.Log}, nil
}

// customerEntity returns the one entity set mapped as canonical customer.
func customerEntity(s api.Settings, system string) (api.Entity, error) {
	var found []api.Entity
	for _, e := range s.Entities {
		if e.Canonical == api.CanonicalCustomer {
			found = append(found, e)
		}
	}
	if len(found) != 1 {
		return api.Entity{}, fmt.Errorf("odata loader for system %s: %d entities are mapped as canonical customer; configure exactly one (version: 2, path …/API_BUSINESS_PARTNER/A_BusinessPartner)", system, len(found))
	}
	return found[0], nil
}

// BatchSize implements load.Batcher.
func (l *Loader) BatchSize() int { return 100 }

// Write implements load.Loader. A partner not found is rejected; one whose
// values are already there is unchanged; a precondition failure (412) is a
// Conflict with the partner's current values re-read; another refusal of
// the service (4xx) rejects the item with its message.
func (l *Loader) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	found, byKey, err := l.partners(ctx, items)
	if err != nil {
		return nil, err
	}
	outcomes := make([]load.Outcome, len(items))
	for i, it := range items {
		p := found[it.ExternalID]
		if it.UUID != "" {
			p = byKey[it.UUID]
		}
		if outcomes[i], err = l.writeOne(ctx, it, p); err != nil {
			return nil, err
		}
	}
	return outcomes, nil
}
