package dataverse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/internal/record"
)

// records turns a page's entities into records, deletions and quarantined
// items; keys this run delivered already are dropped.
func (p *pass) records(pg dataverse.Page) (record.Page, error) {
	out := record.Page{URL: pg.URL}
	for i, raw := range pg.Value {
		var r row
		if err := json.Unmarshal(raw, &r); err != nil {
			out.Quarantined = append(out.Quarantined, p.quarantine(raw, pg, i, err))
			continue
		}
		if key, ok := removed(r); ok {
			if strings.TrimSpace(key) == "" {
				out.Quarantined = append(out.Quarantined, p.quarantine(raw, pg, i, fmt.Errorf("removed entity without its id")))
				continue
			}
			out.Deleted = append(out.Deleted, record.Deletion{Key: key})
			continue
		}
		rec, err := p.record(r)
		if err != nil {
			q := p.quarantine(raw, pg, i, err)
			if rec.Key != "" {
				q.Key = rec.Key
			}
			out.Quarantined = append(out.Quarantined, q)
			continue
		}
		if p.seen[rec.Key] {
			continue
		}
		p.seen[rec.Key] = true
		p.cur.Observe(rec.Updated)
		out.Records = append(out.Records, rec)
	}
	return out, nil
}

// record maps one row; the returned record carries its key even on error.
func (p *pass) record(r row) (record.Record, error) {
	t := p.e.table
	key, err := r.text(t.ID)
	if err != nil || key == "" {
		return record.Record{}, fmt.Errorf("row without its key %s", t.ID)
	}
	rec := record.Record{Key: key}
	if rec.Updated, err = r.time(t.ChangeField); err != nil {
		return rec, err
	}
	rec.Payload, err = canonical(p.e.dataType, t, r, key, rec.Updated, p.e.api.Settings().PriceCurrency)
	return rec, err
}

// removed reports a delta's removed entity and its key: OData 4.0
// {"@odata.context":"…$deletedEntity","id":"<guid>","reason":…} or 4.01
// {"@removed":{…},"@id":"…accounts(<guid>)"}.
func removed(r row) (string, bool) {
	var ctx string
	_ = json.Unmarshal(r["@odata.context"], &ctx)
	if strings.HasSuffix(ctx, "$deletedEntity") {
		var id string
		_ = json.Unmarshal(r["id"], &id)
		return id, true
	}
	if _, ok := r["@removed"]; ok {
		var id string
		_ = json.Unmarshal(r["@id"], &id)
		if m := idInLink.FindStringSubmatch(id); m != nil {
			id = m[1]
		}
		return id, true
	}
	return "", false
}

var idInLink = regexp.MustCompile(`\(([^()]*)\)$`)

// quarantine keeps one entity that could not be read, with its raw bytes,
// the key found in its text and the reason.
func (p *pass) quarantine(raw []byte, pg dataverse.Page, i int, err error) record.Quarantined {
	key := ""
	re := regexp.MustCompile(`"` + regexp.QuoteMeta(p.e.table.ID) + `"\s*:\s*"([^"\\]*)"`)
	if m := re.FindSubmatch(raw); m != nil {
		key = string(bytes.TrimSpace(m[1]))
	}
	return record.Quarantined{Key: key, Raw: record.Clip(raw),
		Reason: fmt.Sprintf("%s entity %d (key %q) on page %s cannot be read: %v", p.e.table.EntitySet, i+1, key, pg.URL, err)}
}
