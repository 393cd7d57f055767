package scrub

import (
	"net/url"
	"strings"

	"github.com/stewardhq/steward/config"
)

// AddSystem registers the credentials of one system: its client secret with
// the client id, its password with the user name (both may travel in Basic
// headers) and its token.
func (s *Scrubber) AddSystem(sys config.System) {
	a := sys.Auth
	s.AddPair(a.ClientID, a.ClientSecret.Reveal())
	s.AddPair(a.Username, a.Password.Reveal())
	s.Add(a.Token.Reveal())
}

// AddConfig registers the credentials of every system in f and the privacy
// key, and sets the pseudonymizer of that key for Private.
func (s *Scrubber) AddConfig(f *config.File) {
	if f == nil {
		return
	}
	for _, sys := range f.Systems {
		s.AddSystem(sys)
	}
	s.Add(f.Privacy.Key.Reveal())
	s.addAlerts(f.Alerts)
	s.addPrivacy(f)
}

// addAlerts registers the credentials of the alert channels: a webhook's
// URL (whoever holds it may post; its path is the token) and an SMTP login.
func (s *Scrubber) addAlerts(a config.Alerts) {
	for _, c := range a.Channels {
		if c.Webhook != nil {
			v := c.Webhook.URL.Reveal()
			s.Add(v)
			if u, err := url.Parse(v); err == nil && u.Host != "" {
				s.Add(strings.TrimPrefix(v, u.Scheme+"://"+u.Host))
			}
		}
		if c.SMTP != nil {
			s.AddPair(c.SMTP.Username, c.SMTP.Password.Reveal())
		}
	}
}
