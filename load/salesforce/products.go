package salesforce

import (
	"context"
	"encoding/json"
	"fmt"

	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// productFields maps a canonical product's fields to Product2 fields and its
// price in the org's currency ("" when the item carries none).
func (l *Loader) productFields(it load.Item) (api.Fields, string, error) {
	f := l.obj.Fields
	out := api.Fields{f["identifier"]: it.ExternalID, f["product_code"]: it.ExternalID}
	price := ""
	for _, name := range sortedNames(it.Fields) {
		raw := it.Fields[name]
		var err error
		switch name {
		case "name", "description":
			out[f[name]], err = valueText(name, raw)
		case "family":
			out[f[name]], err = text(name, raw)
		case "enabled":
			var b bool
			if err = json.Unmarshal(raw, &b); err != nil {
				err = fmt.Errorf("field enabled: want a boolean")
			}
			out[f[name]] = b
		case "price":
			price, err = l.priceOf(raw)
		default:
			err = fmt.Errorf("field %s has no Product2 field (name, description, family, enabled, price)", name)
		}
		if err != nil {
			return nil, "", err
		}
	}
	return out, price, nil
}

// valueText reads a text attribute's value: the one in locale en_US without
// channel, else the only one.
func valueText(name string, raw json.RawMessage) (any, error) {
	var vs []transform.Value
	if err := json.Unmarshal(raw, &vs); err != nil {
		return nil, fmt.Errorf("field %s: not a list of canonical values: %v", name, err)
	}
	for _, v := range vs {
		if v.Locale == "en_US" && v.Channel == "" || len(vs) == 1 {
			if v.Text == "" {
				return nil, nil
			}
			return v.Text, nil
		}
	}
	if len(vs) == 0 {
		return nil, nil
	}
	return nil, fmt.Errorf("field %s has no value in locale en_US without channel", name)
}

// priceOf reads the amount in the org's currency from the price values.
func (l *Loader) priceOf(raw json.RawMessage) (string, error) {
	var vs []transform.Value
	if err := json.Unmarshal(raw, &vs); err != nil {
		return "", fmt.Errorf("field price: not a list of canonical values: %v", err)
	}
	for _, v := range vs {
		for _, a := range v.Amounts {
			if a.Currency == l.s.Currency {
				if _, err := transform.Decimal(a.Amount); err != nil {
					return "", fmt.Errorf("field price: amount %q: %v", a.Amount, err)
				}
				return a.Amount, nil
			}
		}
	}
	return "", fmt.Errorf("field price has no amount in %s, the org's currency (settings.currency)", l.s.Currency)
}

// writeProducts upserts Product2 by the external-id field, then the
// products' entries in the standard price book.
func (l *Loader) writeProducts(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	out := initial(items)
	ext := l.s.ExternalIDField
	var rows []row
	prices := map[int]string{}
	for i, it := range items {
		if it.ExternalID == "" {
			reject(&out[i], "product has no SKU (the %s value to upsert by)", ext)
			continue
		}
		f, price, err := l.productFields(it)
		if err != nil {
			reject(&out[i], "product %s: %v", it.ExternalID, err)
			continue
		}
		if price != "" {
			prices[i] = price
		}
		rows = append(rows, row{item: i, key: it.ExternalID, fields: f})
	}
	all := rows
	rows, have, err := l.onlyChanged(ctx, l.obj.Name, ext, rows)
	if err != nil {
		return nil, err
	}
	rs, err := l.send(ctx, l.obj.Name, ext, rows)
	if err != nil {
		return nil, err
	}
	apply(out, rows, rs)
	ids := productIDs(have, rows, rs)
	if err := l.writePrices(ctx, out, all, ids, prices); err != nil {
		return nil, err
	}
	return out, nil
}

// productIDs are the Product2 Ids by SKU: from the upsert results, else as
// read.
func productIDs(have map[string]map[string]json.RawMessage, rows []row, rs []result) map[string]string {
	ids := map[string]string{}
	for k, cur := range have {
		var id string
		if json.Unmarshal(cur["Id"], &id) == nil {
			ids[k] = id
		}
	}
	for i, r := range rows {
		if rs[i].ok && rs[i].id != "" {
			ids[r.key] = rs[i].id
		}
	}
	return ids
}
