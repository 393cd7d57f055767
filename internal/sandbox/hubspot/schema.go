package hubspot

// prop is a property definition of an object type (GET
// /crm/v3/properties/{type}). Type is HubSpot's: string, number, datetime,
// enumeration.
type prop struct {
	Name, Label, Type, FieldType string
	Unique, ReadOnly             bool
	// owner marks hubspot_owner_id: its value must be an owner's id.
	owner bool
}

// Objects are the object types the emulator serves.
var Objects = []string{"contacts", "companies", "products"}

// Modified is the modified-date property of each object type (contacts
// lastmodifieddate, the others hs_lastmodifieddate).
var Modified = map[string]string{"contacts": "lastmodifieddate", "companies": "hs_lastmodifieddate", "products": "hs_lastmodifieddate"}

func str(name, label string) prop {
	return prop{Name: name, Label: label, Type: "string", FieldType: "text"}
}
func num(name, label string) prop {
	return prop{Name: name, Label: label, Type: "number", FieldType: "number"}
}

// system are the read-only properties every object has, after the modified
// date.
func system(modified string) []prop {
	return []prop{
		{Name: "hs_object_id", Label: "Record ID", Type: "number", FieldType: "number", ReadOnly: true, Unique: true},
		{Name: "createdate", Label: "Create Date", Type: "datetime", FieldType: "date", ReadOnly: true},
		{Name: modified, Label: "Last Modified Date", Type: "datetime", FieldType: "date", ReadOnly: true},
	}
}

func ownerProp() prop {
	return prop{Name: "hubspot_owner_id", Label: "Owner", Type: "enumeration", FieldType: "select", owner: true}
}

// schemas are the properties of each object type (PROTOCOLS.md §3.7 and the
// sandbox schema contract).
func schemas() map[string][]prop {
	email := str("email", "Email")
	email.Unique = true
	extID := str("steward_external_id", "Steward external ID")
	extID.Unique = true
	sku := str("hs_sku", "SKU")
	sku.Unique = true
	return map[string][]prop{
		"contacts": append(system("lastmodifieddate"), email, str("firstname", "First Name"), str("lastname", "Last Name"),
			str("phone", "Phone Number"), str("company", "Company Name"), str("website", "Website URL"), str("country", "Country"),
			str("message", "Message"), str("product_interest", "Product interest"), ownerProp(),
			num("steward_score", "Steward score"), str("steward_score_model", "Steward score model"),
			str("steward_score_reasons", "Steward score reasons"), str("steward_matched_products", "Steward matched products"),
			str("steward_next_steps", "Steward next steps")),
		"companies": append(system("hs_lastmodifieddate"), str("name", "Company name"), str("domain", "Company Domain Name"), extID,
			str("vat_id", "VAT ID"), str("address", "Street Address"), str("zip", "Postal Code"), str("city", "City"),
			str("country", "Country/Region"), str("phone", "Phone Number"), ownerProp()),
		"products": append(system("hs_lastmodifieddate"), str("name", "Name"), sku, num("price", "Unit price"),
			str("description", "Description"), num("hs_cost_of_goods_sold", "Unit cost")),
	}
}

// defaultProps are the properties a read returns when it names none.
var defaultProps = map[string][]string{
	"contacts":  {"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"},
	"companies": {"createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"},
	"products":  {"createdate", "description", "hs_lastmodifieddate", "hs_object_id", "name", "price"},
}

// alwaysProps are returned with every read besides those asked for.
func alwaysProps(typ string) []string { return []string{"createdate", Modified[typ], "hs_object_id"} }
