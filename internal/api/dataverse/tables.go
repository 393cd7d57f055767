package dataverse

import (
	"maps"
	"slices"
)

// DefaultTables are the tables and column maps of the sandbox schemas
// (brief8-sandbox-schemas.md): accounts for customers, leads for leads and
// lead_scores, products for products.
func DefaultTables() map[string]Table {
	return map[string]Table{
		"customers": {EntitySet: "accounts", ID: "accountid", ExternalID: "accountnumber", Mode: ModeTrackChanges, ChangeField: "modifiedon",
			Fields: map[string]string{"external_id": "accountnumber", "name": "name", "vat_id": "stw_vatid", "street": "address1_line1",
				"postal_code": "address1_postalcode", "city": "address1_city", "country": "address1_country", "phone": "telephone1",
				"email": "emailaddress1", "owner": "_ownerid_value"}},
		"leads": {EntitySet: "leads", ID: "leadid", Mode: ModeTrackChanges, ChangeField: "modifiedon",
			Fields: map[string]string{"email": "emailaddress1", "first_name": "firstname", "last_name": "lastname", "phone": "telephone1",
				"company": "companyname", "domain": "websiteurl", "country": "address1_country", "message": "description",
				"products_of_interest": "stw_productinterest", "owner": "_ownerid_value"}},
		"lead_scores": {EntitySet: "leads", ID: "leadid", Mode: ModeTrackChanges, ChangeField: "modifiedon",
			Fields: map[string]string{"score": "stw_score", "model": "stw_scoremodel", "reasons": "stw_scorereasons"}},
		"products": {EntitySet: "products", ID: "productid", ExternalID: "productnumber", Mode: ModeTrackChanges, ChangeField: "modifiedon",
			Fields: map[string]string{"identifier": "productnumber", "name": "name", "description": "description", "price": "price"}},
	}
}

// mergeTables lays the configured tables over the defaults: a set name,
// key or mode replaces the default's, a field map entry adds to or replaces
// the default's entry for that canonical field.
func mergeTables(def, cfg map[string]Table) map[string]Table {
	out := maps.Clone(def)
	for dt, c := range cfg {
		t := out[dt]
		pick := func(dst *string, v string) {
			if v != "" {
				*dst = v
			}
		}
		pick(&t.EntitySet, c.EntitySet)
		pick(&t.ID, c.ID)
		pick(&t.ExternalID, c.ExternalID)
		pick(&t.Mode, c.Mode)
		pick(&t.ChangeField, c.ChangeField)
		if t.Mode == "" {
			t.Mode = ModeTrackChanges
		}
		if t.ChangeField == "" {
			t.ChangeField = "modifiedon"
		}
		fields := maps.Clone(t.Fields)
		if fields == nil {
			fields = map[string]string{}
		}
		maps.Copy(fields, c.Fields)
		t.Fields = fields
		out[dt] = t
	}
	return out
}

// Column returns the native column of a canonical field.
func (t Table) Column(canonical string) (string, bool) {
	c, ok := t.Fields[canonical]
	return c, ok && c != ""
}

// Select lists the columns a read asks for: the key, the change field and
// every mapped column, each once, in a stable order.
func (t Table) Select() []string {
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	add(t.ID)
	add(t.ChangeField)
	for _, k := range sortedKeys(t.Fields) {
		add(t.Fields[k])
	}
	return out
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
