package alert

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
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
	data, err := m.compose(msg, from, to)
	if err != nil {
		return err
	}
	if err := c.SendMail(from.Address, rcpt, bytes.NewReader(data)); err != nil {
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

// compose writes the mail: headers, a blank line, the lines in
// quoted-printable (short ASCII lines whatever the text: a relay without
// 8BITMIME passes it, and no line nears the 998-octet limit), CRLF ended.
func (m *Mail) compose(msg Message, from *mail.Address, to []*mail.Address) ([]byte, error) {
	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + oneLine(v) + "\r\n") }
	h("From", from.String())
	rcpt := make([]string, len(to))
	for i, a := range to {
		rcpt[i] = a.String()
	}
	h("To", strings.Join(rcpt, ", "))
	h("Subject", mime.QEncoding.Encode("utf-8", clip(oneLine(msg.Subject), maxSubject)))
	h("Date", m.now().UTC().Format(time.RFC1123Z))
	h("Message-ID", messageID(from.Address))
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	for _, l := range msg.Lines {
		// A line is one line: a CR or LF inside it would end it.
		if _, err := io.WriteString(qp, strings.NewReplacer("\r", " ", "\n", " ").Replace(l)+"\r\n"); err != nil {
			return nil, fmt.Errorf("write mail body: %w", err)
		}
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("write mail body: %w", err)
	}
	return b.Bytes(), nil
}

// maxSubject bounds a subject, in bytes before encoding, so its header
// line stays well within 998 octets.
const maxSubject = 300

// messageID returns a new Message-ID, <random@domain of the sender>: the
// random part is 128 bits, unique without a counter shared by processes.
func messageID(from string) string {
	domain := "localhost"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i < len(from)-1 {
		domain = from[i+1:]
	}
	r := make([]byte, 16)
	_, _ = rand.Read(r) // crypto/rand.Read never fails (Go 1.24)
	return "<" + hex.EncodeToString(r) + "@" + domain + ">"
}
