package salesforce

import (
	"context"

	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/load"
)

// nativeRow is the row of a customer whose Account is known by its Id
// (load.Item.UUID, the crosswalked record): it updates that Account by Id
// and writes the external id onto it, so that later writes find it by the
// external-id field. An Id the org would refuse rejects the item.
func (l *Loader) nativeRow(o *load.Outcome, i int, it load.Item, f api.Fields) (row, bool) {
	id, ok := fullID(it.UUID)
	if !ok {
		reject(o, "customer %s: %q is not a valid %s Id", it.ExternalID, it.UUID, l.obj.Name)
		return row{}, false
	}
	f["Id"] = id
	if it.ExternalID != it.UUID {
		f[l.s.ExternalIDField] = it.ExternalID
	}
	return row{item: i, key: id, fields: f}, true
}

// updateByID writes rows of Accounts known by Id: only the fields that
// differ, by update (PATCH /composite/sobjects), never by upsert, so that an
// Account lacking the external id is updated, not duplicated. An Id the org
// does not hold rejects its item: nothing is created. must names fields sent
// with any change (a score's model).
func (l *Loader) updateByID(ctx context.Context, out []load.Outcome, rows []row, must ...string) error {
	if len(rows) == 0 {
		return nil
	}
	rows, have, err := l.onlyChanged(ctx, l.obj.Name, "Id", rows, must...)
	if err != nil {
		return err
	}
	var known []row
	for _, r := range rows {
		if _, ok := have[r.key]; !ok {
			reject(&out[r.item], "no %s with Id %s", l.obj.Name, r.key)
			continue
		}
		known = append(known, r)
	}
	rs, err := l.send(ctx, l.obj.Name, "", known)
	if err != nil {
		return err
	}
	apply(out, known, rs)
	return nil
}
