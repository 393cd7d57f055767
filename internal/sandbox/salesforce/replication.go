package salesforce

import (
	"net/http"
	"time"
)

// replicationDays is how far back the replication resources reach.
const replicationDays = 30

// deletedKeepDays is how long a deleted record stays in the recycle bin and
// the delete log: older deletions are purged, and a /deleted/ window
// starting before the purge is INVALID_REPLICATION_DATE (the client must do
// a full pull).
const deletedKeepDays = 15

// minDeletedSpan: /deleted/ wants start more than one minute before end
// (both truncated to the minute).
const minDeletedSpan = time.Minute

type deletedRecord struct {
	ID          string `json:"id"`
	DeletedDate string `json:"deletedDate"`
}

// replicated serves GET /sobjects/{Obj}/updated/ and /deleted/ with start
// and end (ISO-8601). Salesforce works in whole minutes: both bounds are
// truncated to the minute; start more than 30 days back or end before
// start is 400 INVALID_REPLICATION_DATE, and for /deleted/ so is a window
// of a minute or less, or one starting before the delete log's purge.
func (c *call) replicated(o *object, deleted bool) {
	if c.r.Method != http.MethodGet {
		methodNotAllowed(c.w, c.r, "GET,HEAD")
		return
	}
	start, end, ok := c.window()
	if !ok {
		return
	}
	c.e.mu.Lock()
	defer c.e.mu.Unlock()
	now := c.e.clock()
	if start.Before(now.Add(-replicationDays * 24 * time.Hour)) {
		writeErr(c.w, http.StatusBadRequest, "INVALID_REPLICATION_DATE", "startDate cannot be more than 30 days ago")
		return
	}
	latest := now.Truncate(time.Minute)
	if end.Before(latest) {
		latest = end
	}
	if deleted {
		c.deletedList(o, start, end, latest, now)
		return
	}
	ids := []string{}
	for _, r := range c.e.tables[o.Name].sorted() {
		if r.Deleted == nil && !r.Modified.Before(start) && r.Modified.Before(latest) {
			ids = append(ids, r.ID)
		}
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"ids": ids, "latestDateCovered": sfTime(latest)})
}

// deletedList answers /deleted/ for deletions in [start, latest); the
// caller holds e.mu.
func (c *call) deletedList(o *object, start, end, latest, now time.Time) {
	if end.Sub(start) <= minDeletedSpan {
		writeErr(c.w, http.StatusBadRequest, "INVALID_REPLICATION_DATE", "startDate must be more than one minute before endDate")
		return
	}
	earliest := c.e.purgeDeleted(now)
	if start.Before(earliest) {
		writeErr(c.w, http.StatusBadRequest, "INVALID_REPLICATION_DATE", "startDate is before the earliest date available, "+
			sfTime(earliest)+": the delete log was purged")
		return
	}
	out := []deletedRecord{}
	for _, r := range c.e.tables[o.Name].sorted() {
		if r.Deleted != nil && !r.Deleted.Before(start) && r.Deleted.Before(latest) {
			out = append(out, deletedRecord{ID: r.ID, DeletedDate: sfTime(*r.Deleted)})
		}
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"deletedRecords": out, "earliestDateAvailable": sfTime(earliest),
		"latestDateCovered": sfTime(latest)})
}

// purgeDeleted empties the recycle bin of deletions older than
// deletedKeepDays and returns the earliest date the delete log still
// covers; the caller holds e.mu.
func (e *Emulator) purgeDeleted(now time.Time) time.Time {
	earliest := now.Add(-deletedKeepDays * 24 * time.Hour).Truncate(time.Minute)
	for _, t := range e.tables {
		for id, r := range t.recs {
			if r.Deleted != nil && r.Deleted.Before(earliest) {
				t.put(id, nil)
			}
		}
	}
	return earliest
}

// window reads start and end; on failure it has answered 400.
func (c *call) window() (time.Time, time.Time, bool) {
	q := c.r.URL.Query()
	var bounds [2]time.Time
	for i, name := range []string{"start", "end"} {
		v := q.Get(name)
		t, err := parseReplicationTime(v)
		if err != nil {
			writeErr(c.w, http.StatusBadRequest, "INVALID_REPLICATION_DATE", "the "+name+" parameter must be an ISO-8601 date and time, got '"+v+"'")
			return time.Time{}, time.Time{}, false
		}
		bounds[i] = t.UTC().Truncate(time.Minute)
	}
	if bounds[1].Before(bounds[0]) {
		writeErr(c.w, http.StatusBadRequest, "INVALID_REPLICATION_DATE", "EndDate must chronologically follow the StartDate")
		return time.Time{}, time.Time{}, false
	}
	return bounds[0], bounds[1], true
}

// parseReplicationTime accepts 2024-05-01T00:00:00Z, +00:00 offsets,
// milliseconds and Salesforce's own +0000 form.
func parseReplicationTime(v string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	_, err := time.Parse(time.RFC3339, v)
	return time.Time{}, err
}
