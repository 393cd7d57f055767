package main

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
)

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
// that a wrong host or secret fails in seconds, and runs its kind's probe. A
// system of a kind not reached over HTTP is probed without a client.
func (a *app) probe(ctx context.Context, f *config.File, name string) (*httpx.Client, string, error) {
	reg := connectors()
	sys := f.Systems[name]
	kind, err := reg.Get(sys.Kind)
	if err != nil {
		return nil, "", err
	}
	if kind.Probe == nil {
		return nil, "", fmt.Errorf("no connection check for kind %q", sys.Kind)
	}
	var h *httpx.Client
	if kind.HTTP {
		retries := min(*sys.Retry.MaxRetries, 1)
		sys.Retry.MaxRetries = &retries
		if h, err = httpx.New(name, sys, a.log, httpx.Options{Auth: reg.Auths()}); err != nil {
			return nil, "", err
		}
	}
	detail, err := kind.Probe(ctx, a.settings[name], h)
	return h, detail, err
}
