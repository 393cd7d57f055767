package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Generic auth types: the flows the HTTP stack itself registers. A vendor's
// own grant is named by its connector.
const (
	AuthNone                    = "none"
	AuthBasic                   = "basic"
	AuthBearer                  = "bearer"
	AuthAPIKey                  = "api_key"
	AuthOAuth2ClientCredentials = "oauth2_client_credentials"
)

var jobName = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,62}$`)

// CronParser parses job cadences: five fields, an optional CRON_TZ= prefix, or a
// descriptor such as @daily.
var CronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

type validator struct {
	f      *File
	ps     Problems
	known  *Known
	lookup func(string) (string, bool)
}

func (v *validator) add(path, msg, hint string) {
	v.ps = append(v.ps, v.f.loc.Problem(path, msg, hint))
}

func (v *validator) has(path string) bool {
	return slices.ContainsFunc(v.ps, func(p Problem) bool { return p.Path == path })
}

func (f *File) validate(known *Known, lookup func(string) (string, bool)) Problems {
	v := &validator{f: f, known: known, lookup: lookup}
	if f.Version != Version {
		v.add("version", fmt.Sprintf("version is %d", f.Version), "write version: 1")
	}
	if f.Staging.SQLite == "" {
		v.add("staging.sqlite", "staging.sqlite is missing", "give the path of the state database, e.g. ./state/steward.db")
	}
	if f.Staging.ParquetDir == "" {
		v.add("staging.parquet_dir", "staging.parquet_dir is missing", "give a folder for Parquet snapshots, e.g. ./state/parquet")
	}
	for _, name := range sortedKeys(f.Systems) {
		v.system(name, f.Systems[name])
	}
	v.alertChannels()
	seen := map[string]int{}
	for i, j := range f.Jobs {
		v.job(i, j, seen)
	}
	v.sharedStaging()
	v.privacy()
	v.serve()
	return v.ps
}

func (v *validator) system(name string, s System) {
	p := "systems." + name
	var kinds []string
	if v.known != nil {
		kinds = v.known.Kinds
	}
	switch {
	case s.Kind == "":
		v.add(p+".kind", "kind is missing", "one of: "+strings.Join(kinds, ", "))
	case kinds != nil && !slices.Contains(kinds, s.Kind):
		v.add(p+".kind", fmt.Sprintf("unknown kind %q", s.Kind), "one of: "+strings.Join(kinds, ", "))
	}
	if !v.known.local(s.Kind) || s.BaseURL != "" {
		v.baseURL(p, s)
	}
	v.auth(p+".auth", &s.Auth)
	v.f.Systems[name] = s
	if s.RateLimit.RequestsPerSecond < 0 || s.RateLimit.Burst < 0 {
		v.add(p+".rate_limit", "rate limit is negative", "use a positive requests_per_second, or leave it out for no limit")
	}
	if s.Timeouts.Request < 0 || s.Timeouts.Connect < 0 {
		v.add(p+".timeouts", "timeout is negative", "write a duration such as 30s")
	}
	if *s.Retry.MaxRetries < 0 || *s.Retry.MaxRetries > 20 || s.Retry.BaseDelay < 0 || s.Retry.MaxDelay < s.Retry.BaseDelay {
		v.add(p+".retry", "retry settings are out of range", "max_retries 0..20, base_delay ≥ 0, max_delay ≥ base_delay")
	}
	v.tls(p+".tls", s.TLS)
}

func (v *validator) baseURL(p string, s System) {
	if s.BaseURL == "" {
		v.add(p+".base_url", "base_url is missing", "write the system's root URL, e.g. https://pim.example.com")
		return
	}
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Host == "" {
		v.add(p+".base_url", fmt.Sprintf("base_url %q is not an absolute URL", s.BaseURL), "write scheme and host, e.g. https://pim.example.com")
		return
	}
	if u.User != nil {
		v.add(p+".base_url", "base_url carries credentials", "move them to the auth section as secret references")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !s.AllowInsecureLoopback || !IsLoopback(u.Hostname()) {
			v.add(p+".base_url", "plain http is refused", "use https; http is allowed only to loopback with allow_insecure_loopback: true")
		}
	default:
		v.add(p+".base_url", fmt.Sprintf("scheme %q is not supported", u.Scheme), "use https")
	}
}

// IsLoopback reports whether host is localhost or a loopback address.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (v *validator) auth(p string, a *Auth) {
	v.secret(p, "client_secret", &a.ClientSecret, a.ClientSecretFile)
	v.secret(p, "password", &a.Password, a.PasswordFile)
	v.secret(p, "token", &a.Token, a.TokenFile)
	v.authType(p, a)
}

// secret resolves the secret key of the auth block at p. A problem with its
// key_file (unreadable, or given beside a value) is reported at the key_file
// line under that key path; any other at the key itself.
func (v *validator) secret(p, key string, s *Secret, file string) {
	msg, hint := s.resolve(key, file, v.lookup)
	if msg == "" {
		return
	}
	at := p + "." + key
	if file != "" {
		at += "_file"
	}
	v.add(at, msg, hint)
}

func (v *validator) tls(p string, t TLS) {
	if t.MinVersion != "1.2" && t.MinVersion != "1.3" {
		v.add(p+".min_version", fmt.Sprintf("min_version %q is not allowed", t.MinVersion), "write 1.2 or 1.3; older versions are refused")
	}
	if (t.CertFile == "") != (t.KeyFile == "") {
		v.add(p, "cert_file and key_file go together", "give both for mutual TLS, or neither")
	}
	for key, file := range map[string]string{"ca_file": t.CAFile, "cert_file": t.CertFile, "key_file": t.KeyFile} {
		if file == "" {
			continue
		}
		if _, err := os.Stat(file); err != nil {
			v.add(p+"."+key, fmt.Sprintf("%s %s: %v", key, file, unwrapPathErr(err)), "point it at a readable PEM file")
		}
	}
}

func (v *validator) job(i int, j Job, seen map[string]int) {
	p := fmt.Sprintf("jobs[%d]", i)
	switch {
	case !jobName.MatchString(j.Name):
		v.add(p+".name", fmt.Sprintf("job name %q is not valid", j.Name), "lower-case letters, digits, - and _, starting with a letter")
	case seen[j.Name] > 0:
		v.add(p+".name", fmt.Sprintf("job name %q is used twice", j.Name), fmt.Sprintf("jobs[%d] has it already", seen[j.Name]-1))
	}
	seen[j.Name] = i + 1
	v.dataType(p, j)
	v.cadence(p, j)
	v.extract(p+".extract", j.Extract)
	v.transform(p, j)
	v.route(p, j)
	v.triggers(p, j)
	v.jobAlerts(p, j)
	if j.Quality != nil {
		v.quality(p+".quality", j)
	}
	for k, t := range j.Load.Targets {
		tp := fmt.Sprintf("%s.load.targets[%d]", p, k)
		v.systemRef(tp+".system", t.System)
		if len(t.Fields) == 0 {
			v.add(tp+".fields", "a target lists no fields", "name the fields this job owns in the target, e.g. [price]")
		}
	}
	if j.Load.ReconcileEvery < 0 {
		v.add(p+".load.reconcile_every", "reconcile_every is negative", "a duration such as 24h, or leave it out")
	}
}

// sharedStaging refuses two jobs that read one data type from one system
// but different entities. Staged records are kept by data type, source and
// key, so the two would share them, and a full pass of one would delete
// every record the other read.
func (v *validator) sharedStaging() {
	first := map[[2]string]int{}
	for i, j := range v.f.Jobs {
		k := [2]string{j.DataType, j.Extract.System}
		f, ok := first[k]
		if !ok {
			first[k] = i
			continue
		}
		if other := v.f.Jobs[f].Extract.Entity; other != j.Extract.Entity {
			v.add(fmt.Sprintf("jobs[%d].extract.entity", i),
				fmt.Sprintf("job %s reads %s from %s like job %s (jobs[%d]), but entity %q, not %q: the two would share staged records, and a full pass of one would delete what the other read", j.Name, j.DataType, j.Extract.System, v.f.Jobs[f].Name, f, j.Extract.Entity, other),
				"read one entity per data type and system, or declare the system a second time under another name for the second entity")
		}
	}
}

func (v *validator) quality(p string, j Job) {
	q := j.Quality
	if v.known != nil && v.known.Checked != nil && !slices.Contains(v.known.Checked, j.DataType) {
		v.add(p, fmt.Sprintf("quality checks apply to %s jobs only", strings.Join(v.known.Checked, " and ")), "move the quality section to the "+v.known.Checked[0]+" job")
	}
	if q.Rules == "" {
		v.add(p+".rules", "rules is missing", "the rules file, relative to this config, e.g. rules.yaml")
	} else if _, err := os.Stat(v.f.RulesPath(j)); err != nil {
		v.add(p+".rules", fmt.Sprintf("rules file %s: %v", v.f.RulesPath(j), unwrapPathErr(err)), "point it at a readable rules file")
	}
	if d := q.Drafts; d != nil {
		switch d.Generator {
		case "template":
		case "openai":
			v.systemRef(p+".drafts.llm", d.LLM)
		default:
			v.add(p+".drafts.generator", fmt.Sprintf("unknown generator %q", d.Generator), "template or openai")
		}
		v.systemRef(p+".drafts.target", d.Target)
	}
}

func (v *validator) cadence(p string, j Job) {
	if _, err := time.LoadLocation(j.TimeZone); err != nil {
		v.add(p+".time_zone", fmt.Sprintf("unknown time zone %q", j.TimeZone), "an IANA name such as Europe/Berlin or UTC")
	}
	if j.Cadence == "" {
		v.add(p+".cadence", "cadence is missing", `a cron expression such as "0 2 * * *" or @hourly`)
		return
	}
	if _, err := CronParser.Parse(j.Cadence); err != nil {
		v.add(p+".cadence", fmt.Sprintf("cadence %q: %v", j.Cadence, err), `five fields: minute hour day-of-month month day-of-week, e.g. "*/15 * * * *"`)
	}
}

func (v *validator) extract(p string, e Extract) {
	v.systemRef(p+".system", e.System)
	if e.Entity == "" {
		v.add(p+".entity", "entity is missing", "the entity to read, e.g. products or Product")
	}
	switch e.Mode {
	case ModeFull:
	case ModeIncremental:
		// A system not reached over HTTP (a file drop) keeps its own cursor.
		if e.CursorField == "" && !v.known.local(v.f.Systems[e.System].Kind) {
			v.add(p+".cursor_field", "incremental mode needs a cursor_field", "the server's change timestamp field, e.g. updated or LastChangeDateTime")
		}
	default:
		v.add(p+".mode", fmt.Sprintf("unknown mode %q", e.Mode), "full or incremental")
	}
	if e.Overlap < 0 {
		v.add(p+".overlap", "overlap is negative", "a duration such as 5m")
	}
	if e.PageSize < 1 || e.PageSize > 10000 {
		v.add(p+".page_size", fmt.Sprintf("page_size %d is out of range", e.PageSize), "between 1 and 10000 (the connector may cap it lower)")
	}
}

func (v *validator) systemRef(p, name string) {
	if name == "" {
		v.add(p, "system is missing", "name one of the systems section's keys")
		return
	}
	if _, ok := v.f.Systems[name]; !ok {
		v.add(p, fmt.Sprintf("system %q is not defined", name), "systems defined: "+strings.Join(sortedKeys(v.f.Systems), ", "))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
