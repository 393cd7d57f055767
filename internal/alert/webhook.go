package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/stewardhq/steward/config"
)

// Webhook posts messages to a Slack incoming webhook ({"text": ...}) or a
// Microsoft Teams Workflows webhook (a message with one Adaptive Card). The
// URL is the credential: it appears in no error and no log, and a redirect
// is not followed.
type Webhook struct {
	url    config.Secret
	format string
	client *http.Client
}

// NewWebhook returns the notifier of a webhook channel; client nil uses a
// client with a 30 s timeout.
func NewWebhook(c *config.WebhookChannel, client *http.Client) *Webhook {
	cl := http.Client{Timeout: sendTimeout / 2}
	if client != nil {
		cl = *client
	}
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Webhook{url: c.URL, format: c.Kind(), client: &cl}
}

// Notify posts m; any answer but 2xx is an error.
func (w *Webhook) Notify(ctx context.Context, m Message) error {
	body, err := json.Marshal(w.payload(m))
	if err != nil {
		return fmt.Errorf("post to webhook: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url.Reveal(), bytes.NewReader(body))
	if err != nil {
		return errors.New("post to webhook: the webhook url is not valid")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error quotes the URL, the credential
		}
		return fmt.Errorf("post to webhook: %w", err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("post to webhook: status %d: %s", resp.StatusCode, w.hide(firstLine(string(text))))
	}
	return nil
}

// hide removes the URL from text an endpoint sent back.
func (w *Webhook) hide(text string) string {
	if u := w.url.Reveal(); u != "" {
		text = strings.ReplaceAll(text, u, config.Redacted)
	}
	return text
}

func (w *Webhook) payload(m Message) any {
	if w.format == config.WebhookTeams {
		return teamsPayload(m)
	}
	return slackPayload(m)
}

// slackPayload is Slack's incoming-webhook message: text in mrkdwn, where
// &, < and > must be escaped.
func slackPayload(m Message) any {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	lines := []string{"*" + esc.Replace(m.Subject) + "*"}
	for _, l := range m.Lines {
		lines = append(lines, esc.Replace(l))
	}
	return map[string]string{"text": strings.Join(lines, "\n")}
}

// teamsPayload is the message a Teams Workflows webhook ("When a Teams
// webhook request is received", then "Post card in a chat or channel")
// takes: type message with one attachment of content type
// application/vnd.microsoft.card.adaptive whose content is the card.
func teamsPayload(m Message) any {
	body := []map[string]any{{"type": "TextBlock", "text": m.Subject, "weight": "Bolder", "size": "Medium", "wrap": true}}
	for _, l := range m.Lines {
		body = append(body, map[string]any{"type": "TextBlock", "text": l, "wrap": true})
	}
	card := map[string]any{
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"type":    "AdaptiveCard", "version": "1.4", "body": body,
	}
	if m.Link != "" {
		card["actions"] = []map[string]any{{"type": "Action.OpenUrl", "title": "Open the run", "url": m.Link}}
	}
	return map[string]any{"type": "message", "attachments": []map[string]any{{
		"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": nil, "content": card,
	}}}
}
