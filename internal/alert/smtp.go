package alert

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"mime"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/stewardhq/steward/config"
)

// Mail sends messages as plain-text e-mail through an SMTP server,
// upgrading the connection with STARTTLS (TLS 1.2 or later) unless the
// channel turns it off, and logging in with PLAIN when a username is set.
type Mail struct {
	c   *config.SMTPChannel
	tls *tls.Config
	now func() time.Time
}

// NewMail returns the notifier of an SMTP channel; tlsConf nil verifies the
// server against the system's roots.
func NewMail(c *config.SMTPChannel, tlsConf *tls.Config, now func() time.Time) *Mail {
	t := &tls.Config{}
	if tlsConf != nil {
		t = tlsConf.Clone()
	}
	if t.ServerName == "" {
		t.ServerName = c.Host
	}
	t.MinVersion = max(t.MinVersion, tls.VersionTLS12)
	if now == nil {
		now = time.Now
	}
	return &Mail{c: c, tls: t, now: now}
}

// Notify sends m to every recipient of the channel in one mail.
func (m *Mail) Notify(ctx context.Context, msg Message) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", m.c.Addr())
	if err != nil {
		return fmt.Errorf("send mail via %s: %w", m.c.Addr(), err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := m.client(conn)
	if err != nil {
		conn.Close()
		return fmt.Errorf("send mail via %s: %w", m.c.Addr(), err)
	}
	defer c.Close()
	if err := m.send(c, msg); err != nil {
		return fmt.Errorf("send mail via %s: %w", m.c.Addr(), err)
	}
	return nil
}

func (m *Mail) client(conn net.Conn) (*smtp.Client, error) {
	if !m.c.UsesStartTLS() {
		return smtp.NewClient(conn), nil
	}
	return smtp.NewClientStartTLS(conn, m.tls)
}

func (m *Mail) send(c *smtp.Client, msg Message) error {
	if m.c.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", m.c.Username, m.c.Password.Reveal())); err != nil {
			return fmt.Errorf("log in as %s: %w", m.c.Username, err)
		}
	}
	if err := c.SendMail(m.c.From, m.c.To, bytes.NewReader(m.compose(msg))); err != nil {
		return err
	}
	return c.Quit()
}

// compose writes the mail: headers, a blank line, the lines, CRLF ended.
func (m *Mail) compose(msg Message) []byte {
	var b strings.Builder
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", m.c.From)
	h("To", strings.Join(m.c.To, ", "))
	h("Subject", mime.QEncoding.Encode("utf-8", oneLine(msg.Subject)))
	h("Date", m.now().UTC().Format(time.RFC1123Z))
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "8bit")
	b.WriteString("\r\n")
	for _, l := range msg.Lines {
		b.WriteString(strings.ReplaceAll(l, "\r", "") + "\r\n")
	}
	return []byte(b.String())
}
