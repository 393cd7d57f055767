package dataverse

import (
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Name is the emulator's name in the sandbox (its URL, faults and saved state).
const Name = "dataverse"

// Sandbox identity: the tenant and the application's credentials.
const (
	SandboxTenant   = "steward-sandbox"
	SandboxClientID = "sandbox-dataverse-client"
	SandboxSecret   = "sandbox-dataverse-secret"
)

// Options configures an emulator; zero values take Dataverse's defaults.
type Options struct {
	Tenant, ClientID, ClientSecret string
	// BaseURL is the organization URL ("https://org.crm4.dynamics.com"),
	// used in the token scope and in links; "" takes the request's host.
	BaseURL string
	// MaxPageSize caps Prefer: odata.maxpagesize (default 5000).
	MaxPageSize int
	// WindowRequests is the per-user budget per 5-minute sliding window
	// (default 6000); Concurrent the concurrent requests per user (default 52).
	WindowRequests int
	Concurrent     int
	// ChangeTrackingDays is how long a delta token stays valid (default 7).
	ChangeTrackingDays int
	// Clock is the time of writes, tokens and limits (default time.Now).
	Clock func() time.Time
	// Catalog seeds accounts, contacts and leads when set; systemusers
	// rep1..rep6 are always there.
	Catalog *catalog.Catalog
}

// Emulator is a Dataverse Web API emulator for one organization. It is safe
// for concurrent use.
type Emulator struct {
	opts Options

	mu  sync.RWMutex
	st  *store
	now func() time.Time

	wmu    sync.Mutex // serializes writes, so a change set can roll back
	tokens tokens
	limit  limiter

	statsMu sync.Mutex
	calls   map[string]int
}

// New returns an emulator with opts.
func New(opts Options) *Emulator {
	if opts.MaxPageSize <= 0 {
		opts.MaxPageSize = 5000
	}
	if opts.WindowRequests <= 0 {
		opts.WindowRequests = 6000
	}
	if opts.Concurrent <= 0 {
		opts.Concurrent = 52
	}
	if opts.ChangeTrackingDays <= 0 {
		opts.ChangeTrackingDays = 7
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	e := &Emulator{opts: opts, st: newStore(), now: opts.Clock, calls: map[string]int{},
		tokens: tokens{issued: map[string]token{}}, limit: newLimiter(opts.WindowRequests, opts.Concurrent)}
	e.seed(opts.Catalog)
	return e
}

// Sandbox returns the sandbox's emulator seeded from cat with the sandbox
// credentials.
func Sandbox(cat *catalog.Catalog) *Emulator {
	return New(Options{Tenant: SandboxTenant, ClientID: SandboxClientID, ClientSecret: SandboxSecret, Catalog: cat})
}

// Name names the emulator in the sandbox.
func (e *Emulator) Name() string { return Name }

// SetClock replaces the clock of writes, token expiry and the limits.
func (e *Emulator) SetClock(now func() time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = now
}

// clock returns the current time in UTC, truncated to the second as
// Dataverse's time stamps are.
func (e *Emulator) clock() time.Time {
	e.mu.RLock()
	now := e.now
	e.mu.RUnlock()
	return now().UTC().Truncate(time.Second)
}

// ExpireTokens revokes every issued token: later calls with them get 401.
func (e *Emulator) ExpireTokens() { e.tokens.revoke() }

// FaultShape answers injected faults as Dataverse does (see errors.go).
func (e *Emulator) FaultShape() fault.Responder { return faultShape{e: e} }

// Calls returns request counts by "METHOD path".
func (e *Emulator) Calls() map[string]int {
	e.statsMu.Lock()
	defer e.statsMu.Unlock()
	out := make(map[string]int, len(e.calls))
	for k, v := range e.calls {
		out[k] = v
	}
	return out
}

// SetWindowRequests sets the per-user budget of the 5-minute window and
// forgets the requests counted so far.
func (e *Emulator) SetWindowRequests(n int) { e.limit.reset(n) }
