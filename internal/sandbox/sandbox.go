// Package sandbox serves faithful emulators of the systems steward talks to on
// loopback, seeded with deterministic synthetic data (the headline scenario by
// default), with switchable faults. It names no system: each system's package
// provides an Emulator and the wiring hands their factories to Start, which
// serves each on its own port by name. steward sandbox runs it standalone,
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

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Options configure a sandbox.
type Options struct {
	// Emulators build the systems served, one port each in this order.
	Emulators []Factory
	// Listen is host:port of the first system; the others take the following
	// ports. Port 0 takes free ports for all.
	Listen   string
	Products int
	Seed     uint64
	// Profile names the catalog's shape (catalog.Headline by default,
	// catalog.Realistic); a saved State's profile replaces it.
	Profile string
	// Now is the emulators' clock for write times and token expiry (default
	// time.Now); tests fix it so that runs are comparable byte for byte.
	Now func() time.Time
	// State, if set, is served instead of fresh data: its products and seed
	// replace Products and Seed (see ReadState and Sandbox.SaveState).
	State *State
}

// Sandbox is a running set of emulators over one catalog.
type Sandbox struct {
	Catalog *catalog.Catalog

	served  []*served
	servers []*http.Server
	done    chan error
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
		opt.Products, opt.Seed, opt.Profile = opt.State.Products, opt.State.Seed, opt.State.Profile
	}
	cat, err := catalog.NewProfile(opt.Profile, opt.Products, opt.Seed)
	if err != nil {
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	sb := &Sandbox{Catalog: cat, done: make(chan error, len(opt.Emulators))}
	if err := sb.build(opt); err != nil {
		return nil, err
	}
	host, port, err := splitListen(opt.Listen)
	if err != nil {
		return nil, err
	}
	for k, s := range sb.served {
		p := 0
		if port != 0 {
			p = port + k
		}
		if err := sb.serve(s, net.JoinHostPort(host, strconv.Itoa(p))); err != nil {
			sb.closeServers()
			return nil, err
		}
	}
	return sb, nil
}

// build makes each emulator with its fault set, on the sandbox's clock and
// saved state.
func (sb *Sandbox) build(opt Options) error {
	for _, newEmulator := range opt.Emulators {
		em := newEmulator(sb.Catalog)
		if sb.find(em.Name()) != nil {
			return fmt.Errorf("start sandbox: two emulators are called %q", em.Name())
		}
		faults := &fault.Set{}
		if sh, ok := em.(Shaper); ok {
			faults.Shape = sh.FaultShape()
		}
		if opt.Now != nil {
			em.SetClock(opt.Now)
		}
		sb.served = append(sb.served, &served{em: em, faults: faults})
	}
	if opt.State != nil {
		return sb.load(opt.State)
	}
	return nil
}

// serve listens on addr and serves s there with its control endpoints.
func (sb *Sandbox) serve(s *served, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("start sandbox: %w", err)
	}
	s.url = "http://" + ln.Addr().String()
	srv := &http.Server{Handler: admin(s), ReadHeaderTimeout: 10 * time.Second}
	sb.servers = append(sb.servers, srv)
	go func() { sb.done <- srv.Serve(ln) }()
	return nil
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
// POST /_sandbox/faults (a fault.Set as JSON), POST /_sandbox/expire-tokens,
// GET /_sandbox/faults (faults injected so far) and the emulator's own.
func admin(s *served) http.Handler {
	faults := s.faults
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
		s.em.ExpireTokens()
		w.WriteHeader(http.StatusNoContent)
	})
	if c, ok := s.em.(Controller); ok {
		c.Control(mux)
	}
	mux.Handle("/", faults.Wrap(s.em))
	return mux
}
