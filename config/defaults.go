package config

import (
	"path/filepath"
	"time"
)

// Defaults applied before validation.
const (
	DefaultGracePeriod    = 30 * time.Second
	DefaultRequestTimeout = 60 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultOverlap        = 5 * time.Minute
	DefaultPageSize       = 100
	DefaultTimeZone       = "UTC"
	DefaultRetryBudget    = 15 * time.Minute
	DefaultMaxRetries     = 5
	DefaultBaseDelay      = time.Second
	DefaultMaxDelay       = time.Minute
	// DefaultTLSMinVersion is the lowest TLS version steward speaks unless a
	// system's config allows 1.2.
	DefaultTLSMinVersion = "1.3"
)

func applyDefaults(f *File) {
	if f.Scheduler.GracePeriod == 0 {
		f.Scheduler.GracePeriod = Duration(DefaultGracePeriod)
	}
	if f.Scheduler.RetryBudget == 0 {
		f.Scheduler.RetryBudget = Duration(DefaultRetryBudget)
	}
	if f.Staging.ReportDir == "" && f.Staging.SQLite != "" {
		f.Staging.ReportDir = filepath.Join(filepath.Dir(f.Staging.SQLite), "reports")
	}
	for name, s := range f.Systems {
		if s.Timeouts.Request == 0 {
			s.Timeouts.Request = Duration(DefaultRequestTimeout)
		}
		if s.Timeouts.Connect == 0 {
			s.Timeouts.Connect = Duration(DefaultConnectTimeout)
		}
		if s.Retry.MaxRetries == nil {
			n := DefaultMaxRetries
			s.Retry.MaxRetries = &n
		}
		if s.Retry.BaseDelay == 0 {
			s.Retry.BaseDelay = Duration(DefaultBaseDelay)
		}
		if s.Retry.MaxDelay == 0 {
			s.Retry.MaxDelay = Duration(DefaultMaxDelay)
		}
		if s.TLS.MinVersion == "" {
			s.TLS.MinVersion = DefaultTLSMinVersion
		}
		if s.Auth.Type == "" {
			s.Auth.Type = AuthNone
		}
		f.Systems[name] = s
	}
	for i := range f.Jobs {
		j := &f.Jobs[i]
		if j.TimeZone == "" {
			j.TimeZone = DefaultTimeZone
		}
		if j.Extract.Mode == "" {
			j.Extract.Mode = ModeIncremental
		}
		if j.Extract.Overlap == 0 && j.Extract.Mode == ModeIncremental {
			j.Extract.Overlap = Duration(DefaultOverlap)
		}
		if d := draftsOf(j); d != nil {
			if d.Describes == "" {
				d.Describes = "description"
			}
			if d.Attribute == "" {
				d.Attribute = "description_draft"
			}
			if len(d.Facts) == 0 {
				d.Facts = []string{"name", "color", "weight", "ean"}
			}
		}
		if j.Extract.PageSize == 0 {
			j.Extract.PageSize = DefaultPageSize
		}
	}
}

// Job returns the job named name.
func (f *File) Job(name string) (Job, bool) {
	for _, j := range f.Jobs {
		if j.Name == name {
			return j, true
		}
	}
	return Job{}, false
}

func draftsOf(j *Job) *DraftSpec {
	if j.Quality == nil {
		return nil
	}
	return j.Quality.Drafts
}

// RulesPath resolves a job's rules file against the config file's folder.
func (f *File) RulesPath(j Job) string {
	if j.Quality == nil || j.Quality.Rules == "" || filepath.IsAbs(j.Quality.Rules) {
		if j.Quality == nil {
			return ""
		}
		return j.Quality.Rules
	}
	return filepath.Join(filepath.Dir(f.Path), j.Quality.Rules)
}
