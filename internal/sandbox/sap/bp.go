package sap

import (
	"fmt"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The OData v2 business partner service (API_BUSINESS_PARTNER, PROTOCOLS.md
// §6.1, §6.4, §6.6) and its entity sets.
const (
	BPService      = "/sap/opu/odata/sap/API_BUSINESS_PARTNER/"
	BPSet          = "A_BusinessPartner"
	BPAddressSet   = "A_BusinessPartnerAddress"
	BPTaxSet       = "A_BusinessPartnerTaxNumber"
	BPCustomerSet  = "A_Customer"
	bpNamespace    = "API_BUSINESS_PARTNER"
	bpDefaultPage  = 1000
	bpPartnerFirst = 1000000
)

// v2Nav is a navigation property: the target set, and whether it is a
// collection (to_BusinessPartnerAddress) or one entity (to_Customer).
type v2Nav struct {
	set  string
	many bool
}

// v2Set describes one entity set of the v2 service.
type v2Set struct {
	name     string
	keys     []string
	types    propTypes
	nav      map[string]v2Nav
	readOnly map[string]bool
	maxLen   map[string]int // Edm.String MaxLength of writable properties
}

var bpSets = map[string]v2Set{
	BPSet: {name: BPSet, keys: []string{"BusinessPartner"}, types: propTypes{
		"BusinessPartner": "Edm.String", "BusinessPartnerCategory": "Edm.String", "BusinessPartnerFullName": "Edm.String",
		"OrganizationBPName1": "Edm.String", "OrganizationBPName2": "Edm.String", "BusinessPartnerIDByExtSystem": "Edm.String", "SearchTerm1": "Edm.String",
		"CreationDate": "Edm.DateTime", "CreationTime": "Edm.Time", "LastChangeDate": "Edm.DateTime", "LastChangeTime": "Edm.Time",
	}, nav: map[string]v2Nav{"to_BusinessPartnerAddress": {BPAddressSet, true}, "to_BusinessPartnerTax": {BPTaxSet, true}, "to_Customer": {BPCustomerSet, false}},
		readOnly: map[string]bool{"BusinessPartnerFullName": true, "CreationDate": true, "CreationTime": true, "LastChangeDate": true, "LastChangeTime": true, "BusinessPartnerCategory": true},
		maxLen:   map[string]int{"OrganizationBPName1": 40, "OrganizationBPName2": 40, "SearchTerm1": 20}},
	BPAddressSet: {name: BPAddressSet, keys: []string{"BusinessPartner", "AddressID"}, types: propTypes{
		"BusinessPartner": "Edm.String", "AddressID": "Edm.String", "StreetName": "Edm.String", "HouseNumber": "Edm.String",
		"PostalCode": "Edm.String", "CityName": "Edm.String", "Country": "Edm.String",
	}},
	BPTaxSet: {name: BPTaxSet, keys: []string{"BusinessPartner", "BPTaxType"}, types: propTypes{
		"BusinessPartner": "Edm.String", "BPTaxType": "Edm.String", "BPTaxNumber": "Edm.String",
	}},
	BPCustomerSet: {name: BPCustomerSet, keys: []string{"Customer"}, types: propTypes{
		"Customer": "Edm.String", "CustomerName": "Edm.String", "CustomerFullName": "Edm.String",
		"CustomerAccountGroup": "Edm.String", "DeletionIndicator": "Edm.Boolean", "OrderIsBlockedForCustomer": "Edm.String",
	}, readOnly: map[string]bool{"CustomerFullName": true}},
}

// bpTables holds the v2 service's rows per entity set, in key order.
type bpTables map[string][]map[string]any

// PartnerID is the BusinessPartner key of catalog account i.
func PartnerID(i int) string { return fmt.Sprintf("%010d", bpPartnerFirst+i+1) }

// seedPartners builds one business partner per catalog account, with its
// address, VAT number and customer role; creation and change times derive
// from cat.Base. Every seventh partner (i%7 == 3) was never changed since
// its creation: LastChangeDate null, LastChangeTime PT00H00M00S, as SAP
// sends a partner whose change date is initial.
func seedPartners(cat *catalog.Catalog) bpTables {
	t := bpTables{}
	for i := range cat.Accounts() {
		a, id := cat.Account(i), PartnerID(i)
		changed := cat.Base.AddDate(0, 0, -(i % 30)).Truncate(24 * time.Hour).Add(time.Duration(i*7919%86400) * time.Second)
		name1, name2 := nameLines(a.Name)
		bp := map[string]any{"BusinessPartner": id, "BusinessPartnerCategory": "2", "BusinessPartnerFullName": fullName(name1, name2),
			"OrganizationBPName1": name1, "OrganizationBPName2": name2, "BusinessPartnerIDByExtSystem": a.Number, "SearchTerm1": strings.ToUpper(firstWord(a.Name))}
		stampCreation(bp, changed.AddDate(0, 0, -30-i%11))
		if i%7 == 3 {
			stampCreation(bp, changed)
		} else {
			stampChange(bp, changed)
		}
		street, house := splitStreet(a.Street)
		t[BPSet] = append(t[BPSet], bp)
		t[BPAddressSet] = append(t[BPAddressSet], map[string]any{"BusinessPartner": id, "AddressID": fmt.Sprint(20000 + i + 1),
			"StreetName": street, "HouseNumber": house, "PostalCode": a.PostalCode, "CityName": a.City, "Country": a.Country})
		t[BPTaxSet] = append(t[BPTaxSet], map[string]any{"BusinessPartner": id, "BPTaxType": a.Country + "0", "BPTaxNumber": a.VATID})
		t[BPCustomerSet] = append(t[BPCustomerSet], map[string]any{"Customer": id, "CustomerName": a.Name, "CustomerFullName": a.Name,
			"CustomerAccountGroup": "CUST", "DeletionIndicator": false, "OrderIsBlockedForCustomer": ""})
	}
	return t
}

func firstWord(s string) string { w, _, _ := strings.Cut(s, " "); return w }

// splitStreet splits "Hafenstraße 12" into street name and house number.
func splitStreet(s string) (string, string) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i+1:]
}

// stampChange sets a partner's LastChangeDate (Edm.DateTime at midnight) and
// LastChangeTime (Edm.Time) to t, in UTC, to the second.
func stampChange(bp map[string]any, t time.Time) {
	t = t.UTC().Truncate(time.Second)
	day := t.Truncate(24 * time.Hour)
	bp["LastChangeDate"] = fmt.Sprintf("/Date(%d)/", day.UnixMilli())
	bp["LastChangeTime"] = durationLiteral(t.Sub(day))
}

// stampCreation sets a partner's CreationDate and CreationTime to t and
// leaves it unchanged since (LastChangeDate null, LastChangeTime
// PT00H00M00S).
func stampCreation(bp map[string]any, t time.Time) {
	t = t.UTC().Truncate(time.Second)
	day := t.Truncate(24 * time.Hour)
	bp["CreationDate"] = fmt.Sprintf("/Date(%d)/", day.UnixMilli())
	bp["CreationTime"] = durationLiteral(t.Sub(day))
	bp["LastChangeDate"], bp["LastChangeTime"] = nil, durationLiteral(0)
}

// durationLiteral writes an Edm.Time as v2 JSON does: PT10H30M00S.
func durationLiteral(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("PT%02dH%02dM%02dS", s/3600, s/60%60, s%60)
}
