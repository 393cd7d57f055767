// Package config defines steward.yaml: its shape, defaults, strict decoding and
// validation. Every problem is reported at once with file:line:col, the key path
// and a hint. Connector settings stay raw here; each connector decodes its own.
package config

import (
	"time"

	"github.com/goccy/go-yaml/ast"
)

// Version is the config file version this build reads.
const Version = 1

// File is a whole steward.yaml.
type File struct {
	Version   int               `yaml:"version"`
	Staging   Staging           `yaml:"staging"`
	Scheduler Scheduler         `yaml:"scheduler"`
	Systems   map[string]System `yaml:"systems"`
	Jobs      []Job             `yaml:"jobs"`
	// Privacy holds the key that pseudonymizes personal data wherever it
	// leaves staging (logs, run history, snapshots, reports).
	Privacy Privacy `yaml:"privacy"`
	// Serve configures steward serve: bind, TLS, login and API tokens.
	Serve Serve `yaml:"serve"`
	// Alerts names the channels jobs notify (webhook, SMTP).
	Alerts Alerts `yaml:"alerts"`

	// Path is the file the config was read from.
	Path string `yaml:"-"`
	loc  *Locator
	// known is what the file was validated against (nil: nothing), for
	// Warnings.
	known *Known
}

// Privacy is the privacy section: the secret key of the keyed hash that
// replaces personal values by stable tokens.
type Privacy struct {
	Key     Secret `yaml:"key"`
	KeyFile string `yaml:"key_file"`
}

// Staging says where state and snapshots live.
type Staging struct {
	// SQLite is the state database path.
	SQLite string `yaml:"sqlite"`
	// ParquetDir receives one snapshot per data type per run.
	ParquetDir string `yaml:"parquet_dir"`
	// ReportDir receives reports; defaults to a "reports" folder beside SQLite.
	ReportDir string `yaml:"report_dir"`
}

// Scheduler tunes steward schedule.
type Scheduler struct {
	// GracePeriod bounds how long a stop waits for the page in hand.
	GracePeriod Duration `yaml:"grace_period"`
	// RetryBudget is the total time one run may spend waiting on retries before it
	// ends "partial" with its state kept (default 15m).
	RetryBudget Duration `yaml:"retry_budget"`
}

// System is one external system steward talks to.
type System struct {
	// Kind names the connector: akeneo, odata, ...
	Kind string `yaml:"kind"`
	// BaseURL is the system's root URL; a kind not reached over HTTP (a
	// file drop) has none.
	BaseURL string `yaml:"base_url"`
	Auth    Auth   `yaml:"auth"`
	// RateLimit caps requests per second to this system.
	RateLimit RateLimit `yaml:"rate_limit"`
	Timeouts  Timeouts  `yaml:"timeouts"`
	Retry     Retry     `yaml:"retry"`
	TLS       TLS       `yaml:"tls"`
	// AllowInsecureLoopback permits plain http, and only to loopback addresses.
	AllowInsecureLoopback bool `yaml:"allow_insecure_loopback"`
	// Settings is the connector's own section, decoded by the connector.
	Settings ast.Node `yaml:"settings"`
}

// Auth says how to authenticate to a system.
type Auth struct {
	// Type names a registered auth flow: none, basic, bearer, api_key,
	// oauth2_client_credentials, or a connector's own (akeneo_password).
	Type             string   `yaml:"type"`
	TokenURL         string   `yaml:"token_url"`
	ClientID         string   `yaml:"client_id"`
	ClientSecret     Secret   `yaml:"client_secret"`
	ClientSecretFile string   `yaml:"client_secret_file"`
	Username         string   `yaml:"username"`
	Password         Secret   `yaml:"password"`
	PasswordFile     string   `yaml:"password_file"`
	Token            Secret   `yaml:"token"`
	TokenFile        string   `yaml:"token_file"`
	Header           string   `yaml:"header"`
	Scopes           []string `yaml:"scopes"`
}

// RateLimit is a token bucket.
type RateLimit struct {
	RequestsPerSecond float64 `yaml:"requests_per_second"`
	Burst             int     `yaml:"burst"`
}

// Timeouts bound one request.
type Timeouts struct {
	Request Duration `yaml:"request"`
	Connect Duration `yaml:"connect"`
}

// Retry bounds the retries of one request to a system.
type Retry struct {
	// MaxRetries is the number of retries after the first attempt (default 5).
	MaxRetries *int `yaml:"max_retries"`
	// BaseDelay is the first backoff ceiling, doubled per retry (default 1s).
	BaseDelay Duration `yaml:"base_delay"`
	// MaxDelay caps one wait; a longer Retry-After fails the request (default 60s).
	MaxDelay Duration `yaml:"max_delay"`
}

