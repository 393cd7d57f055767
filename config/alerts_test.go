package config

import (
	"strings"
	"testing"
	"time"
)

func alertEnv(k string) (string, bool) {
	v, ok := map[string]string{"PIM_SECRET": "s", "PIM_PASSWORD": "p",
		"HOOK_URL": "https://hooks.example.com/services/T0/B0/hook-canary", "SMTP_PASSWORD": "smtp-canary"}[k]
	return v, ok
}

const goodAlerts = good + `    alerts:
      channels: [ops-slack, ops-mail]
      quality_drop: 2.0
      dead_letters: 100
      quota_below: "10"
alerts:
  channels:
    ops-slack:
      webhook: {url: "${HOOK_URL}", format: teams}
    ops-mail:
      smtp:
        host: smtp.example.com
        username: steward
        password: ${SMTP_PASSWORD}
        from: steward@example.com
        to: [ops@example.com]
`

func TestAlertsParse(t *testing.T) {
	src := strings.Replace(goodAlerts, "      cursor_field: updated\n", "      cursor_field: updated\n    quality: {rules: alerts_test.go}\n", 1)
	f, err := Parse("alerts.yaml", []byte(src), kinds, alertEnv)
	if err != nil {
		t.Fatal(err)
	}
	a := f.Jobs[0].Alerts
	if !a.OnFailed() || !a.OnPartial() {
		t.Error("failed and partial are not on by default")
	}
	if d, ok := a.DropPoints(); !ok || d != 2 {
		t.Errorf("quality_drop = %v %v, want 2", d, ok)
	}
	if q, ok := a.QuotaPercent(); !ok || q != 10 || *a.DeadLetters != 100 {
		t.Errorf("quota_below = %v, dead_letters = %d", q, *a.DeadLetters)
	}
	if above, clearAt, ok := a.DeadLetterMarks(); !ok || above != 100 || clearAt != 50 {
		t.Errorf("dead-letter marks %d %d %v, want 100 and half of it", above, clearAt, ok)
	}
	ch := f.Alerts.Channels
	if ch["ops-slack"].Webhook.URL.Reveal() != "https://hooks.example.com/services/T0/B0/hook-canary" || ch["ops-slack"].Webhook.Kind() != WebhookTeams {
		t.Error("webhook url or format not resolved")
	}
	if n, per := ch["ops-slack"].Limit(); n != 5 || per != 10*time.Minute {
		t.Errorf("default storm limit %d per %s, want 5 per 10m", n, per)
	}
	m := ch["ops-mail"].SMTP
	if m.Password.Reveal() != "smtp-canary" || m.Addr() != "smtp.example.com:587" || !m.UsesStartTLS() {
		t.Errorf("smtp channel = %s starttls %v", m.Addr(), m.UsesStartTLS())
	}
}

