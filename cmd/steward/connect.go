package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
	akeneoapi "github.com/stewardhq/steward/internal/api/akeneo"
	odataapi "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/transform/drafts"
)

// prober proves one system's credentials and endpoints with cheap reads and
// returns what it checked.
type prober func(ctx context.Context, f *config.File, name string, h *httpx.Client) (string, error)

// connect probes every system, one line each, then checks the rules'
// references against each PIM that answered. Any failure exits 1.
func (a *app) connect(ctx context.Context, f *config.File) error {
	clients := map[string]*httpx.Client{}
	failed := 0
	names := slices.Sorted(maps.Keys(f.Systems))
	for _, name := range names {
		sys := f.Systems[name]
		h, detail, err := a.probe(ctx, f, name)
		if err != nil {
			failed++
			a.printf("%s (%s): FAILED: %s\n", name, sys.Kind, oneLine(err.Error()))
			continue
		}
		clients[name] = h
		a.printf("%s (%s): ok: %s\n", name, sys.Kind, detail)
	}
	refs, err := a.checkRuleRefs(ctx, f, clients)
	if err != nil {
		return err
	}
	switch {
	case failed > 0 && refs > 0:
		return fmt.Errorf("connect check: %d of %d systems failed; %d rule references are unknown to the PIM", failed, len(names), refs)
	case failed > 0:
		return fmt.Errorf("connect check: %d of %d systems failed", failed, len(names))
	case refs > 0:
		return fmt.Errorf("connect check: %d rule references are unknown to the PIM", refs)
	}
	return nil
}

// probe builds the system's client with at most one retry per request, so
// that a wrong host or secret fails in seconds, and runs its kind's prober.
func (a *app) probe(ctx context.Context, f *config.File, name string) (*httpx.Client, string, error) {
	sys := f.Systems[name]
	p := connectors[sys.Kind].probe
	if p == nil {
		return nil, "", fmt.Errorf("no connection check for kind %q", sys.Kind)
	}
	retries := min(*sys.Retry.MaxRetries, 1)
	sys.Retry.MaxRetries = &retries
	h, err := httpx.New(name, sys, a.log, httpx.Options{})
	if err != nil {
		return nil, "", err
	}
	detail, err := p(ctx, f, name, h)
	return h, detail, err
}

func probeAkeneo(ctx context.Context, _ *config.File, _ string, h *httpx.Client) (string, error) {
	if err := akeneoapi.New(h).Ping(ctx); err != nil {
		return "", err
	}
	return "token granted, GET /api/rest/v1/channels?limit=1 answered", nil
}

func probeOData(ctx context.Context, f *config.File, name string, h *httpx.Client) (string, error) {
	s, ps := odataapi.DecodeSettings(f, name)
	if len(ps) > 0 {
		return "", ps
	}
	c := odataapi.New(h, s)
	entities := slices.Sorted(maps.Keys(s.Entities))
	for _, e := range entities {
		ent := s.Entities[e]
		if _, err := c.Get(ctx, c.CollectionURL(ent.Path, odataapi.Query{Filter: ent.Filter, Top: 1})); err != nil {
			return "", fmt.Errorf("entity %s: %w", e, err)
		}
	}
	return fmt.Sprintf("token granted, $top=1 answered for %d entity sets (%s)", len(entities), strings.Join(entities, ", ")), nil
}

func probeOpenAI(ctx context.Context, f *config.File, name string, h *httpx.Client) (string, error) {
	s, ps := drafts.DecodeLLMSettings(f, name)
	if len(ps) > 0 {
		return "", ps
	}
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if _, err := h.GetJSON(ctx, h.URL("/models", nil), nil, &list); err != nil {
		return "", fmt.Errorf("list models: %w", err)
	}
	ids := make([]string, len(list.Data))
	for i, m := range list.Data {
		ids[i] = m.ID
	}
	if !slices.Contains(ids, s.Model) {
		return "", fmt.Errorf("model %q is not among the %d models the server lists (%s)", s.Model, len(ids), strings.Join(ids[:min(5, len(ids))], ", "))
	}
	return fmt.Sprintf("GET /models answered, model %s is served", s.Model), nil
}