// TLS configures transport security. MinVersion defaults to 1.3; 1.2 is allowed
// when written explicitly (validate warns), older versions never.
type TLS struct {
	CAFile     string `yaml:"ca_file"`
	CertFile   string `yaml:"cert_file"`
	KeyFile    string `yaml:"key_file"`
	MinVersion string `yaml:"min_version"`
}

// Job is one extract-transform-load job.
type Job struct {
	Name     string `yaml:"name"`
	DataType string `yaml:"data_type"`
	// Cadence is a cron expression (5 fields, or @daily-style descriptors).
	Cadence  string `yaml:"cadence"`
	TimeZone string `yaml:"time_zone"`
	Enabled  *bool  `yaml:"enabled"`
	// CatchUp runs a missed run once at start; default true.
	CatchUp *bool    `yaml:"catch_up"`
	Extract Extract  `yaml:"extract"`
	Load    LoadSpec `yaml:"load"`
	// Quality checks the job's products after each run (products jobs only).
	Quality *QualitySpec `yaml:"quality"`
	// Transform configures identity matching and conflict decisions (optional).
	Transform *Transform `yaml:"transform"`
	// Route configures a leads job's router (leads jobs only).
	Route *Route `yaml:"route"`
	// Triggers are webhooks that start the job's next run now (steward serve).
	Triggers []Trigger `yaml:"triggers"`
	// Alerts says which of the job's events notify which channels (optional).
	Alerts *JobAlerts `yaml:"alerts"`
}

// QualitySpec says how a products job checks quality and drafts fixes.
type QualitySpec struct {
	// Rules is the rules file, relative to the config file.
	Rules string `yaml:"rules"`
	// Drafts configures description drafts and corrections (optional).
	Drafts *DraftSpec `yaml:"drafts"`
}

// DraftSpec configures description drafts and correction pushes.
type DraftSpec struct {
	// Generator is template or openai.
	Generator string `yaml:"generator"`
	// LLM names the system of kind openai that the openai generator calls.
	LLM string `yaml:"llm"`
	// Target is the PIM system drafts and corrections are pushed to.
	Target string `yaml:"target"`
	// Describes is the attribute a description draft fills (default description).
	Describes string `yaml:"describes"`
	// Attribute receives pushed drafts (default description_draft).
	Attribute string `yaml:"attribute"`
	// Publish writes approved drafts into Describes itself instead of Attribute.
	Publish bool `yaml:"publish"`
	// Facts lists the attributes a draft may use (default name, color, weight, ean).
	Facts []string `yaml:"facts"`
}

// IsEnabled reports whether the scheduler runs the job (default true).
func (j Job) IsEnabled() bool { return j.Enabled == nil || *j.Enabled }

// CatchesUp reports whether a run missed while steward was down runs at start.
func (j Job) CatchesUp() bool { return j.CatchUp == nil || *j.CatchUp }

// Extract says what a job reads.
type Extract struct {
	System      string   `yaml:"system"`
	Entity      string   `yaml:"entity"`
	Mode        string   `yaml:"mode"`
	CursorField string   `yaml:"cursor_field"`
	Overlap     Duration `yaml:"overlap"`
	PageSize    int      `yaml:"page_size"`
}

// LoadSpec lists where a job writes.
type LoadSpec struct {
	Targets []Target `yaml:"targets"`
	// ReconcileEvery schedules a reconcile: a run at least this long after the
	// last one compares every staged source value with the targets' current
	// values and writes the differences. 0 (the default) reconciles only after
	// a full pass (mode full, first run, or after state reset).
	ReconcileEvery Duration `yaml:"reconcile_every"`
}

// Target is one system a job writes to and the fields it owns there.
type Target struct {
	System string   `yaml:"system"`
	Fields []string `yaml:"fields"`
}

// Extraction modes.
const (
	ModeFull        = "full"
	ModeIncremental = "incremental"
)

// Duration is a time.Duration written as "90s" or "10m".
type Duration time.Duration

// UnmarshalText parses a Go duration string; a *durationError when it is
// none.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return &durationError{err: err}
	}
	*d = Duration(v)
	return nil
}

// durationError is a value that is no duration. The decoder reports it
// without a place; the locator's walk reports it at its key.
type durationError struct{ err error }

func (e *durationError) Error() string { return e.err.Error() }
func (e *durationError) Unwrap() error { return e.err }

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// Std returns the value as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }
