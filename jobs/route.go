package jobs

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/transform"
	"github.com/stewardhq/steward/transform/drafts"
	"github.com/stewardhq/steward/transform/route"
)

// router returns the lead router of a job with a route section, for one
// pass. It is built when the pass first has a lead to route, so a pass of
// unchanged leads (or of steward's own writes coming back) reads neither
// the catalog nor the accounts.
func (r *Runner) router(log zerolog.Logger, job config.Job) transform.Deriver {
	return &lazyRouter{build: func(ctx context.Context) (transform.Deriver, error) { return r.buildRouter(ctx, log, job) }}
}

// lazyRouter builds its router on the first Derive.
type lazyRouter struct {
	build func(ctx context.Context) (transform.Deriver, error)
	d     transform.Deriver
}

// Inputs implements transform.Deriver without building the router.
func (l *lazyRouter) Inputs(e transform.Entity) (string, error) { return route.Deriver{}.Inputs(e) }

// Derive implements transform.Deriver.
func (l *lazyRouter) Derive(ctx context.Context, key string, e transform.Entity) (transform.Derived, error) {
	if l.d == nil {
		d, err := l.build(ctx)
		if err != nil {
			return transform.Derived{}, err
		}
		l.d = d
	}
	return l.d.Derive(ctx, key, e)
}

// buildRouter builds the router: the catalog and the accounts as their own
// jobs last staged them, and the model that chooses among product
// candidates.
func (r *Runner) buildRouter(ctx context.Context, log zerolog.Logger, job config.Job) (transform.Deriver, error) {
	spec := job.Route
	cat, err := r.routeCatalog(ctx, spec.Catalog)
	if err != nil {
		return nil, fmt.Errorf("job %s: %w", job.Name, err)
	}
	accs, err := r.routeAccounts(ctx, spec.Accounts)
	if err != nil {
		return nil, fmt.Errorf("job %s: %w", job.Name, err)
	}
	var llm route.Chooser
	if spec.LLM != "" {
		if llm, err = r.chooser(spec.LLM); err != nil {
			return nil, fmt.Errorf("job %s: route.llm: %w", job.Name, err)
		}
	}
	if cat.Len() == 0 {
		// Routing over no catalog would escalate every lead as no_product
		// for good (its inputs do not change when the catalog arrives).
		return nil, fmt.Errorf("job %s: the route catalog (products of %s) is empty: run the products job of that system first", job.Name, spec.Catalog.System)
	}
	return route.Deriver{Router: route.New(spec, cat, route.NewAccounts(accs, spec.FreeMail), llm)}, nil
}

// routeCatalog reads the staged products of the catalog's system.
func (r *Runner) routeCatalog(ctx context.Context, ref config.StagedRef) (*route.Catalog, error) {
	var ps []transform.Product
	err := r.Store.StagedPayloads(ctx, transform.Products.Name, ref.System, func(key string, payload []byte) error {
		e, err := transform.Products.Decode(payload)
		if err != nil {
			return fmt.Errorf("staged product %s of %s: %w", key, ref.System, err)
		}
		ps = append(ps, *e.(*transform.Product))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the route catalog: %w", err)
	}
	return route.NewCatalog(ps), nil
}

// routeAccounts reads the staged customers of the accounts' system with
// their crosswalk entities.
func (r *Runner) routeAccounts(ctx context.Context, ref config.StagedRef) ([]route.Account, error) {
	var out []route.Account
	var keys []string
	err := r.Store.StagedPayloads(ctx, transform.Customers.Name, ref.System, func(key string, payload []byte) error {
		e, err := transform.Customers.Decode(payload)
		if err != nil {
			return fmt.Errorf("staged customer %s of %s: %w", key, ref.System, err)
		}
		out = append(out, route.FromCustomer(key, "", e.(*transform.Customer)))
		keys = append(keys, key)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the route accounts: %w", err)
	}
	links, err := r.Store.Links(ctx, ref.System, transform.Customers.Name, keys)
	if err != nil {
		return nil, fmt.Errorf("read the route accounts' crosswalk: %w", err)
	}
	for i := range out {
		out[i].Entity = links[out[i].Key].CanonicalID
	}
	return out, nil
}

// chooser is the model of an openai system, through its HTTP client.
func (r *Runner) chooser(system string) (route.Chooser, error) {
	s, ps := drafts.DecodeLLMSettings(r.Config, system)
	if len(ps) > 0 {
		return nil, ps
	}
	c, err := r.client(system)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, fmt.Errorf("system %s is not reached over HTTP", system)
	}
	return route.NewOpenAI(r.Config.Systems[system].BaseURL, c.HTTPClient(), s), nil
}
