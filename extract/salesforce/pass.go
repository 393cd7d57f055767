package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// state is the extractor's own part of the cursor (record.Cursor.State):
// the daily allocation as last seen with steward's own use of it, and the
// keys delivered at the highest SystemModstamp so far.
type state struct {
	Quota api.QuotaState `json:"quota"`
	Tie   tie            `json:"tie"`
	// Pass is the set of keys the current pass delivered at its own highest
	// stamp: a query restarted there (expired locator) drops them even
	// below the watermark, inside the overlap window.
	Pass tie `json:"pass_tie"`
	// Began is when the current pass started by the server's clock (the
	// Date of its first answer, less beganMargin).
	Began time.Time `json:"began,omitzero"`
	// DeletedUntil is how far the deleted-records feed has been read
	// (its latestDateCovered): the next read starts there.
	DeletedUntil time.Time `json:"deleted_until,omitzero"`
}

// tie is the set of keys delivered at the stamp At.
type tie struct {
	At   time.Time `json:"at,omitzero"`
	Keys []string  `json:"keys,omitempty"`
}

func parseState(s string) (state, error) {
	var st state
	if s == "" {
		return st, nil
	}
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		return st, fmt.Errorf("%w: salesforce state: %v", record.ErrCorruptCursor, err)
	}
	return st, nil
}

// keep holds on to the keys only if they were seen at at.
func (t *tie) keep(at time.Time) {
	if !t.At.Equal(at) {
		t.At, t.Keys = time.Time{}, nil
	}
}

// seen reports whether r was already delivered at the tie stamp.
func (t *tie) seen(r record.Record) bool {
	return r.Updated.Equal(t.At) && slices.Contains(t.Keys, r.Key)
}

// add notes r as delivered.
func (t *tie) add(r record.Record) {
	switch {
	case r.Updated.After(t.At):
		t.At, t.Keys = r.Updated, []string{r.Key}
	case r.Updated.Equal(t.At):
		t.Keys = append(t.Keys, r.Key)
	}
}

// pass is one Extract call's reading.
type pass struct {
	x      *Extractor
	st     state
	client *api.Client
	until  time.Time
	// start and max are the pass's lower bound and highest stamp delivered.
	start, max time.Time
}

// run pages from link and, after the last page, adds the deletions.
func (p *pass) run(ctx context.Context, cur record.Cursor, link string, yield func(record.Page, error) bool) {
	p.start, p.max = cur.PassStart, cur.PassMax
	for pg, err := range extract.PagesWith(ctx, cur, link, p.page, extract.Options{}) {
		if err != nil {
			pg.Cursor.State = p.state()
			yield(pg, err)
			return
		}
		if !pg.Cursor.InPass() {
			if pg.Deleted, err = p.deleted(ctx); err != nil {
				p.failLast(pg, err, yield)
				return
			}
		}
		pg.Cursor.State = p.state()
		if !yield(pg, nil) {
			return
		}
	}
}

// failLast ends a pass whose deletions could not be read: a window the
// feed no longer holds is reported after the last page is yielded (stored;
// the next pass reads the feed from that window's end), any other failure
// withholds the page so that the next run reads it again.
func (p *pass) failLast(pg record.Page, err error, yield func(record.Page, error) bool) {
	if errors.Is(err, errDeletionsLost) {
		pg.Deleted = nil
		pg.Cursor.State = p.state()
		if !yield(pg, nil) {
			return
		}
	}
	yield(record.Page{URL: pg.URL}, err)
}

func (p *pass) state() string {
	p.st.Quota = p.client.Quota().State()
	b, _ := json.Marshal(p.st)
	return string(b)
}

// page fetches one query page; an expired locator restarts the query at the
// pass's highest stamp (inclusive), the keys delivered there dropped.
func (p *pass) page(ctx context.Context, link string) ([]record.Record, []record.Quarantined, string, error) {
	qp, err := p.client.Query(ctx, link)
	if ae, ok := api.AsAPIError(err); ok && ae.Has(api.CodeInvalidLocator) {
		from := p.max
		if from.IsZero() {
			from = p.start
		}
		p.x.log.Warn().Str("url", httpx.RedactString(link)).Time("restart_at", from).Msg("query locator expired; restarting the query at the pass's highest stamp")
		qp, err = p.client.Query(ctx, p.client.QueryURL(p.x.soql(from, p.until)))
	}
	var ue *api.UndecodableError
	if errors.Is(err, api.ErrNoItems) || errors.As(err, &ue) {
		return nil, nil, "", fmt.Errorf("%w: %w", extract.ErrMalformedPage, err)
	}
	if err != nil {
		return nil, nil, "", err
	}
	p.noteBegan()
	recs, bad := p.records(qp.Records, link)
	return recs, bad, qp.Next, nil
}

// beganMargin is taken off the Date of a pass's first answer: the query
// ran before the answer was stamped (in whole seconds), and reading a
// deletion twice is harmless where missing one is not.
const beganMargin = time.Minute

