package jobs

import (
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

// pageDeletions adds the deletions of page that apply to c and returns the
// page's records that stand. A deletion applies only when the page holds no
// record with its key updated at or after the deletion time (a deletion
// without a time loses to any record with its key): a record re-created
// after its deletion stays staged. A record an applied deletion comes after
// is not staged.
func pageDeletions(job config.Job, page record.Page, c *store.PageCommit) []record.Record {
	if len(page.Deleted) == 0 {
		return page.Records
	}
	newest := make(map[string]time.Time, len(page.Records))
	for _, rec := range page.Records {
		if t, ok := newest[rec.Key]; !ok || rec.Updated.After(t) {
			newest[rec.Key] = rec.Updated
		}
	}
	gone := map[string]bool{}
	for _, d := range page.Deleted {
		if t, ok := newest[d.Key]; ok && (d.At.IsZero() || !t.Before(d.At)) {
			continue // the record is as new as the deletion, or newer
		}
		gone[d.Key] = true
		c.Deletions = append(c.Deletions, store.Deletion{DataType: job.DataType, Source: job.Extract.System, Key: d.Key, At: formatDeleted(d.At)})
	}
	c.Counts.Deleted = len(c.Deletions)
	kept := make([]record.Record, 0, len(page.Records))
	for _, rec := range page.Records {
		if !gone[rec.Key] {
			kept = append(kept, rec)
		}
	}
	return kept
}

// formatDeleted writes a deletion time in UTC ("" when the source gave none).
func formatDeleted(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// pageSnapshot marks c as a page of a snapshot pass (one reading every
// record of its source) with every key the page read, so that staging
// deletes the source's records the finished pass did not read. A record
// read without its key is kept as "": that pass deletes nothing.
func pageSnapshot(job config.Job, page record.Page, c *store.PageCommit) {
	if !page.Cursor.Snapshot {
		return
	}
	seen := make([]string, 0, len(page.Records)+len(page.Quarantined))
	for _, r := range page.Records {
		seen = append(seen, r.Key)
	}
	for _, q := range page.Quarantined {
		seen = append(seen, q.Key)
	}
	c.Snapshot = &store.Snapshot{DataType: job.DataType, Source: job.Extract.System, Seen: seen}
}
