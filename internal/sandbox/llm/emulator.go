package llm

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Name is the emulator's name in the sandbox (its URL and faults).
const Name = "llm"

// SandboxKey is the API key the sandbox model accepts: a sandbox-only value.
const SandboxKey = "sandbox-llm-key"

// Sandbox returns the sandbox model, accepting SandboxKey. It reads no
// catalog: the facts come in each prompt.
func Sandbox(*catalog.Catalog) *Server { return &Server{Token: SandboxKey} }

// Name names the emulator in the sandbox.
func (s *Server) Name() string { return Name }

// ExpireTokens does nothing: an API key does not expire.
func (s *Server) ExpireTokens() {}

// SetClock does nothing: the model keeps no times.
func (s *Server) SetClock(func() time.Time) {}

// SaveState returns nil: the model keeps nothing between runs.
func (s *Server) SaveState() ([]byte, error) { return nil, nil }

// LoadState accepts only an empty state: the model keeps nothing.
func (s *Server) LoadState(b []byte) error {
	if len(b) > 0 && string(b) != "null" {
		return errors.New("the sandbox model keeps no state")
	}
	return nil
}

// FaultShape answers injected faults as OpenAI does.
func (s *Server) FaultShape() fault.Responder { return Errors{} }

// Control adds POST /_sandbox/llm ({"latency": "250ms", "malformed": 3}).
func (s *Server) Control(mux *http.ServeMux) {
	mux.HandleFunc("POST /_sandbox/llm", func(w http.ResponseWriter, r *http.Request) {
		var sw struct {
			Latency   string `json:"latency"`
			Malformed int    `json:"malformed"`
		}
		if err := json.NewDecoder(r.Body).Decode(&sw); err != nil {
			http.Error(w, "bad switches: "+err.Error(), http.StatusBadRequest)
			return
		}
		d, err := time.ParseDuration(sw.Latency)
		if sw.Latency != "" && err != nil {
			http.Error(w, "bad latency: "+err.Error(), http.StatusBadRequest)
			return
		}
		s.SetLatency(d)
		s.SetMalformed(sw.Malformed)
		w.WriteHeader(http.StatusNoContent)
	})
}
