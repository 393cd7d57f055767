// Package filedrop registers file drops (CSV or NDJSON files in a folder) as
// a connector kind: its settings, its extractor and loader and its probe. A
// file drop is not reached over HTTP: its systems have no base_url, no auth
// and no client.
package filedrop

import (
	"context"

	"github.com/stewardhq/steward/extract/filedrop"
	api "github.com/stewardhq/steward/internal/api/filedrop"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	loader "github.com/stewardhq/steward/load/filedrop"
)

// Kind is the file drop kind, registered by cmd's wiring.
func Kind() connector.Kind {
	return connector.Kind{
		Name:    "filedrop",
		HTTP:    false,
		Decode:  connector.Decoder(api.DecodeSettings),
		Extract: filedrop.New,
		Load:    loader.New,
		Probe:   probe,
	}
}

// probe lists and writes the drop folder.
func probe(_ context.Context, settings any, _ *httpx.Client) (string, error) {
	s, err := connector.SettingsOf[api.Settings](settings, "filedrop probe", "")
	if err != nil {
		return "", err
	}
	return api.ProbeFolder(s)
}
