package hubspot

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// Locale is the locale a product's name and description are read in.
const Locale = "en_US"

// customerFields and leadFields are the canonical fields read from companies
// and contacts (id and changed come from the object itself).
var (
	customerFields = []string{"external_id", "name", "vat_id", "street", "postal_code", "city", "country", "contact_name", "email", "phone", "owner"}
	leadFields     = []string{"email", "first_name", "last_name", "phone", "company", "domain", "country", "message", "products_of_interest", "owner"}
	productFields  = []string{"identifier", "name", "description", "price"}
)

// mapper turns one HubSpot object into a record of its canonical type.
type mapper struct {
	obj      api.ObjectMap
	fields   []string
	settings api.Settings
	// build makes the canonical value from the mapped properties.
	build func(o api.Object, props map[string]string, changed time.Time) (any, error)
}

// record decodes one result and maps it; a result that cannot be read is
// returned as quarantined.
func (m mapper) record(raw json.RawMessage, where string) (record.Record, *record.Quarantined) {
	var o api.Object
	if err := json.Unmarshal(raw, &o); err != nil {
		key := rawID(raw)
		return record.Record{}, &record.Quarantined{Key: key, Raw: record.Clip(raw), Reason: fmt.Sprintf("object %q on %s cannot be decoded: %v", key, where, err)}
	}
	r, err := m.mapObject(o)
	if err != nil {
		return record.Record{}, &record.Quarantined{Key: o.ID, Raw: record.Clip(raw), Reason: fmt.Sprintf("object %q on %s: %v", o.ID, where, err)}
	}
	return r, nil
}

func (m mapper) mapObject(o api.Object) (record.Record, error) {
	if o.ID == "" {
		return record.Record{}, fmt.Errorf("no id")
	}
	changed, err := m.changed(o)
	if err != nil {
		return record.Record{}, err
	}
	props := map[string]string{}
	for _, f := range m.fields {
		if p, ok := m.obj.Fields[f]; ok {
			props[f] = o.Prop(p)
		}
	}
	v, err := m.build(o, props, changed)
	if err != nil {
		return record.Record{}, err
	}
	payload, err := json.Marshal(v)
	if err != nil {
		return record.Record{}, fmt.Errorf("encode canonical record: %w", err)
	}
	return record.Record{Key: o.ID, Updated: changed, Payload: payload}, nil
}

// changed reads the modified-date property (ISO-8601 or epoch
// milliseconds), or updatedAt when the property is absent.
func (m mapper) changed(o api.Object) (time.Time, error) {
	v := o.Prop(m.obj.Modified)
	if v == "" {
		if o.UpdatedAt.IsZero() {
			return time.Time{}, fmt.Errorf("neither %s nor updatedAt is set", m.obj.Modified)
		}
		return o.UpdatedAt.UTC(), nil
	}
	t, err := ParseTime(v)
	if err != nil {
		return time.Time{}, fmt.Errorf("property %s: %w", m.obj.Modified, err)
	}
	return t, nil
}

// ParseTime reads a HubSpot date-time property: ISO-8601 or epoch
// milliseconds.
func ParseTime(v string) (time.Time, error) {
	if ms, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither ISO-8601 nor epoch milliseconds", v)
	}
	return t.UTC(), nil
}

// viaJSON fills a canonical struct from canonical field names.
func viaJSON(fields map[string]any, v any) error {
	b, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func customer(o api.Object, props map[string]string, changed time.Time) (any, error) {
	m := map[string]any{"id": o.ID, "changed": changed}
	for k, v := range props {
		m[k] = v
	}
	var c transform.Customer
	return &c, viaJSON(m, &c)
}

func lead(o api.Object, props map[string]string, changed time.Time) (any, error) {
	m := map[string]any{"id": o.ID, "changed": changed}
	if !o.CreatedAt.IsZero() {
		m["created"] = o.CreatedAt.UTC()
	}
	for k, v := range props {
		m[k] = v
	}
	var l transform.Lead
	return &l, viaJSON(m, &l)
}

// product builds the system-neutral product: SKU, name and description in
// Locale, the price in the configured currency.
func (m mapper) product(o api.Object, props map[string]string, changed time.Time) (any, error) {
	p := transform.Product{ID: o.ID, Identifier: props["identifier"], Enabled: !o.Archived, Updated: changed}
	for _, a := range []string{"name", "description"} {
		if v := props[a]; v != "" {
			p.Values = append(p.Values, transform.Value{Attribute: a, Locale: Locale, Kind: transform.KindText, Text: v})
		}
	}
	if price := strings.TrimSpace(props["price"]); price != "" {
		if m.settings.PriceCurrency == "" {
			return nil, fmt.Errorf("price %q but no price_currency is configured", price)
		}
		if _, err := strconv.ParseFloat(price, 64); err != nil {
			return nil, fmt.Errorf("price %q is not a decimal", price)
		}
		p.Values = append(p.Values, transform.Value{Attribute: m.settings.PriceAttribute, Kind: transform.KindPrices,
			Amounts: []transform.PriceValue{{Amount: price, Currency: m.settings.PriceCurrency}}})
	}
	return &p, nil
}
