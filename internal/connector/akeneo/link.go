package akeneo

import (
	"net/url"

	"github.com/stewardhq/steward/internal/connector"
)

// productLink is the product's edit form in the PIM's web interface,
// {base}/#/enrich/product/{uuid}: the route of the product edit form, keyed
// by uuid since PIM 7.0 and in the SaaS edition (the uuid is the product's
// native id, as the products-uuid endpoints read it).
func productLink(base url.URL, _ any, uuid string) string {
	return connector.PathLink(base, "/#/enrich/product/", uuid)
}
