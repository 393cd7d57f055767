package jobs

import (
	"encoding/json"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/privacy"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

// pii returns the run's pseudonymizer: Privacy, or the config key's.
func (r *Runner) pii() *privacy.Pseudonymizer {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Privacy == nil {
		r.Privacy = privacy.FromConfig(r.Config)
	}
	return r.Privacy
}

// personal returns the personal fields of the job's data type (none for an
// unknown one).
func (r *Runner) personal(job config.Job) []string {
	dt, err := r.dataType(job)
	if err != nil {
		return nil
	}
	return dt.PII
}

// protectPage learns the personal values of the page's records, so that a
// message quoting one anywhere later carries its token, and pseudonymizes
// what the page quarantines: the reason, and the raw bytes (see
// privacy.Raw). Staged rows and writes keep plain values.
func (r *Runner) protectPage(job config.Job, recs []record.Record, c *store.PageCommit) {
	fields := r.personal(job)
	if len(fields) == 0 {
		return
	}
	p := r.pii()
	var values []string
	for _, rec := range recs {
		values = personalValues(values, rec.Payload, fields)
	}
	// one call: the bound of the learned values never drops part of a page
	p.Learn(values...)
	for i, q := range c.Quarantine {
		c.Quarantine[i].Reason = p.TextOf(q.Reason, q.Raw)
		c.Quarantine[i].Raw = p.Raw(q.Raw)
	}
	// a page's address may filter by a personal value
	c.PageURL = p.Text(c.PageURL)
}

// personalValues appends the values of the personal fields of a canonical
// payload to values (one that does not decode has none).
func personalValues(values []string, payload []byte, fields []string) []string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(payload, &obj) != nil {
		return values
	}
	for _, f := range fields {
		var s string
		if v, ok := obj[f]; ok && json.Unmarshal(v, &s) == nil {
			values = append(values, s)
		}
	}
	return values
}

// learnWrites learns the personal values of writes about to be sent, so
// that a connector's log line or a batch error quoting one carries its
// token: a write may have been queued by an earlier process (a replay, a
// run resuming the outbox), whose pages this one never read.
func (r *Runner) learnWrites(job config.Job, items []store.OutboxItem) {
	fields := r.personal(job)
	if len(fields) == 0 {
		return
	}
	var values []string
	for _, it := range items {
		values = personalValues(values, it.Payload, fields)
	}
	r.pii().Learn(values...)
}

// protectSettle pseudonymizes what a rejected write of the job leaves in
// the dead-letter table: its reason (which may quote a value) and the
// payload it keeps.
func (r *Runner) protectSettle(job config.Job, payload []byte, s *store.Settle) {
	fields := r.personal(job)
	if len(fields) == 0 || s.Status != store.OutboxDead {
		return
	}
	p := r.pii()
	s.Reason = p.TextOf(s.Reason, payload)
	if letter, err := p.Fields(payload, fields); err == nil {
		s.Letter = letter
	} else {
		s.Letter = p.Raw(payload)
	}
}

// errorText is a run error as the run history and the log keep it.
func (r *Runner) errorText(err error) string {
	if err == nil {
		return ""
	}
	return r.pii().Text(err.Error())
}

// privateErr returns a run error's text as the run history keeps it, and
// the error with that text for the command that prints it.
func (r *Runner) privateErr(err error) (string, error) {
	text := r.errorText(err)
	if err == nil || text == err.Error() {
		return text, err
	}
	return text, &privateError{err: err, text: text}
}

// privateError is a run error whose text has its personal values replaced
// by tokens; errors.Is and errors.As still see the error it wraps.
type privateError struct {
	err  error
	text string
}

func (e *privateError) Error() string { return e.text }

// Unwrap returns the run's own error.
func (e *privateError) Unwrap() error { return e.err }
