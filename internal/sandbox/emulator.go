package sandbox

import (
	"net/http"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Emulator is one system's emulator, served by the sandbox on its own port
// with its own fault set and control endpoints. Each system's package provides
// one; the wiring hands their factories to Start.
type Emulator interface {
	http.Handler
	// Name keys the emulator in URL, Faults and the saved state.
	Name() string
	// ExpireTokens revokes every issued token, as an expiry mid-run would
	// (POST /_sandbox/expire-tokens).
	ExpireTokens()
	// SetClock replaces the clock of write times and token expiry.
	SetClock(now func() time.Time)
	// SaveState returns the emulator's mutable data (nil: nothing to keep);
	// LoadState serves it again.
	SaveState() ([]byte, error)
	LoadState([]byte) error
}

// Shaper is an optional capability: an emulator whose injected 429 and 5xx
// answers carry its system's own error body and headers.
type Shaper interface {
	FaultShape() fault.Responder
}

// Controller is an optional capability: an emulator with switches of its
// own, served beside the fault endpoints under /_sandbox/.
type Controller interface {
	Control(mux *http.ServeMux)
}

// Factory builds an emulator serving a catalog.
type Factory func(cat *catalog.Catalog) Emulator

// served is one running emulator with its base URL and fault switches.
type served struct {
	em     Emulator
	url    string
	faults *fault.Set
}

// Emulator returns the running emulator called name, nil when the sandbox
// serves none.
func (sb *Sandbox) Emulator(name string) Emulator {
	if s := sb.find(name); s != nil {
		return s.em
	}
	return nil
}

// URL returns the base URL the emulator called name answers on ("" when the
// sandbox serves none).
func (sb *Sandbox) URL(name string) string {
	if s := sb.find(name); s != nil {
		return s.url
	}
	return ""
}

// Faults returns the fault switches in front of the emulator called name
// (nil when the sandbox serves none).
func (sb *Sandbox) Faults(name string) *fault.Set {
	if s := sb.find(name); s != nil {
		return s.faults
	}
	return nil
}

// Names lists the served emulators in the order of their ports.
func (sb *Sandbox) Names() []string {
	names := make([]string, len(sb.served))
	for i, s := range sb.served {
		names[i] = s.em.Name()
	}
	return names
}

func (sb *Sandbox) find(name string) *served {
	for _, s := range sb.served {
		if s.em.Name() == name {
			return s
		}
	}
	return nil
}
