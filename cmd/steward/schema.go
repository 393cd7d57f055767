package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/jobs"
	"github.com/stewardhq/steward/quality"
)

// errNoSchema marks a system whose kind has no schema reader (not a PIM).
var errNoSchema = errors.New("its kind has no attributes, locales or channels to read")

// PIMSchema reads the attribute codes, enabled locales and channels of the
// configured system named system, for checking rules against them
// (validate --connect). It decodes the system's settings and builds its own
// HTTP client for the system, so it asks the system for a token. A system
// not configured is an error; one of a kind without a schema reader an error
// wrapping errNoSchema.
func PIMSchema(ctx context.Context, f *config.File, system string, log zerolog.Logger) (quality.PIMSchema, error) {
	kinds := connectors()
	settings := func(kind connector.Kind) (any, error) {
		if kind.Decode == nil {
			return nil, nil
		}
		s, ps := kind.Decode(f, system)
		if len(ps) > 0 {
			return nil, ps
		}
		return s, nil
	}
	return readSchema(ctx, kinds, f, system, settings, func() (*httpx.Client, error) {
		return httpx.New(system, f.Systems[system], log, httpx.Options{Auth: kinds.Auths()})
	})
}

// runnerSchema is the Runner's PIMSchema hook: it reads through the runner's
// own client of the system with the settings the runner decoded (once per
// run), and has nothing to check for a system that is not a PIM.
func runnerSchema(r *jobs.Runner) func(context.Context, string) (quality.PIMSchema, error) {
	return func(ctx context.Context, system string) (quality.PIMSchema, error) {
		kinds := r.Kinds
		if kinds == nil {
			kinds = connectors()
		}
		settings := func(connector.Kind) (any, error) { return r.SystemSettings(system) }
		pim, err := readSchema(ctx, kinds, r.Config, system, settings, func() (*httpx.Client, error) { return r.Client(system) })
		if errors.Is(err, errNoSchema) {
			return quality.PIMSchema{}, nil
		}
		return pim, err
	}
}

// readSchema reads the schema of system through the kind's schema reader,
// with the settings and client the caller hands it (decoded and built once
// by the caller; settings gets the system's kind).
func readSchema(ctx context.Context, kinds *connector.Registry, f *config.File, system string,
	settings func(connector.Kind) (any, error), client func() (*httpx.Client, error)) (quality.PIMSchema, error) {
	sys, ok := f.Systems[system]
	if !ok {
		return quality.PIMSchema{}, fmt.Errorf("read the schema of system %s: it is not configured in %s", system, f.Path)
	}
	kind, err := kinds.Get(sys.Kind)
	if err != nil {
		return quality.PIMSchema{}, fmt.Errorf("read the schema of system %s: %w", system, err)
	}
	read := kind.Schema
	if read == nil {
		return quality.PIMSchema{}, fmt.Errorf("read the schema of system %s (kind %s): %w", system, sys.Kind, errNoSchema)
	}
	c, err := client()
	if err != nil {
		return quality.PIMSchema{}, fmt.Errorf("read the schema of system %s: %w", system, err)
	}
	set, err := settings(kind)
	if err != nil {
		return quality.PIMSchema{}, fmt.Errorf("read the schema of system %s: %w", system, err)
	}
	pim, err := read(ctx, set, c)
	if err != nil {
		return quality.PIMSchema{}, fmt.Errorf("system %s: %w", system, err)
	}
	return pim, nil
}
