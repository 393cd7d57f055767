package salesforce

import "strings"

// kind is a field's value type as the emulator checks and serializes it.
type kind int

const (
	kString kind = iota
	kBool
	kNumber
	kDateTime
	kID // an 18-character record id (Id and references)
)

// field describes one field of an object.
type field struct {
	Name string
	Kind kind
	// ReadOnly fields are rejected in writes (INVALID_FIELD_FOR_INSERT_UPDATE).
	ReadOnly bool
	// CreateOnly fields may be set on create but not on update.
	CreateOnly bool
	// Required fields must be present (non-null) on create.
	Required bool
	// ExtID marks an external id field: unique (case-insensitive), usable
	// for upserts.
	ExtID bool
	// Ref is the object a reference field points to.
	Ref string
	// Default is the value a create leaving the field out stores (nil:
	// none).
	Default any
}

// object describes one sObject type.
type object struct {
	Name     string
	Prefix   string // the id key prefix
	Writable bool
	Fields   []field
}

// systemFields are on every object.
var systemFields = []field{
	{Name: "Id", Kind: kID, ReadOnly: true},
	{Name: "IsDeleted", Kind: kBool, ReadOnly: true},
	{Name: "CreatedDate", Kind: kDateTime, ReadOnly: true},
	{Name: "LastModifiedDate", Kind: kDateTime, ReadOnly: true},
	{Name: "SystemModstamp", Kind: kDateTime, ReadOnly: true},
}

func str(name string) field { return field{Name: name, Kind: kString} }

// schema is an org's sObjects by name.
type schema map[string]*object

// objects are the sObjects the emulator serves (brief8-sandbox-schemas.md),
// as a single-currency org has them.
var objects = schema{
	"Account": {Name: "Account", Prefix: "001", Writable: true, Fields: []field{
		{Name: "Name", Kind: kString, Required: true}, {Name: "External_ID__c", Kind: kString, ExtID: true},
		str("VAT_ID__c"), str("BillingStreet"), str("BillingPostalCode"), str("BillingCity"), str("BillingCountry"),
		str("Phone"), {Name: "OwnerId", Kind: kID, Ref: "User"},
	}},
	"Lead": {Name: "Lead", Prefix: "00Q", Writable: true, Fields: []field{
		str("Email"), str("FirstName"), {Name: "LastName", Kind: kString, Required: true}, str("Phone"),
		{Name: "Company", Kind: kString, Required: true}, str("Website"), str("Country"), str("Description"),
		str("Product_Interest__c"), {Name: "OwnerId", Kind: kID, Ref: "User"},
		{Name: "Steward_Score__c", Kind: kNumber}, str("Steward_Score_Model__c"), str("Steward_Score_Reasons__c"),
		str("Steward_Matched_Products__c"), str("Steward_Next_Steps__c"),
	}},
	"Product2": {Name: "Product2", Prefix: "01t", Writable: true, Fields: []field{
		{Name: "External_ID__c", Kind: kString, ExtID: true}, str("ProductCode"),
		{Name: "Name", Kind: kString, Required: true}, str("Description"), {Name: "IsActive", Kind: kBool}, str("Family"),
	}},
	"PricebookEntry": {Name: "PricebookEntry", Prefix: "01u", Writable: true, Fields: []field{
		{Name: "External_ID__c", Kind: kString, ExtID: true},
		{Name: "Product2Id", Kind: kID, Ref: "Product2", Required: true, CreateOnly: true},
		{Name: "Pricebook2Id", Kind: kID, Ref: "Pricebook2", Required: true, CreateOnly: true},
		{Name: "UnitPrice", Kind: kNumber, Required: true}, {Name: "IsActive", Kind: kBool},
	}},
	"Pricebook2": {Name: "Pricebook2", Prefix: "01s", Fields: []field{
		{Name: "Name", Kind: kString, Required: true}, {Name: "IsStandard", Kind: kBool, ReadOnly: true},
		{Name: "IsActive", Kind: kBool},
	}},
	"User": {Name: "User", Prefix: "005", Fields: []field{
		{Name: "Name", Kind: kString, ReadOnly: true}, str("Username"), str("Email"), {Name: "IsActive", Kind: kBool},
	}},
}

// lookup finds an object by name, case-insensitively as Salesforce does.
func (s schema) lookup(name string) (*object, bool) {
	for _, o := range s {
		if strings.EqualFold(o.Name, name) {
			return o, true
		}
	}
	return nil, false
}

// field finds a field by name, case-insensitively.
func (o *object) field(name string) (field, bool) {
	for _, f := range systemFields {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	for _, f := range o.Fields {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return field{}, false
}

// allFields lists the object's fields, system fields first.
func (o *object) allFields() []field {
	return append(append([]field{}, systemFields...), o.Fields...)
}

// extID returns the object's external id field named name.
func (o *object) extID(name string) (field, bool) {
	f, ok := o.field(name)
	return f, ok && f.ExtID
}
