package scrub

import (
	"io"
	"sync"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/privacy"
)

// personal is the pseudonymizer of the config's privacy key, shared by every
// scrubber's Private text: logs and the run history never carry personal
// values. Output a person reads on purpose (a command's stdout showing an
// escalation) is scrubbed of secrets only.
type personal struct {
	mu sync.RWMutex
	p  *privacy.Pseudonymizer
}

// SetPseudonymizer makes Private replace personal values with p.
func (s *Scrubber) SetPseudonymizer(p *privacy.Pseudonymizer) {
	if s == nil {
		return
	}
	s.pii.mu.Lock()
	defer s.pii.mu.Unlock()
	s.pii.p = p
}

// Pseudonymizer returns the pseudonymizer Private uses (nil when none).
func (s *Scrubber) Pseudonymizer() *privacy.Pseudonymizer {
	if s == nil {
		return nil
	}
	s.pii.mu.RLock()
	defer s.pii.mu.RUnlock()
	return s.pii.p
}

// addPrivacy sets the pseudonymizer of f's privacy key, once.
func (s *Scrubber) addPrivacy(f *config.File) {
	if s != nil && s.Pseudonymizer() == nil {
		s.SetPseudonymizer(privacy.FromConfig(f))
	}
}

// Private returns text scrubbed of secrets (String) with every personal
// value replaced by its token: for logs, the run history and every reason
// stored beside it. Without a pseudonymizer, e-mail addresses and phone
// numbers are still redacted.
func (s *Scrubber) Private(text string) string {
	return s.Pseudonymizer().Text(s.String(text))
}

// PrivateWriter is Writer with Private: for a logger's output.
func (s *Scrubber) PrivateWriter(out io.Writer) io.Writer { return privateWriter{s: s, out: out} }

type privateWriter struct {
	s   *Scrubber
	out io.Writer
}

func (w privateWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.out, w.s.Private(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
