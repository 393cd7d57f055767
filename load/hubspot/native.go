package hubspot

// splitNative separates the customers known by their company's object id
// (load.Item.UUID, the crosswalked record) from those upserted by the
// external id. A company known by id is updated by id and given the
// external-id property, so that later writes find it by that property: an
// upsert by the external id would create a second company beside one that
// lacks it.
func (l *Loader) splitNative(todo []pending) (byExt, native []pending) {
	if l.dataType != "customers" || l.idProperty == "" {
		return todo, nil
	}
	for _, p := range todo {
		if p.item.UUID == "" {
			byExt = append(byExt, p)
			continue
		}
		if p.item.ExternalID != p.item.UUID {
			p.props[l.idProperty] = p.item.ExternalID
		}
		p.key = p.item.UUID
		native = append(native, p)
	}
	return byExt, native
}

// byNativeID is the loader writing by object id: batch update, read by id,
// an id HubSpot does not hold rejected (nothing is created).
func (l *Loader) byNativeID() *Loader {
	u := *l
	u.op, u.idProperty = "update", ""
	return &u
}
