package salesforce

import (
	"context"
	"encoding/json"
	"fmt"

	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/load"
)

// Price book entry fields (standard objects).
const (
	entryObject   = "PricebookEntry"
	unitPrice     = "UnitPrice"
	currencyField = "CurrencyIsoCode"
)

// writePrices upserts the standard price book entries ("<SKU>-<CUR>" by the
// external-id field) of the products not rejected; Product2Id and
// Pricebook2Id (and CurrencyIsoCode in a multi-currency org) go only with a
// new entry (they cannot be updated), as the diff against the entries read
// leaves them out of an existing one.
func (l *Loader) writePrices(ctx context.Context, out []load.Outcome, all []row, ids map[string]string, prices map[int]string) error {
	ext := l.s.ExternalIDField
	var rows []row
	for _, r := range all {
		price, ok := prices[r.item]
		if !ok || out[r.item].Status == load.Rejected {
			continue
		}
		pid, ok := ids[r.key]
		if !ok {
			reject(&out[r.item], "product %s: no Product2 Id to attach its price to", r.key)
			continue
		}
		key := r.key + "-" + l.s.Currency
		fields := api.Fields{ext: key, unitPrice: json.Number(price), "IsActive": true, "Product2Id": pid}
		if l.s.MultiCurrency {
			fields[currencyField] = l.s.Currency
		}
		rows = append(rows, row{item: r.item, key: key, fields: fields})
	}
	if len(rows) == 0 {
		return nil
	}
	pb, err := l.standardPricebook(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		r.fields["Pricebook2Id"] = pb
	}
	rows, have, err := l.onlyChanged(ctx, entryObject, ext, rows)
	if err != nil {
		return err
	}
	if err := l.adoptEntries(ctx, pb, rows, have); err != nil {
		return err
	}
	rs, err := l.send(ctx, entryObject, ext, rows)
	if err != nil {
		return err
	}
	for i, r := range rows {
		if rs[i].ok {
			out[r.item].Status = load.Written
		} else {
			reject(&out[r.item], "price book entry %s: %s", r.key, rs[i].reason)
		}
	}
	return nil
}

// standardPricebook reads the standard price book's Id once per loader.
func (l *Loader) standardPricebook(ctx context.Context) (string, error) {
	if l.pricebook != "" {
		return l.pricebook, nil
	}
	recs, err := l.c.QueryAll(ctx, "SELECT Id FROM Pricebook2 WHERE IsStandard = true")
	if err != nil {
		return "", fmt.Errorf("read the standard price book: %w", err)
	}
	if len(recs) != 1 {
		return "", fmt.Errorf("read the standard price book: %d found, want 1", len(recs))
	}
	var id string
	if err := json.Unmarshal(recs[0]["Id"], &id); err != nil || id == "" {
		return "", fmt.Errorf("read the standard price book: no Id")
	}
	l.pricebook = id
	return id, nil
}