func TestAlertsProblems(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           []string
	}{
		{"unknown channel names the job", "[ops-slack, ops-mail]", "[ops-slak, pager]",
			[]string{`:26:18: jobs[0].alerts.channels[0]: job products names channel "ops-slak", which alerts.channels does not define (hint: did you mean "ops-slack"?)`,
				`jobs[0].alerts.channels[1]: job products names channel "pager"`, "channels defined: ops-mail, ops-slack"}},
		{"no channels", "channels: [ops-slack, ops-mail]", "channels: []", []string{"job products alerts no channel"}},
		{"quality drop without quality", "", "", []string{"jobs[0].alerts.quality_drop: job products checks no quality"}},
		{"bad thresholds", "dead_letters: 100\n      quota_below: \"10\"", "dead_letters: -1\n      quota_below: ten", []string{
			`jobs[0].alerts.quota_below: "ten" is not a percentage`, "jobs[0].alerts.dead_letters: dead_letters is negative"}},
		{"unknown key", "quality_drop: 2.0", "quality_dorp: 2.0", []string{`unknown key "quality_dorp" (hint: did you mean "quality_drop"?)`}},
		{"literal secret", `"${HOOK_URL}"`, "https://hooks.example.com/services/T0/B0/literal-canary", []string{
			"alerts.channels.ops-slack.webhook.url: secret is written literally"}},
		{"plain http", "${HOOK_URL}", "${PLAIN}", []string{"alerts.channels.ops-slack.webhook.url: the webhook url is not https"}},
		{"format", "format: teams", "format: discord", []string{`unknown webhook format "discord"`}},
		{"both kinds", "      webhook: {url", "      smtp: {host: h, from: a@b.c, to: [d@e.f]}\n      webhook: {url", []string{
			"channel ops-slack needs exactly one of webhook and smtp"}},
		{"smtp", "        from: steward@example.com\n        to: [ops@example.com]\n", "        starttls: false\n        from: steward\n        to: [ops]\n", []string{
			"ops-mail.smtp.starttls: the password would be sent unencrypted", `ops-mail.smtp.from: from "steward" is not an e-mail address`,
			`ops-mail.smtp.to[0]: "ops" is not an e-mail address`}},
		{"implicit tls port", "        username: steward\n", "        username: steward\n        port: 465\n", []string{"ops-mail.smtp.port: port 465 (TLS from the first byte) is not supported"}},
		{"clear_below at the threshold", "dead_letters: 100\n", "dead_letters: 100\n      clear_below: 100\n", []string{
			`:29:7: jobs[0].alerts.clear_below: clear_below 100 is not below dead_letters 100 (hint: a count below 100 at or below which the alert re-arms, e.g. 50`}},
		{"clear_below negative", "dead_letters: 100\n", "dead_letters: 100\n      clear_below: -1\n", []string{"jobs[0].alerts.clear_below: clear_below is negative"}},
		{"clear_below alone", "dead_letters: 100\n", "clear_below: 10\n", []string{"jobs[0].alerts.clear_below: clear_below without dead_letters"}},
		{"negative storm limit", "format: teams}", "format: teams}\n      max_messages: -1\n      window: -1m", []string{
			"alerts.channels.ops-slack.max_messages: max_messages is negative (hint: messages per window", "alerts.channels.ops-slack.window: window is negative"}},
		{"user without password", "        password: ${SMTP_PASSWORD}\n", "", []string{"ops-mail.smtp.username: username and password go together"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(goodAlerts, tc.old, tc.new, 1)
			_, err := Parse("config/alerts.yaml", []byte(src), kinds, func(k string) (string, bool) {
				if k == "PLAIN" {
					return "http://hooks.example.com/x/plain-canary", true
				}
				return alertEnv(k)
			})
			if err == nil {
				t.Fatal("no problem reported")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("problems lack %q:\n%v", w, err)
				}
			}
			for _, canary := range []string{"hook-canary", "literal-canary", "plain-canary", "smtp-canary"} {
				if strings.Contains(err.Error(), canary) {
					t.Errorf("a problem quotes the secret %s:\n%v", canary, err)
				}
			}
		})
	}
}

// TestAlertsStormAndClearSettings: a channel's max_messages and window and
// a job's clear_below are read as written.
func TestAlertsStormAndClearSettings(t *testing.T) {
	src := strings.Replace(goodAlerts, "dead_letters: 100\n", "dead_letters: 100\n      clear_below: 80\n", 1)
	src = strings.Replace(src, "format: teams}\n", "format: teams}\n      max_messages: 3\n      window: 30m\n", 1)
	src = strings.Replace(src, "      quality_drop: 2.0\n", "", 1)
	f, err := Parse("alerts.yaml", []byte(src), kinds, alertEnv)
	if err != nil {
		t.Fatal(err)
	}
	if n, per := f.Alerts.Channels["ops-slack"].Limit(); n != 3 || per != 30*time.Minute {
		t.Errorf("storm limit %d per %s, want 3 per 30m", n, per)
	}
	if above, clearAt, ok := f.Jobs[0].Alerts.DeadLetterMarks(); !ok || above != 100 || clearAt != 80 {
		t.Errorf("dead-letter marks %d %d %v, want 100 and 80", above, clearAt, ok)
	}
}
