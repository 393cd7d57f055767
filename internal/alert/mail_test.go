package alert_test

import (
	"io"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
)

// TestMailHeaders: every mail carries a unique Message-ID at the sender's
// domain, an RFC 5322 Date of the clock, MIME-Version, a text/plain utf-8
// Content-Type and a body in a transfer encoding that brings a non-ASCII
// job name and error text through intact; a job name or error carrying
// CR/LF adds no header and no recipient.
func TestMailHeaders(t *testing.T) {
	f := newFixture(t, config.JobAlerts{Channels: []string{"ops-mail"}})
	job := "Prix-Änderung\r\nBcc: evil@example.com"
	f.cfg.Jobs[0].Name = job
	w := f.watcher(f.st, "w")
	f.check(w)
	errText := "Größe überschritten für Artikel «Käse»\rBcc: evil@example.com\r\nTo: evil@example.com"
	f.run(job, store.TriggerSchedule, store.StatusFailed, errText)
	f.run(job, store.TriggerSchedule, store.StatusPartial, "暫定")
	f.check(w)
	got := f.sink.got()
	if len(got) != 2 {
		t.Fatalf("sink got %d mails, want 2", len(got))
	}
	ids := map[string]bool{}
	for _, m := range got {
		msg := readMail(t, m)
		ids[msg.Header.Get("Message-ID")] = true
		wantHeaders(t, msg, f.clock.Now())
		if len(m.to) != 2 {
			t.Errorf("envelope recipients %v, want the two configured", m.to)
		}
	}
	if len(ids) != 2 {
		t.Errorf("message ids %v, want two different ones", ids)
	}
	msg := readMail(t, got[0])
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || !strings.Contains(subject, "[steward] Prix-Änderung Bcc: ") {
		t.Errorf("subject %q (%v), want the job name on one line", subject, err)
	}
	body := decodeBody(t, msg)
	if !strings.Contains(body, "Größe überschritten für Artikel «Käse»") || !strings.Contains(body, "Job Prix-Änderung") {
		t.Errorf("body lost its non-ASCII text:\n%s", body)
	}
}

// readMail parses a received mail with net/mail, failing on a header line
// longer than RFC 5322's 998 octets.
func readMail(t *testing.T, m mail) *netmail.Message {
	t.Helper()
	for _, l := range strings.Split(m.data, "\r\n") {
		if len(l) > 998 {
			t.Errorf("mail line of %d octets", len(l))
		}
	}
	msg, err := netmail.ReadMessage(strings.NewReader(m.data))
	if err != nil {
		t.Fatalf("parse mail: %v\n%s", err, m.data)
	}
	return msg
}

// wantHeaders checks the headers every mail must carry, and that there
// are no others.
func wantHeaders(t *testing.T, msg *netmail.Message, now time.Time) {
	t.Helper()
	h := msg.Header
	allowed := map[string]bool{"From": true, "To": true, "Subject": true, "Date": true, "Message-Id": true,
		"Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true}
	for k, vs := range h {
		if !allowed[k] || len(vs) != 1 {
			t.Errorf("header %s: %q is not one of the mail's headers (injected?)", k, vs)
		}
	}
	id := h.Get("Message-ID")
	if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.com>") || len(id) < len("<@example.com>")+16 {
		t.Errorf("Message-ID %q, want <random@example.com>", id)
	}
	if d, err := h.Date(); err != nil || !d.Equal(now) {
		t.Errorf("Date %q = %v (%v), want %v", h.Get("Date"), d, err, now)
	}
	if v := h.Get("MIME-Version"); v != "1.0" {
		t.Errorf("MIME-Version %q", v)
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "text/plain" || strings.ToLower(params["charset"]) != "utf-8" {
		t.Errorf("Content-Type %q (%v)", h.Get("Content-Type"), err)
	}
	if to, err := h.AddressList("To"); err != nil || len(to) != 2 {
		t.Errorf("To %q (%v), want the two recipients", h.Get("To"), err)
	}
}

// decodeBody reads the body in its transfer encoding.
func decodeBody(t *testing.T, msg *netmail.Message) string {
	t.Helper()
	r := msg.Body
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "8bit":
	default:
		t.Fatalf("Content-Transfer-Encoding %q, want quoted-printable or 8bit", cte)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
