// Package connector describes a system kind as one value, its Kind: the
// kind's typed settings (decoded once per config load, Prometheus'
// RegisterConfig pattern), its extractor and loader, its auth flows, its
// connection probe, its schema reader and its sandbox emulator. Each
// connector's room exports its Kind and cmd's wiring registers it with one
// line; everything central (the extract and load registries, the HTTP stack's
// auth flows, config validation, the sandbox) is derived from the Registry,
// so no central switch names a vendor.
package connector

import (
	"context"
	"fmt"
	"net/url"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/quality"
)

// Kind is everything steward knows of one system kind. Only Name is
// required; a nil field is a capability the kind does not have.
type Kind struct {
	// Name is the kind as written in the config (systems.X.kind).
	Name string
	// HTTP says the system is reached over HTTP: its config needs a base_url
	// and each run builds it an httpx.Client. False for a file drop or a SQL
	// replica, whose specs carry no client.
	HTTP bool
	// Decode reads and checks a system's settings section into the kind's
	// typed settings, reporting every problem with its position. It runs once
	// per config load; factories receive the value as Spec.Settings.
	Decode func(f *config.File, system string) (any, config.Problems)
	// Extract builds the kind's extractor (nil: not a source).
	Extract extract.Factory
	// Load builds the kind's loader (nil: not a target).
	Load load.Factory
	// Auth holds the kind's own auth flows by auth.type name (a vendor's
	// grant), registered with the HTTP stack beside the generic ones.
	Auth map[string]httpx.Flow
	// Probe proves a system's credentials and endpoints for validate
	// --connect.
	Probe Probe
	// Schema reads a PIM's attribute codes, locales and channels (nil: the
	// kind is not a PIM).
	Schema Schema
	// Emulator builds the kind's emulator for the sandbox (nil: none).
	Emulator sandbox.Factory
	// ProductLink builds the address of a product's page in the system's
	// own user interface (nil: the kind has none).
	ProductLink ProductLink
	// ReportsQuota says the kind's connectors keep their system's API
	// quota in the system state under "<kind>.quota" as JSON {"used", "max",
	// "at"}, which the metrics serve and alerts.quota_below watches.
	ReportsQuota bool
}

// ProductLink returns the address of the page showing the product with the
// native id nativeID in the system's user interface, built from the
// system's base URL (scheme, host and path only: never user info, query or
// fragment) and its decoded settings; "" when it cannot say.
type ProductLink func(base url.URL, settings any, nativeID string) string

// Probe proves one system's credentials and endpoints with cheap reads and
// returns what it checked. settings is the system's decoded settings; c is
// nil for a kind not reached over HTTP.
type Probe func(ctx context.Context, settings any, c *httpx.Client) (string, error)

// Schema reads what a PIM knows, for checking rules against it. settings is
// the system's decoded settings (a PIM without channels or locales of its
// own maps them there); c is nil for a kind not reached over HTTP.
type Schema func(ctx context.Context, settings any, c *httpx.Client) (quality.PIMSchema, error)

// Decoder adapts a connector's typed decode function to Kind.Decode.
func Decoder[S any](decode func(*config.File, string) (S, config.Problems)) func(*config.File, string) (any, config.Problems) {
	return func(f *config.File, system string) (any, config.Problems) {
		s, ps := decode(f, system)
		return s, ps
	}
}

// SettingsOf returns a system's decoded settings as the connector's type S;
// what names the asking factory or probe in the error.
func SettingsOf[S any](settings any, what, system string) (S, error) {
	s, ok := settings.(S)
	if !ok {
		return s, fmt.Errorf("%s for system %s: settings are %T, want %T decoded by the kind's Decode", what, system, settings, s)
	}
	return s, nil
}
