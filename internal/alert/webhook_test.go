package alert_test

import (
	"crypto/tls"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/alert"
)

// TestTeamsCard: the teams format posts what a Teams Workflows webhook
// takes: a message with one Adaptive Card attachment holding the subject,
// every line and a button to the run.
func TestTeamsCard(t *testing.T) {
	h := newHook(t)
	n := alert.NewWebhook(&config.WebhookChannel{URL: config.NewSecret(h.srv.URL + "/workflows/" + canary), Format: config.WebhookTeams}, h.srv.Client())
	m := alert.Message{Subject: "[steward] prices: run 7 failed", Lines: []string{"Job prices: run 7 failed.", "Run: 7"}, Link: "https://console.example.com/runs/7"}
	if err := n.Notify(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Type        string `json:"type"`
		Attachments []struct {
			ContentType string `json:"contentType"`
			Content     struct {
				Schema  string `json:"$schema"`
				Type    string `json:"type"`
				Version string `json:"version"`
				Body    []struct{ Type, Text string }
				Actions []struct{ Type, Title, URL string }
			} `json:"content"`
		} `json:"attachments"`
	}
	b, _ := json.Marshal(h.got()[0])
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Type != "message" || len(got.Attachments) != 1 || got.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
		t.Fatalf("payload %s", b)
	}
	c := got.Attachments[0].Content
	if c.Type != "AdaptiveCard" || c.Version != "1.4" || !strings.Contains(c.Schema, "adaptive-card.json") || len(c.Body) != 3 ||
		c.Body[0].Text != m.Subject || c.Body[2].Text != "Run: 7" || len(c.Actions) != 1 || c.Actions[0].Type != "Action.OpenUrl" || c.Actions[0].URL != m.Link {
		t.Fatalf("card %s", b)
	}
}

// TestMailLoginRefused: a wrong password is an error naming the user and
// the server, never the password.
func TestMailLoginRefused(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	c := f.smtpChannel()
	c.Password = config.NewSecret("wrong-" + canary)
	err := alert.NewMail(c, &tls.Config{RootCAs: f.sink.roots}, nil).Notify(t.Context(), alert.Message{Subject: "s"})
	if err == nil || !strings.Contains(err.Error(), "log in as steward") || strings.Contains(err.Error(), canary) || len(f.sink.got()) != 0 {
		t.Fatalf("err = %v, mails %d", err, len(f.sink.got()))
	}
}

// TestMailRefusesUntrustedServer: STARTTLS to a server whose certificate is
// not trusted fails before anything is sent.
func TestMailRefusesUntrustedServer(t *testing.T) {
	f := newFixture(t, config.JobAlerts{})
	err := alert.NewMail(f.smtpChannel(), nil, nil).Notify(t.Context(), alert.Message{Subject: "s"})
	if err == nil || len(f.sink.got()) != 0 {
		t.Fatalf("err = %v, mails %d", err, len(f.sink.got()))
	}
}
