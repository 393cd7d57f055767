package scrub

import "github.com/stewardhq/steward/config"

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
	s.addPrivacy(f)
}
