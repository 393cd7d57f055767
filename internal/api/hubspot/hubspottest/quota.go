package hubspottest

import (
	"context"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// KeepQuota runs the HubSpot client the way a run of the connector does,
// for the tests of what reads its system state (metrics, alerts): n company
// list requests with the private app token to the portal at baseURL (a
// loopback server, such as the sandbox emulator), then the run's end
// (FlushQuota), handing the client state. It leaves there whatever daily
// figure the connector keeps.
func KeepQuota(ctx context.Context, baseURL, token string, n int, state record.SystemState) error {
	return KeepQuotaIn(ctx, baseURL, token, "", n, state)
}

// KeepQuotaIn is KeepQuota for a portal whose settings name its time zone
// (time_zone; "" keeps the default, UTC).
func KeepQuotaIn(ctx context.Context, baseURL, token, zone string, n int, state record.SystemState) error {
	text := fmt.Sprintf("version: 1\nstaging: {sqlite: x.db, parquet_dir: pq}\nsystems:\n"+
		"  crm: {kind: hubspot, base_url: %s, allow_insecure_loopback: true, auth: {type: bearer, token: \"${T}\"}}\n", baseURL)
	file, err := config.Parse("quota.yaml", []byte(text), nil, func(k string) (string, bool) { return token, k == "T" })
	if err != nil {
		return err
	}
	hc, err := httpx.New("crm", file.Systems["crm"], zerolog.Nop(), httpx.Options{})
	if err != nil {
		return err
	}
	s := api.Defaults()
	if zone != "" {
		s.TimeZone = zone
	}
	cl := api.New(hc, s, api.Options{State: state})
	for range n {
		if _, err := cl.List(ctx, cl.ListURL("companies", nil, 1, false)); err != nil {
			return err
		}
	}
	return cl.FlushQuota(ctx)
}
