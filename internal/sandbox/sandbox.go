// Package sandbox serves faithful emulators of the systems steward talks to on
// loopback, seeded with deterministic synthetic data (the headline scenario by
// default), with switchable faults. steward sandbox runs it standalone,
// steward demo in-process, and the tests use the same emulators.
package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	"github.com/stewardhq/steward/internal/sandbox/llm"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// Credentials the sandbox systems accept. They are sandbox-only values, not
// secrets of any real system.
var (
	AkeneoCredentials = akeneo.Credentials{ClientID: "steward_sandbox", Secret: "sandbox-client-secret", Username: "steward", Password: "sandbox-password"}
	SAPCredentials    = sap.Credentials{User: "STEWARD_COMM", Password: "sandbox-password", ClientID: "STEWARD_COMM", ClientSecret: "sandbox-client-secret"}
	LLMKey            = "sandbox-llm-key"
)

// Options configure a sandbox.
type Options struct {
	// Listen is host:port of the first system; the others take the following
	// ports. Port 0 takes free ports for all.
	Listen   string
	Products int
	Seed     uint64
	// Now is the emulators' clock for write times and token expiry (default
	// time.Now); tests fix it so that runs are comparable byte for byte.
	Now func() time.Time
	// State, if set, is served instead of fresh data: its products and seed
	// replace Products and Seed (see ReadState and Sandbox.SaveState).
	State *State
}

// Sandbox is a running set of emulators.
type Sandbox struct {
	Catalog      *catalog.Catalog
	Akeneo       *akeneo.Server
	SAP          *sap.Server
	LLM          *llm.Server
	AkeneoFaults *fault.Set
	SAPFaults    *fault.Set
	LLMFaults    *fault.Set
	// AkeneoURL, SAPURL and LLMURL are the base URLs the systems answer on.
	AkeneoURL, SAPURL, LLMURL string

	servers []*http.Server
	done    chan error
	// systems are the emulators whose state SaveState keeps, by name.
	systems map[string]persistent
}

// Start builds the catalog and serves the emulators until Close.
func Start(opt Options) (*Sandbox, error) {
	if opt.Products <= 0 {
		opt.Products = catalog.ReferenceProducts
	}
	if opt.Listen == "" {
		opt.Listen = "127.0.0.1:0"
	}
	if opt.State != nil {
		opt.Products, opt.Seed = opt.State.Products, opt.State.Seed
	}
	cat := catalog.New(opt.Products, opt.Seed)
	sb := &Sandbox{Catalog: cat, Akeneo: akeneo.New(cat, AkeneoCredentials), SAP: sap.New(cat, SAPCredentials),
		LLM: &llm.Server{Token: LLMKey}, AkeneoFaults: &fault.Set{}, SAPFaults: &fault.Set{}, LLMFaults: &fault.Set{Shape: llm.Errors{}}, done: make(chan error, 3)}
	sb.systems = map[string]persistent{"akeneo": sb.Akeneo, "sap": sb.SAP}
	if opt.Now != nil {
		sb.Akeneo.SetClock(opt.Now)
		sb.SAP.SetClock(opt.Now)
	}
	if opt.State != nil {
		if err := sb.load(opt.State); err != nil {
			return nil, err
		}
	}
	host, port, err := splitListen(opt.Listen)
	if err != nil {
		return nil, err
	}
	handlers := []struct {
		url *string
		h   http.Handler
	}{
		{&sb.AkeneoURL, admin(sb.AkeneoFaults, sb.Akeneo.ExpireTokens, sb.Akeneo)},
		{&sb.SAPURL, admin(sb.SAPFaults, sb.SAP.ExpireTokens, sb.SAP)},
		{&sb.LLMURL, admin(sb.LLMFaults, func() {}, llmAdmin(sb.LLM))},
	}
	for k, h := range handlers {
		p := 0
		if port != 0 {
			p = port + k
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(p)))
		if err != nil {
			sb.closeServers()
			return nil, fmt.Errorf("start sandbox: %w", err)
		}
		*h.url = "http://" + ln.Addr().String()
		srv := &http.Server{Handler: h.h, ReadHeaderTimeout: 10 * time.Second}
		sb.servers = append(sb.servers, srv)
		go func() { sb.done <- srv.Serve(ln) }()
	}
	return sb, nil
}

func splitListen(addr string) (string, int, error) {
	host, ps, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("sandbox listen address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(ps)
	if err != nil {
		return "", 0, fmt.Errorf("sandbox listen address %q: bad port", addr)
	}
	return host, port, nil
}

func (sb *Sandbox) closeServers() {
	for _, srv := range sb.servers {
		_ = srv.Close()
	}
}

// Close stops every emulator and waits for them.
func (sb *Sandbox) Close(ctx context.Context) error {
	var errs []error
	for _, srv := range sb.servers {
		errs = append(errs, srv.Shutdown(ctx))
	}
	for range sb.servers {
		if err := <-sb.done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// admin serves the sandbox's own control endpoints beside an emulator:
// POST /_sandbox/faults (a fault.Set as JSON), POST /_sandbox/expire-tokens and
// GET /_sandbox/faults (faults injected so far).
func admin(faults *fault.Set, expire func(), h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /_sandbox/faults", func(w http.ResponseWriter, r *http.Request) {
		var u fault.Set
		if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
			http.Error(w, "bad fault set: "+err.Error(), http.StatusBadRequest)
			return
		}
		faults.Update(&u)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_sandbox/faults", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(faults.Injected())
	})
	mux.HandleFunc("POST /_sandbox/expire-tokens", func(w http.ResponseWriter, r *http.Request) {
		expire()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.Handle("/", faults.Wrap(h))
	return mux
}

// llmAdmin adds POST /_sandbox/llm ({"latency": "250ms", "malformed": 3}) in
// front of the sandbox model.
func llmAdmin(m *llm.Server) http.Handler {
	mux := http.NewServeMux()
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
		m.SetLatency(d)
		m.SetMalformed(sw.Malformed)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.Handle("/", m)
	return mux
}