// noteBegan sets the pass's start by the server's clock from its first
// answer.
func (p *pass) noteBegan() {
	if at := p.client.ServerTime(); p.st.Began.IsZero() && !at.IsZero() {
		p.st.Began = at.Add(-beganMargin)
	}
}

// records maps a page's raw records; one that cannot be mapped is
// quarantined, one already delivered at the tie stamp is dropped.
func (p *pass) records(raws [][]byte, link string) ([]record.Record, []record.Quarantined) {
	var recs []record.Record
	var bad []record.Quarantined
	for i, raw := range raws {
		r, err := p.x.m.Map(raw)
		if err != nil {
			bad = append(bad, record.Quarantined{Key: keyOf(raw), Raw: record.Clip(raw),
				Reason: fmt.Sprintf("%s record %d of %s: %v", p.x.m.obj.Name, i, httpx.RedactString(link), err)})
			continue
		}
		if p.st.Tie.seen(r) || p.st.Pass.seen(r) {
			continue
		}
		p.st.Tie.add(r)
		p.st.Pass.add(r)
		if r.Updated.After(p.max) {
			p.max = r.Updated
		}
		recs = append(recs, r)
	}
	return recs, bad
}

// codeReplicationDate is getDeleted's refusal of a window, also when the
// delete log was purged past its start.
const codeReplicationDate = "INVALID_REPLICATION_DATE"

// errDeletionsLost marks a window of the deleted-records feed Salesforce no
// longer holds: deletions in it are not reported.
var errDeletionsLost = errors.New("deleted records cannot be read any more")

// maxDeletedAge is how far back the deleted-records feed reaches (30 days),
// less a margin.
const maxDeletedAge = 30*24*time.Hour - time.Hour

// minDeletedSpan is the shortest window asked of the deleted-records feed:
// getDeleted wants start more than one minute before end (both may be
// truncated to the minute).
const minDeletedSpan = 2 * time.Minute

// deleted reads the object's deletions from where the feed was last read
// (else from the pass's lower bound, or for a first pass from its start)
// up to the server's time of the pass's last answer, and remembers how far
// the answer covered. Every bound is the server's (Date headers, stamps,
// latestDateCovered), never steward's clock, which may stand elsewhere. A
// backfill window reports none: live passes do.
func (p *pass) deleted(ctx context.Context) ([]record.Deletion, error) {
	if !p.until.IsZero() {
		return nil, nil
	}
	start, end, err := p.deletedWindow()
	if err != nil {
		return nil, err
	}
	if oldest := end.Add(-maxDeletedAge); start.Before(oldest) {
		p.x.log.Warn().Time("from", start).Time("oldest", oldest).Msg("deletions older than the feed's 30 days cannot be read")
		start = oldest
	}
	if end.Sub(start) < minDeletedSpan {
		// Salesforce refuses a window of a minute or less
		// (INVALID_REPLICATION_DATE): a later pass reads it.
		if p.st.DeletedUntil.IsZero() {
			p.st.DeletedUntil = start
		}
		return nil, nil
	}
	ds, covered, err := p.client.DeletedSince(ctx, p.x.m.obj.Name, start, end)
	if ae, ok := api.AsAPIError(err); ok && ae.Has(codeReplicationDate) {
		p.st.DeletedUntil = end
		return nil, retry.Final(fmt.Errorf("%w: %s from %s to %s (a full pull finds them): %w", errDeletionsLost, p.x.m.obj.Name, api.FormatTime(start), api.FormatTime(end), err))
	}
	if err != nil {
		return nil, err
	}
	out := make([]record.Deletion, 0, len(ds))
	for _, d := range ds {
		if d.ID == "" {
			return nil, fmt.Errorf("deleted %s records: an entry has no id", p.x.m.obj.Name)
		}
		at, err := api.ParseTime(d.DeletedDate)
		if err != nil {
			return nil, fmt.Errorf("deleted %s record %s: deletedDate: %w", p.x.m.obj.Name, d.ID, err)
		}
		out = append(out, record.Deletion{Key: d.ID, At: at})
	}
	if covered.After(p.st.DeletedUntil) {
		p.st.DeletedUntil = covered
	}
	return out, nil
}

// deletedWindow is the feed's window by the server's clock: from where it
// was last read (else the pass's lower bound, else its start) to the Date
// of the pass's latest answer.
func (p *pass) deletedWindow() (time.Time, time.Time, error) {
	end := p.client.ServerTime()
	if end.IsZero() {
		return end, end, fmt.Errorf("read deleted %s records: the server's answers carry no Date header to bound the window by", p.x.m.obj.Name)
	}
	start := p.st.DeletedUntil
	switch {
	case start.IsZero() && !p.start.IsZero():
		start = p.start
	case start.IsZero():
		start = p.st.Began
	}
	if start.IsZero() {
		return start, end, fmt.Errorf("read deleted %s records: the pass's start by the server's clock is unknown", p.x.m.obj.Name)
	}
	if start.After(end) {
		p.x.log.Warn().Time("from", start).Time("server_time", end).Msg("the deleted-records feed was read up to a time after the server's clock; waiting for the server to reach it")
	}
	return start, end, nil
}
