package alert

import (
	"crypto/tls"
	"net/http"
	"time"

	"github.com/stewardhq/steward/config"
)

// ChannelOptions tune the notifiers Channels builds; the zero value is
// production behaviour.
type ChannelOptions struct {
	// HTTP posts to webhooks (default: a client with a 30 s timeout).
	HTTP *http.Client
	// TLS verifies SMTP servers (default: the system's roots).
	TLS *tls.Config
	// Now dates mails (default time.Now).
	Now func() time.Time
}

// Channels returns a notifier for every channel of a validated alerts
// section, by name.
func Channels(a config.Alerts, o ChannelOptions) map[string]Notifier {
	out := make(map[string]Notifier, len(a.Channels))
	for name, c := range a.Channels {
		switch {
		case c.Webhook != nil:
			out[name] = NewWebhook(c.Webhook, o.HTTP)
		case c.SMTP != nil:
			out[name] = NewMail(c.SMTP, o.TLS, o.Now)
		}
	}
	return out
}
