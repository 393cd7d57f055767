package dataverse

// kind is the type of a column, which decides what a write may send and how
// a $filter literal compares.
type kind int

const (
	kString  kind = iota // Edm.String
	kDecimal             // Edm.Decimal: JSON numbers, exact text kept
	kInt                 // Edm.Int32
	kGUID                // Edm.Guid: the primary key
	kLookup              // _x_value: read-only, set through x@odata.bind
	kTime                // Edm.DateTimeOffset: read-only audit columns
	kVersion             // versionnumber: read-only
)

// entitySet is one table served under /api/data/v9.2/{name}.
type entitySet struct {
	name    string // entity set name: "accounts"
	logical string // logical name: "account"
	key     string // primary key column: "accountid"
	altKey  string // alternate key column ("" = none)
	cols    map[string]kind
	// binds maps a single-valued navigation property to its lookup column
	// and the entity set it must point to.
	binds    map[string]bind
	readOnly bool
}

type bind struct{ column, target string }

// typeName is the OData type named in error messages.
func (e *entitySet) typeName() string { return "Microsoft.Dynamics.CRM." + e.logical }

var owner = map[string]bind{"ownerid": {column: "_ownerid_value", target: "systemusers"}}

func audit(key string, cols map[string]kind) map[string]kind {
	cols[key] = kGUID
	cols["createdon"], cols["modifiedon"], cols["versionnumber"] = kTime, kTime, kVersion
	return cols
}

// sets are the tables the emulator serves (brief8-sandbox-schemas.md).
var sets = map[string]*entitySet{
	"accounts": {name: "accounts", logical: "account", key: "accountid", altKey: "accountnumber", binds: owner,
		cols: audit("accountid", map[string]kind{"accountnumber": kString, "name": kString, "stw_vatid": kString,
			"address1_line1": kString, "address1_postalcode": kString, "address1_city": kString,
			"address1_country": kString, "telephone1": kString, "emailaddress1": kString, "websiteurl": kString,
			"_ownerid_value": kLookup})},
	"contacts": {name: "contacts", logical: "contact", key: "contactid",
		binds: map[string]bind{"ownerid": owner["ownerid"],
			"parentcustomerid_account": {column: "_parentcustomerid_value", target: "accounts"}},
		cols: audit("contactid", map[string]kind{"firstname": kString, "lastname": kString, "fullname": kString,
			"emailaddress1": kString, "telephone1": kString, "_parentcustomerid_value": kLookup,
			"_ownerid_value": kLookup})},
	"leads": {name: "leads", logical: "lead", key: "leadid", binds: owner,
		cols: audit("leadid", map[string]kind{"emailaddress1": kString, "firstname": kString, "lastname": kString,
			"telephone1": kString, "companyname": kString, "websiteurl": kString, "address1_country": kString,
			"description": kString, "stw_productinterest": kString, "stw_score": kDecimal,
			"stw_scoremodel": kString, "stw_scorereasons": kString, "stw_matchedproducts": kString,
			"stw_nextsteps": kString, "_ownerid_value": kLookup})},
	"products": {name: "products", logical: "product", key: "productid", altKey: "productnumber",
		cols: audit("productid", map[string]kind{"productnumber": kString, "name": kString,
			"description": kString, "price": kDecimal, "statecode": kInt})},
	"systemusers": {name: "systemusers", logical: "systemuser", key: "systemuserid", readOnly: true,
		cols: audit("systemuserid", map[string]kind{"fullname": kString, "firstname": kString,
			"lastname": kString, "internalemailaddress": kString})},
}

// setNames lists the served entity sets in a fixed order.
var setNames = []string{"accounts", "contacts", "leads", "products", "systemusers"}
