package alert

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"mime"
	"net"
	"net/mail"
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
	from, to, err := m.addresses()
	if err != nil {
		return err
	}
	if m.c.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", m.c.Username, m.c.Password.Reveal())); err != nil {
			return fmt.Errorf("log in as %s: %w", m.c.Username, err)
		}
	}
	rcpt := make([]string, len(to))
	for i, a := range to {
		rcpt[i] = a.Address
	}
	if err := c.SendMail(from.Address, rcpt, bytes.NewReader(m.compose(msg, from, to))); err != nil {
		return err
	}
	return c.Quit()
}

// addresses parses the channel's sender and recipients: the envelope (MAIL
// FROM, RCPT TO) takes their bare addresses, the headers the whole form
// ("Steward <steward@example.com>" is a valid from).
func (m *Mail) addresses() (*mail.Address, []*mail.Address, error) {
	from, err := mail.ParseAddress(m.c.From)
	if err != nil {
		return nil, nil, fmt.Errorf("read from %q: %w", m.c.From, err)
	}
	to := make([]*mail.Address, 0, len(m.c.To))
	for _, s := range m.c.To {
		a, err := mail.ParseAddress(s)
		if err != nil {
			return nil, nil, fmt.Errorf("read recipient %q: %w", s, err)
		}
		to = append(to, a)
	}
	return from, to, nil
}

// compose writes the mail: headers, a blank line, the lines, CRLF ended.
func (m *Mail) compose(msg Message, from *mail.Address, to []*mail.Address) []byte {
	var b strings.Builder
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", from.String())
	rcpt := make([]string, len(to))
	for i, a := range to {
		rcpt[i] = a.String()
	}
	h("To", strings.Join(rcpt, ", "))
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
