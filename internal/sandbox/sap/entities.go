package sap

import (
	"fmt"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// entity is one entity as ordered properties.
type entity struct {
	keys  []string
	props map[string]any
}

func (e entity) get(k string) any { return e.props[k] }

// Entity set paths (OData v4, A2X). The product service path follows SAP's
// published API_PRODUCT v4 binding; the sales price service path is not
// confirmed from an official source (PROTOCOLS.md §6.1, §11).
const (
	ProductService = "/sap/opu/odata4/sap/api_product/srvd_a2x/sap/product/0002/"
	PriceService   = "/sap/opu/odata4/sap/api_slsprcgcndnrecord/srvd_a2x/sap/slsprcgcndnrecord/0001/"
	ProductSet     = "Product"
	PriceSet       = "SlsPrcgConditionRecord"
)

// entitySet describes one served set.
type entitySet struct {
	service, name, keyProp, typeName string
	build                            func(c *catalog.Catalog, i int) entity
	// decimals are the Edm.Decimal properties, held as decimal strings.
	decimals []string
	// types are the entity type's properties and their Edm types.
	types propTypes
}

var sets = []entitySet{
	{ProductService, ProductSet, "Product", "com.sap.gateway.srvd_a2x.api_product.v0002.ProductType", productEntity,
		[]string{"GrossWeight", "NetWeight"}, productTypes},
	{PriceService, PriceSet, "ConditionRecord", "com.sap.gateway.srvd_a2x.api_slsprcgcndnrecord.v0001.SlsPrcgConditionRecordType", priceEntity,
		[]string{"ConditionRateValue", "ConditionQuantity"}, priceTypes},
}

// odataTime keeps change times to milliseconds, as the real server does.
const odataTime = "2006-01-02T15:04:05.000Z"

func productEntity(c *catalog.Catalog, i int) entity {
	p := c.PIM(i)
	changed := c.ERPUpdated(i)
	return entity{keys: []string{"Product"}, props: map[string]any{
		"Product": p.SKU, "ProductType": "FERT", "CrossPlantStatus": "", "BaseUnit": "EA",
		"ProductGroup": "L00" + fmt.Sprint(i%10), "Division": "00", "ProductStandardID": c.EAN(i),
		"InternationalArticleNumberCat": "HE", "GrossWeight": catalogWeight(c, i), "NetWeight": catalogWeight(c, i), "WeightUnit": "KG",
		"IsMarkedForDeletion": false, "CreationDate": c.Base.AddDate(0, -6, 0).Format("2006-01-02"),
		"LastChangeDate": changed.Format("2006-01-02"), "LastChangeDateTime": changed.Format(odataTime),
	}}
}

func catalogWeight(c *catalog.Catalog, i int) string {
	w := c.PIM(i).Weight
	if c.Defect(i) == catalog.HumanImplausible {
		return "1.000"
	}
	return w
}

func priceEntity(c *catalog.Catalog, i int) entity {
	changed := c.ERPUpdated(i)
	return entity{keys: []string{"ConditionRecord"}, props: map[string]any{
		"ConditionRecord": fmt.Sprintf("%010d", i+1), "ConditionSequentialNumber": "01", "ConditionTable": "304",
		"ConditionApplication": "V", "ConditionType": "PPR0", "SalesOrganization": "1010", "DistributionChannel": "10",
		"Material": c.SKU(i), "ConditionValidityStartDate": "2026-01-01", "ConditionValidityEndDate": "9999-12-31",
		"ConditionRateValue": catalog.Cents(c.ERPPrice(i)), "ConditionRateValueUnit": "EUR",
		"ConditionQuantity": "1", "ConditionQuantityUnit": "EA", "ConditionCalculationType": "C",
		"ConditionIsDeleted": false, "LastChangeDateTime": changed.Format(odataTime),
	}}
}

func etag(e entity) string {
	changed, _ := e.props["LastChangeDateTime"].(string)
	return fmt.Sprintf("W/\"%s\"", changed)
}
