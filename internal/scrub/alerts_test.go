package scrub

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
)

// TestAddConfigAlertChannels: a webhook URL (and its path alone, the
// token) and an SMTP password are scrubbed like system credentials.
func TestAddConfigAlertChannels(t *testing.T) {
	f := &config.File{Alerts: config.Alerts{Channels: map[string]config.AlertChannel{
		"hook": {Webhook: &config.WebhookChannel{URL: config.NewSecret("https://hooks.example.com/services/T01/B02/hook-token")}},
		"mail": {SMTP: &config.SMTPChannel{Username: "steward", Password: config.NewSecret("smtp-password")}},
	}}}
	s := New()
	s.AddConfig(f)
	got := s.String("post https://hooks.example.com/services/T01/B02/hook-token; path /services/T01/B02/hook-token; login smtp-password")
	for _, v := range []string{"hook-token", "smtp-password"} {
		if strings.Contains(got, v) {
			t.Errorf("%q left in %q", v, got)
		}
	}
}
