package salesforce

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	api "github.com/stewardhq/steward/internal/api/salesforce"
)

// adoptEntries finds, for the rows about to create a standard price book
// entry (their key was not found), the product's entry a person made
// without an external id: Salesforce allows one entry per product and price
// book (and currency), so creating a second fails with DUPLICATE_VALUE on every run. Such
// an entry (the product's only one in the book) is given the row's key, and
// the row loses Product2Id and Pricebook2Id so that its upsert updates it.
func (l *Loader) adoptEntries(ctx context.Context, pb string, rows []row, have map[string]map[string]json.RawMessage) error {
	ext := l.s.ExternalIDField
	byProduct := map[string]int{}
	var pids []string
	for i, r := range rows {
		if _, found := have[r.key]; found {
			continue
		}
		pid, _ := r.fields["Product2Id"].(string)
		byProduct[pid] = i
		pids = append(pids, pid)
	}
	entries, err := l.standardEntries(ctx, pb, pids)
	if err != nil {
		return err
	}
	var tags []api.Fields
	var adopted []int
	for pid, es := range entries {
		var id, key string
		_ = json.Unmarshal(es[0]["Id"], &id)
		_ = json.Unmarshal(es[0][ext], &key)
		if i, ok := byProduct[pid]; ok && len(es) == 1 && key == "" && id != "" {
			tags = append(tags, api.Fields{"Id": id, ext: rows[i].key})
			adopted = append(adopted, i)
		}
	}
	for start := 0; start < len(tags); start += l.s.BatchSize {
		end := min(start+l.s.BatchSize, len(tags))
		rs, err := l.c.UpdateCollection(ctx, entryObject, tags[start:end])
		if err != nil {
			return err
		}
		for j, r := range rs {
			// An entry not tagged keeps its row a create, refused with
			// the org's own reason.
			if i := adopted[start+j]; r.Success {
				delete(rows[i].fields, "Product2Id")
				delete(rows[i].fields, "Pricebook2Id")
				delete(rows[i].fields, currencyField)
			}
		}
	}
	return nil
}

// currencyFilter narrows a price book entry query to the org's currency in
// a multi-currency org (one entry per product, book and currency there).
func (l *Loader) currencyFilter() string {
	if !l.s.MultiCurrency {
		return ""
	}
	return " AND " + currencyField + " = " + api.Quote(l.s.Currency)
}

// standardEntries reads the entries of the products pids in price book pb,
// by product.
func (l *Loader) standardEntries(ctx context.Context, pb string, pids []string) (map[string][]map[string]json.RawMessage, error) {
	entries := map[string][]map[string]json.RawMessage{}
	for chunk := range slices.Chunk(pids, inChunk) {
		quoted := make([]string, len(chunk))
		for i, p := range chunk {
			quoted[i] = api.Quote(p)
		}
		recs, err := l.c.QueryAll(ctx, "SELECT Id, Product2Id, "+l.s.ExternalIDField+" FROM "+entryObject+
			" WHERE Pricebook2Id = "+api.Quote(pb)+l.currencyFilter()+" AND Product2Id IN ("+strings.Join(quoted, ", ")+")")
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			var pid string
			_ = json.Unmarshal(r["Product2Id"], &pid)
			entries[pid] = append(entries[pid], r)
		}
	}
	return entries, nil
}
