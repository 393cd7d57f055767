package salesforce

import (
	"strings"
	"time"
)

// writer applies one call's record writes under e.mu, logging them so that
// an allOrNone call can roll back.
type writer struct {
	e   *Emulator
	now time.Time
	log undo
}

func (e *Emulator) writer() *writer { return &writer{e: e, now: e.clock()} }

// insert creates a record of o; the caller converted fields.
func (w *writer) insert(o *object, fields map[string]any) (string, *recError) {
	if !o.Writable {
		return "", newRecError("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "entity type "+o.Name+" does not support insert")
	}
	var missing []string
	for _, f := range o.Fields {
		if v, ok := fields[f.Name]; f.Required && (!ok || v == nil || v == "") {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) > 0 {
		return "", newRecError("REQUIRED_FIELD_MISSING", "Required fields are missing: ["+strings.Join(missing, ", ")+"]", missing...)
	}
	for _, f := range o.Fields {
		if _, ok := fields[f.Name]; !ok && f.Default != nil {
			fields[f.Name] = f.Default
		}
	}
	if err := w.check(o, "", fields); err != nil {
		return "", err
	}
	t := w.e.tables[o.Name]
	next := t.next
	id := t.newID()
	w.log = append(w.log, func() { t.next = next })
	w.log.put(t, id, &record{Obj: o.Name, ID: id, Fields: fields, Created: w.now, Modified: w.now})
	return id, nil
}

// update changes the fields of record id of o.
func (w *writer) update(o *object, id string, fields map[string]any) *recError {
	if !o.Writable {
		return newRecError("CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY", "entity type "+o.Name+" does not support update")
	}
	t := w.e.tables[o.Name]
	rec := t.recs[id]
	switch {
	case rec == nil:
		return newRecError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id")
	case rec.Deleted != nil:
		return newRecError("ENTITY_IS_DELETED", "entity is deleted")
	}
	for _, f := range o.Fields {
		if v, ok := fields[f.Name]; ok && f.Required && (v == nil || v == "") {
			return newRecError("REQUIRED_FIELD_MISSING", "Required fields are missing: ["+f.Name+"]", f.Name)
		}
	}
	if err := w.check(o, id, fields); err != nil {
		return err
	}
	w.log.put(t, id, rec.with(fields, w.now))
	return nil
}

// check verifies references and external id uniqueness for a write of
// record self (empty on create).
func (w *writer) check(o *object, self string, fields map[string]any) *recError {
	for _, f := range o.Fields {
		v, ok := fields[f.Name].(string)
		if !ok || v == "" {
			continue
		}
		if f.Ref != "" {
			if err := w.reference(f, v, fields); err != nil {
				return err
			}
		}
		if f.ExtID {
			for _, other := range w.e.tables[o.Name].byExt(f.Name, v) {
				if other.ID != self {
					return newRecError("DUPLICATE_VALUE", "duplicate value found: "+f.Name+
						" duplicates value on record with id: "+other.ID, f.Name)
				}
			}
		}
	}
	return w.priceUnique(o, self, fields)
}

// reference normalizes a reference id in fields and checks its target.
func (w *writer) reference(f field, v string, fields map[string]any) *recError {
	id, err := normalizeID(v)
	if err != nil {
		return newRecError("MALFORMED_ID", f.Name+": id value of incorrect type: "+v, f.Name)
	}
	target := w.e.tables[f.Ref].recs[id]
	if target == nil || target.Deleted != nil {
		return newRecError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", f.Name)
	}
	fields[f.Name] = id
	return nil
}

// priceUnique refuses a second price book entry of a product in a price
// book (and currency, in a multi-currency org), as Salesforce does.
func (w *writer) priceUnique(o *object, self string, fields map[string]any) *recError {
	if o.Name != "PricebookEntry" || self != "" {
		return nil
	}
	for _, r := range w.e.tables[o.Name].recs {
		if r.Deleted == nil && r.Fields["Product2Id"] == fields["Product2Id"] && r.Fields["Pricebook2Id"] == fields["Pricebook2Id"] &&
			r.Fields[currencyField.Name] == fields[currencyField.Name] {
			return newRecError("DUPLICATE_VALUE", "This price definition already exists in this price book")
		}
	}
	return nil
}

// remove deletes record id of o (to the recycle bin: queryAll and the
// deleted resource still see it).
func (w *writer) remove(o *object, id string) *recError {
	t := w.e.tables[o.Name]
	rec := t.recs[id]
	switch {
	case rec == nil:
		return newRecError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id")
	case rec.Deleted != nil:
		return newRecError("ENTITY_IS_DELETED", "entity is deleted")
	}
	d := w.now
	gone := rec.with(nil, w.now)
	gone.Deleted = &d
	w.log.put(t, id, gone)
	return nil
}
