package salesforce

import (
	"crypto/rsa"
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Name is the emulator's name in the sandbox (its URL, faults and saved state).
const Name = "salesforce"

// Defaults of Options.
const (
	DefaultSessionTimeout = 2 * time.Hour
	DefaultDailyLimit     = 100000
	DefaultMaxUpload      = 100 << 20
	// MaxCollection is how many records one sObject Collections call takes.
	MaxCollection = 200
)

// Options configure an emulator.
type Options struct {
	// ClientID and ClientSecret are the connected app's consumer key and
	// secret (client credentials; the JWT's iss is ClientID).
	ClientID, ClientSecret string
	// PublicKey verifies JWT bearer assertions; nil refuses that flow.
	PublicKey *rsa.PublicKey
	// RunAs are usernames, besides the seeded users', a JWT's sub may name;
	// client credentials sessions run as RunAs[0] (or the first rep).
	RunAs []string
	// SessionTimeout is how long a session lives unused (default 2 h).
	SessionTimeout time.Duration
	// DailyLimit is the 24 h rolling API request allocation (default 100000).
	DailyLimit int
	// PageCap, when positive, serves at most that many rows per query page
	// whatever batchSize asks (batch sizes are not guaranteed).
	PageCap int
	// MaxUpload caps one Bulk API upload in bytes (default 100 MB).
	MaxUpload int64
	// MultiCurrency makes the org a multi-currency one: price book entries
	// carry CurrencyIsoCode (a single-currency org rejects the field).
	MultiCurrency bool
	// Catalog, when set, seeds accounts and leads from it.
	Catalog *catalog.Catalog
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Emulator is a Salesforce org's REST API. It is safe for concurrent use.
type Emulator struct {
	opts   Options
	schema schema          // the org's objects (single- or multi-currency)
	key    *rsa.PrivateKey // the private half of opts.PublicKey, set by Sandbox

	mu       sync.Mutex
	now      func() time.Time
	tables   map[string]*table
	sessions map[string]*session
	locators map[string]*locator
	jobs     map[string]*job
	qjobs    map[string]*queryJob
	seq      int // counter of locator and job ids
	usage    usage
	requests int

	log callLog
}

// New returns an emulator configured by opts: the standard price book and
// the six sales reps always, accounts and leads when opts.Catalog is set.
func New(opts Options) *Emulator {
	if opts.SessionTimeout <= 0 {
		opts.SessionTimeout = DefaultSessionTimeout
	}
	if opts.DailyLimit <= 0 {
		opts.DailyLimit = DefaultDailyLimit
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = DefaultMaxUpload
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	e := &Emulator{opts: opts, schema: schemaFor(opts.MultiCurrency), now: opts.Now, tables: map[string]*table{}, sessions: map[string]*session{},
		locators: map[string]*locator{}, jobs: map[string]*job{},
		qjobs: map[string]*queryJob{}}
	for name, o := range e.schema {
		e.tables[name] = newTable(o)
	}
	e.usage.max = opts.DailyLimit
	e.seed(opts.Catalog)
	return e
}

// Name names the emulator in the sandbox.
func (e *Emulator) Name() string { return Name }

// SetClock replaces the clock of write times, session expiry, replication
// windows and the daily allocation.
func (e *Emulator) SetClock(now func() time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = now
}

// clock returns the current time in UTC with the milliseconds Salesforce's
// time stamps carry; the caller holds e.mu.
func (e *Emulator) clock() time.Time { return e.now().UTC().Truncate(time.Millisecond) }

// ExpireTokens ends every session: the next call with one gets 401
// INVALID_SESSION_ID.
func (e *Emulator) ExpireTokens() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sessions = map[string]*session{}
}

// FaultShape answers injected faults as Salesforce does.
func (e *Emulator) FaultShape() fault.Responder { return shape{e: e} }

// Requests returns how many /services/data requests were counted against
// the daily allocation.
func (e *Emulator) Requests() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.requests
}

// SetUsage sets the requests used in the current 24 h window to n.
func (e *Emulator) SetUsage(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.usage.set(e.clock(), n)
}

// SetDailyLimit sets the daily allocation to n requests.
func (e *Emulator) SetDailyLimit(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.usage.max = n
}
