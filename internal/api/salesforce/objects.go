package salesforce

// DefaultObjects are the sandbox schema's mappings (brief8-sandbox-schemas):
// canonical field → native field, per data type. A config overrides them
// field by field.
var DefaultObjects = map[string]Object{
	"customers": {Name: "Account", Fields: map[string]string{
		"id": "Id", "external_id": "External_ID__c", "name": "Name", "vat_id": "VAT_ID__c",
		"street": "BillingStreet", "postal_code": "BillingPostalCode", "city": "BillingCity",
		"country": "BillingCountry", "phone": "Phone", "owner": "OwnerId", "changed": "SystemModstamp",
	}},
	"leads": {Name: "Lead", Fields: map[string]string{
		"id": "Id", "email": "Email", "first_name": "FirstName", "last_name": "LastName", "phone": "Phone",
		"company": "Company", "domain": "Website", "country": "Country", "message": "Description",
		"products_of_interest": "Product_Interest__c", "owner": "OwnerId",
		"created": "CreatedDate", "changed": "SystemModstamp",
	}},
	"lead_scores": {Name: "Lead", Fields: map[string]string{
		"lead_id": "Id", "score": "Steward_Score__c", "model": "Steward_Score_Model__c",
		"reasons": "Steward_Score_Reasons__c",
	}},
	"products": {Name: "Product2", Fields: map[string]string{
		"id": "Id", "identifier": "External_ID__c", "product_code": "ProductCode", "name": "Name",
		"description": "Description", "enabled": "IsActive", "family": "Family", "changed": "SystemModstamp",
	}},
}

// withDefaults fills every data type and field a config left out from
// DefaultObjects; a config's own entries win.
func withDefaults(in map[string]Object) map[string]Object {
	out := map[string]Object{}
	for dt, o := range in {
		out[dt] = o
	}
	for dt, def := range DefaultObjects {
		o := out[dt]
		if o.Name == "" {
			o.Name = def.Name
		}
		fields := map[string]string{}
		for k, v := range def.Fields {
			fields[k] = v
		}
		for k, v := range o.Fields {
			fields[k] = v
		}
		o.Fields = fields
		out[dt] = o
	}
	return out
}

// Canonical lists the canonical fields a config may map, per data type:
// the defaults' and the ones the sandbox schema leaves unmapped.
var Canonical = map[string][]string{
	"customers":   {"id", "external_id", "name", "vat_id", "street", "postal_code", "city", "country", "contact_name", "email", "phone", "owner", "changed"},
	"leads":       {"id", "email", "first_name", "last_name", "phone", "company", "domain", "country", "message", "products_of_interest", "owner", "created", "changed"},
	"lead_scores": {"lead_id", "score", "model", "reasons"},
	"products":    {"id", "identifier", "product_code", "name", "description", "enabled", "family", "changed"},
}
