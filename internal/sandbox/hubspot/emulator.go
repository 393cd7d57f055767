// Package hubspot emulates the HubSpot CRM API v3 (PROTOCOLS.md §3) as
// strictly as the documentation allows:
//
//   - private app tokens (`Authorization: Bearer`, no expiry) and OAuth
//     access tokens from POST /oauth/v1/token (refresh_token grant, 1800 s);
//     a missing, wrong or expired token is 401 with the §3.5 error body;
//   - objects contacts, companies and products under /crm/v3/objects/{type}:
//     list (limit ≤ 100, opaque after, paging absent on the last page,
//     archived), read by id or idProperty, single create (POST), update
//     (PATCH) and archive (DELETE), search (filter groups, sorts,
//     limit ≤ 200, total, at most 10,000 results per query) and the batch
//     endpoints create, read, update, upsert and archive (≤ 100 inputs, 207
//     with per-input errors; batch create only when every input carries an
//     objectWriteTraceId, else one bad input refuses the whole batch);
//   - GET /crm/v3/owners and GET /crm/v3/properties/{type};
//   - the rolling 100-per-10-s limit per token and a daily limit with the
//     X-HubSpot-RateLimit-* headers (see ratelimit.go), and search's own
//     per-second limit without them.
//
// Every property value is a string (or null) on the wire; unknown
// properties, malformed bodies, too many inputs and wrong content types are
// refused as HubSpot refuses them (see errors.go).
package hubspot

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Name is the emulator's name in the sandbox (its URL, faults and saved state).
const Name = "hubspot"

// Sandbox credentials.
const (
	SandboxToken        = "pat-sandbox-hubspot-token"
	SandboxClientID     = "sandbox-hubspot-client"
	SandboxClientSecret = "sandbox-hubspot-secret"
	SandboxRefreshToken = "sandbox-hubspot-refresh-token"
)

// Options configure an emulator; zero values take HubSpot's defaults.
type Options struct {
	// Tokens are the private app tokens accepted.
	Tokens []string
	// ClientID, ClientSecret and RefreshTokens are an OAuth app's credentials
	// for POST /oauth/v1/token.
	ClientID, ClientSecret string
	RefreshTokens          []string
	// PageMax caps a list's limit (100), SearchPageMax a search's (200),
	// BatchMax a batch's inputs (100), SearchWindow the results one search
	// query reaches (10,000).
	PageMax, SearchPageMax, BatchMax, SearchWindow int
	// BurstMax requests per Interval per token (100 per 10 s), DailyMax per
	// day for private app tokens (250,000), SearchPerSecond searches per
	// second (5).
	BurstMax        int
	Interval        time.Duration
	DailyMax        int
	SearchPerSecond int
	// Now is the clock of change times, token expiry and limits (time.Now).
	Now func() time.Time
	// Zone is the account's time zone, at whose midnight the daily count
	// resets (nil: UTC).
	Zone *time.Location
	// Owners are the CRM's users records can be assigned to.
	Owners []Owner
}

// Owner is a HubSpot owner (GET /crm/v3/owners).
type Owner struct {
	ID, Email, FirstName, LastName string
	UserID                         int
}

// Emulator is a HubSpot portal. It is safe for concurrent use.
type Emulator struct {
	opt Options

	mu     sync.RWMutex
	now    func() time.Time
	base   time.Time // creation time of the seeded data
	tables map[string]*table
	oauth  map[string]time.Time // OAuth access token → expiry
	issued int
	corr   atomic.Int64

	limits *limits

	statsMu sync.Mutex
	calls   map[string]int
}

// New returns an empty portal (owners aside) configured by opts.
func New(opts Options) *Emulator {
	opts = withDefaults(opts)
	e := &Emulator{opt: opts, now: opts.Now, tables: map[string]*table{}, oauth: map[string]time.Time{}, calls: map[string]int{}}
	for name, props := range schemas() {
		e.tables[name] = newTable(name, props)
	}
	e.limits = newLimits(opts)
	return e
}

func withDefaults(o Options) Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.PageMax, 100)
	def(&o.SearchPageMax, 200)
	def(&o.BatchMax, 100)
	def(&o.SearchWindow, 10000)
	def(&o.BurstMax, 100)
	def(&o.DailyMax, 250000)
	def(&o.SearchPerSecond, 5)
	if o.Interval <= 0 {
		o.Interval = 10 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Name names the emulator in the sandbox.
func (e *Emulator) Name() string { return Name }

// SetClock replaces the clock of change times, token expiry and limits.
func (e *Emulator) SetClock(now func() time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = now
}

// clock returns now in UTC, truncated to HubSpot's milliseconds.
func (e *Emulator) clock() time.Time {
	e.mu.RLock()
	now := e.now
	e.mu.RUnlock()
	return now().UTC().Truncate(time.Millisecond)
}

// seedTime is when the seeded data (owners) was created.
func (e *Emulator) seedTime() time.Time {
	if e.base.IsZero() {
		return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return e.base
}

// ExpireTokens expires every OAuth access token issued (401
// EXPIRED_AUTHENTICATION from then on); private app tokens do not expire.
func (e *Emulator) ExpireTokens() {
	now := e.clock()
	e.mu.Lock()
	defer e.mu.Unlock()
	for tok := range e.oauth {
		e.oauth[tok] = now
	}
}

// FaultShape answers injected faults as HubSpot does.
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

// Requests returns how many requests reached the emulator.
func (e *Emulator) Requests() int {
	n := 0
	for _, v := range e.Calls() {
		n += v
	}
	return n
}
