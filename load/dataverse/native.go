package dataverse

import (
	"fmt"

	"github.com/stewardhq/steward/load"
)

// byNative addresses a customer's plan by its row's GUID when the item
// knows it (load.Item.UUID, the crosswalked record): the row is updated by
// PATCH accounts(<guid>) and given the external id, so that later writes
// find it by the external-id column. An upsert by the external id would
// create a second row beside one that lacks it.
func (l *Loader) byNative(p plan, it load.Item) (plan, string) {
	if l.dataType != "customers" || it.UUID == "" {
		return p, ""
	}
	if !guidRE.MatchString(it.UUID) {
		return p, fmt.Sprintf("customer %s: row id %q is not a Dataverse GUID", it.ExternalID, it.UUID)
	}
	p.key, p.native = it.UUID, true
	if it.ExternalID != it.UUID {
		p.cells = append(p.cells, cell{column: l.table.ExternalID, property: l.table.ExternalID, value: it.ExternalID})
	}
	return p, ""
}
