package config

import (
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Alerts is the top-level alerts section: the channels that jobs notify.
//
//	alerts:
//	  channels:
//	    ops-slack: {webhook: {url: ${SLACK_WEBHOOK_URL}, format: slack}}
//	    ops-mail:
//	      smtp: {host: smtp.example.com, port: 587, username: steward,
//	             password: ${SMTP_PASSWORD}, from: steward@example.com,
//	             to: [ops@example.com], starttls: true}
type Alerts struct {
	// Channels are the notification channels by name.
	Channels map[string]AlertChannel `yaml:"channels"`
}

// AlertChannel is one notification channel: exactly one of Webhook and SMTP.
type AlertChannel struct {
	Webhook *WebhookChannel `yaml:"webhook"`
	SMTP    *SMTPChannel    `yaml:"smtp"`
	// MaxMessages is how many messages the channel is sent per Window
	// (default 5): in a storm (40 jobs failing while a shared system is
	// down) the alerts beyond it wait and go out as one digest listing
	// each of them when the window ends.
	MaxMessages int `yaml:"max_messages"`
	// Window is that window (default 10m); it opens with the first
	// message after the last window ended.
	Window Duration `yaml:"window"`
}

// Defaults of a channel's storm limit.
const (
	DefaultAlertMessages = 5
	DefaultAlertWindow   = 10 * time.Minute
)

// Limit returns how many messages the channel is sent per window, and
// the window, defaults applied.
func (c AlertChannel) Limit() (messages int, window time.Duration) {
	messages, window = c.MaxMessages, c.Window.Std()
	if messages <= 0 {
		messages = DefaultAlertMessages
	}
	if window <= 0 {
		window = DefaultAlertWindow
	}
	return messages, window
}

// Webhook formats.
const (
	WebhookSlack = "slack"
	WebhookTeams = "teams"
)

// WebhookChannel posts a chat message to a Slack incoming webhook or a
// Teams Workflows webhook. The URL is a credential (whoever holds it may
// post), so it is a secret reference.
type WebhookChannel struct {
	URL     Secret `yaml:"url"`
	URLFile string `yaml:"url_file"`
	// Format is slack (default) or teams.
	Format string `yaml:"format"`
}

// Kind returns the webhook's format, slack when none is written.
func (w *WebhookChannel) Kind() string {
	if w.Format == "" {
		return WebhookSlack
	}
	return w.Format
}

// SMTPChannel sends a plain-text mail through an SMTP server.
type SMTPChannel struct {
	Host         string   `yaml:"host"`
	Port         int      `yaml:"port"`
	Username     string   `yaml:"username"`
	Password     Secret   `yaml:"password"`
	PasswordFile string   `yaml:"password_file"`
	From         string   `yaml:"from"`
	To           []string `yaml:"to"`
	// StartTLS upgrades the connection before anything is sent (default
	// true); the server must offer it.
	StartTLS *bool `yaml:"starttls"`
}

// DefaultSMTPPort is the submission port.
const DefaultSMTPPort = 587

// Addr returns host:port, the port defaulting to DefaultSMTPPort.
func (s *SMTPChannel) Addr() string {
	p := s.Port
	if p == 0 {
		p = DefaultSMTPPort
	}
	return s.Host + ":" + strconv.Itoa(p)
}

// UsesStartTLS reports whether the connection is upgraded (default true).
func (s *SMTPChannel) UsesStartTLS() bool { return s.StartTLS == nil || *s.StartTLS }

// JobAlerts says which events of a job notify which channels.
type JobAlerts struct {
	// Channels names entries of alerts.channels.
	Channels []string `yaml:"channels"`
	// Failed and Partial notify on a run that ended so (default true).
	Failed  *bool `yaml:"failed"`
	Partial *bool `yaml:"partial"`
	// QualityDrop notifies when a quality run's score is more than this
	// many percentage points below the previous one ("" off).
	QualityDrop string `yaml:"quality_drop"`
	// DeadLetters notifies when the job's open dead letters rise above
	// this count (nil off).
	DeadLetters *int `yaml:"dead_letters"`
	// ClearBelow is where a dead-letter crossing clears: once the open
	// dead letters have fallen to this count or below, the next rise above
	// DeadLetters is a new alert; a count wobbling between the two is not
	// (nil: half of DeadLetters, rounded down).
	ClearBelow *int `yaml:"clear_below"`
	// QuotaBelow notifies when a system of the job has less than this
	// percentage of its request quota left ("" off).
	QuotaBelow string `yaml:"quota_below"`
}

// OnFailed reports whether a failed run notifies (default true).
func (a *JobAlerts) OnFailed() bool { return a.Failed == nil || *a.Failed }

// OnPartial reports whether a partial run notifies (default true).
func (a *JobAlerts) OnPartial() bool { return a.Partial == nil || *a.Partial }

// DropPoints returns the quality drop threshold; ok is false when off.
func (a *JobAlerts) DropPoints() (float64, bool) { return percent(a.QualityDrop) }

// DeadLetterMarks returns the dead-letter threshold and the count at or
// below which a crossing clears; ok is false when the alert is off.
func (a *JobAlerts) DeadLetterMarks() (above, clearAt int, ok bool) {
	if a.DeadLetters == nil {
		return 0, 0, false
	}
	if a.ClearBelow != nil {
		return *a.DeadLetters, *a.ClearBelow, true
	}
	return *a.DeadLetters, *a.DeadLetters / 2, true
}

// QuotaPercent returns the quota threshold; ok is false when off.
func (a *JobAlerts) QuotaPercent() (float64, bool) { return percent(a.QuotaBelow) }

func percent(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}

// alertChannels resolves and checks every channel of the alerts section.
func (v *validator) alertChannels() {
	for _, name := range sortedKeys(v.f.Alerts.Channels) {
		c := v.f.Alerts.Channels[name]
		p := "alerts.channels." + name
		switch {
		case (c.Webhook == nil) == (c.SMTP == nil):
			v.add(p, fmt.Sprintf("channel %s needs exactly one of webhook and smtp", name), "write webhook: {url: ${ENV}} or smtp: {host: ..., from: ..., to: [...]}")
		case c.Webhook != nil:
			v.webhook(p+".webhook", c.Webhook)
		default:
			v.smtp(p+".smtp", c.SMTP)
		}
		if c.MaxMessages < 0 {
			v.add(p+".max_messages", "max_messages is negative", fmt.Sprintf("messages per window before the rest wait for a digest, e.g. %d (the default)", DefaultAlertMessages))
		}
		if c.Window < 0 {
			v.add(p+".window", "window is negative", "the window max_messages counts in, e.g. 10m (the default)")
		}
	}
}

func (v *validator) webhook(p string, w *WebhookChannel) {
	if k := w.Kind(); k != WebhookSlack && k != WebhookTeams {
		v.add(p+".format", fmt.Sprintf("unknown webhook format %q", w.Format), "slack or teams")
	}
	n := len(v.ps)
	v.secret(p, "url", &w.URL, w.URLFile)
	if len(v.ps) > n {
		return
	}
	if !w.URL.IsSet() && w.URLFile == "" {
		v.add(p+".url", "url is missing", "write url: ${SLACK_WEBHOOK_URL} (the webhook URL is a credential)")
		return
	}
	// The message never quotes the URL: it is the credential.
	u, err := url.Parse(w.URL.Reveal())
	switch {
	case err != nil || u.Host == "":
		v.add(p+".url", "the webhook url is not an absolute URL", "the https URL the chat tool gave for the webhook")
	case u.Scheme == "http" && IsLoopback(u.Hostname()):
	case u.Scheme != "https":
		v.add(p+".url", "the webhook url is not https", "use the https URL; plain http is allowed to loopback only")
	}
}

func (v *validator) smtp(p string, s *SMTPChannel) {
	if s.Host == "" {
		v.add(p+".host", "host is missing", "the SMTP server's host name, e.g. smtp.example.com")
	}
	switch {
	case s.Port < 0 || s.Port > 65535:
		v.add(p+".port", fmt.Sprintf("port %d is out of range", s.Port), "587 for submission with STARTTLS")
	case s.Port == 465:
		v.add(p+".port", "port 465 (TLS from the first byte) is not supported", "use the submission port 587 with starttls: true")
	}
	v.secret(p, "password", &s.Password, s.PasswordFile)
	hasPass := s.Password.IsSet() || s.PasswordFile != ""
	if (s.Username != "") != hasPass {
		v.add(p+".username", "username and password go together", "give both to log in, or neither")
	}
	if hasPass && !s.UsesStartTLS() && !IsLoopback(s.Host) {
		v.add(p+".starttls", "the password would be sent unencrypted", "keep starttls: true")
	}
	if _, err := mail.ParseAddress(s.From); err != nil {
		v.add(p+".from", fmt.Sprintf("from %q is not an e-mail address", s.From), "the sender, e.g. steward@example.com")
	}
	if len(s.To) == 0 {
		v.add(p+".to", "to is missing", "list the recipients, e.g. [ops@example.com]")
	}
	for i, to := range s.To {
		if _, err := mail.ParseAddress(to); err != nil {
			v.add(fmt.Sprintf("%s.to[%d]", p, i), fmt.Sprintf("%q is not an e-mail address", to), "a recipient such as ops@example.com")
		}
	}
}
