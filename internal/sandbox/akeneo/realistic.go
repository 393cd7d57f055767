package akeneo

import (
	"net/http"
	"net/url"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The realistic profile (catalog.Realistic) as Akeneo serves it: its
// channels and locales, attributes with localizable and scopable values,
// families with their attribute requirements per channel, product models
// holding the shared values, and variants naming their parent and serving
// the values they inherit with their own, as the API does.

// realisticSchema renders the realistic profile's structure.
func realisticSchema(cat *catalog.Catalog) *schema {
	sc := &schema{locales: locales, options: map[string][]map[string]any{}}
	for _, ch := range cat.Channels() {
		sc.channels = append(sc.channels, channel{Code: ch.Code, Currencies: ch.Currencies, Locales: ch.Locales,
			CategoryTree: "master", ConversionUnits: map[string]string{}, Labels: map[string]string{"en_US": upper(ch.Code)}})
	}
	for _, a := range catalog.RealisticAttributes {
		sc.attributes = append(sc.attributes, akeneoAttribute(a))
	}
	sc.options["color"] = optionItems("color", catalog.Colors)
	sc.options["size"] = optionItems("size", catalog.Sizes)
	for _, f := range cat.Families() {
		sc.families = append(sc.families, map[string]any{"code": f.Code, "attribute_as_label": "name", "attribute_as_image": "image",
			"attributes": f.Attributes, "attribute_requirements": f.Requirements, "labels": f.Labels})
		sc.categories = append(sc.categories, "master_"+f.Code)
	}
	return sc
}

func upper(s string) string { return string(s[0]-32) + s[1:] }

// akeneoAttribute renders a catalog attribute with Akeneo's type and group.
func akeneoAttribute(a catalog.Attribute) attribute {
	out := attribute{Code: a.Code, Group: "marketing", Localizable: a.Localizable, Scopable: a.Scopable, Unique: a.Unique}
	switch a.Type {
	case "identifier":
		out.Type, out.Group = "pim_catalog_identifier", "general"
	case "text":
		out.Type = "pim_catalog_text"
		if a.Code == "ean" {
			out.Group = "technical"
		} else {
			out.MaxChars = intPtr(255)
		}
	case "textarea":
		out.Type = "pim_catalog_textarea"
	case "option":
		out.Type = "pim_catalog_simpleselect"
		out.options = catalog.Colors
		if a.Code == "size" {
			out.options = catalog.Sizes
		}
	case "metric":
		out.Type, out.Group, out.MetricFamily, out.DefaultUnit, out.Decimals = "pim_catalog_metric", "technical", "Weight", "KILOGRAM", boolPtr(true)
	case "price":
		out.Type, out.Decimals, out.currencies = "pim_catalog_price_collection", boolPtr(true), currencies
	case "image":
		out.Type, out.Group = "pim_catalog_image", "media"
	}
	return out
}

// optionItems renders option codes with a label in each locale.
func optionItems(attr string, codes []string) []map[string]any {
	out := make([]map[string]any, len(codes))
	for i, c := range codes {
		out[i] = map[string]any{"code": c, "attribute": attr, "sort_order": i,
			"labels": map[string]string{"de_DE": c, "en_US": c, "fr_FR": c}}
	}
	return out
}

// plantedRealistic builds product i of a realistic catalog with the values
// it inherits from its model.
func (s *Server) plantedRealistic(i int) *product {
	it := s.cat.Item(i)
	return &product{UUID: it.UUID, Identifier: it.SKU, Enabled: true, Family: it.Family, Parent: it.Parent,
		Categories: []string{"master_" + it.Family}, Values: akeneoValues(s.cat.Effective(i)),
		Created: s.cat.Created(), Updated: s.cat.Updated(i)}
}

// akeneoValues renders catalog values as the API's values: metrics as
// amount and unit, prices as one collection per locale and scope.
func akeneoValues(vals []catalog.Value) map[string][]value {
	out := map[string][]value{}
	for _, v := range vals {
		var loc, scope *string
		if v.Locale != "" {
			loc = ptr(v.Locale)
		}
		if v.Channel != "" {
			scope = ptr(v.Channel)
		}
		switch {
		case v.Currency != "":
			out[v.Attribute] = addPrice(out[v.Attribute], loc, scope, map[string]any{"amount": v.Amount, "currency": v.Currency})
		case v.Unit != "":
			out[v.Attribute] = append(out[v.Attribute], value{Locale: loc, Scope: scope, Data: map[string]any{"amount": v.Amount, "unit": v.Unit}})
		default:
			out[v.Attribute] = append(out[v.Attribute], value{Locale: loc, Scope: scope, Data: v.Text})
		}
	}
	return out
}

// addPrice adds one currency's amount to the price collection of the
// locale and scope.
func addPrice(vs []value, loc, scope *string, amount map[string]any) []value {
	for k, v := range vs {
		if eq(v.Locale, loc) && eq(v.Scope, scope) {
			vs[k].Data = append(v.Data.([]map[string]any), amount)
			return vs
		}
	}
	return append(vs, value{Locale: loc, Scope: scope, Data: []map[string]any{amount}})
}

func eq(a, b *string) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

// realisticModels answers GET /product-models (paged) and
// /product-models/{code} from the catalog's models.
func (s *Server) realisticModels(w http.ResponseWriter, r *http.Request, code string) {
	if code != "" {
		m, ok := s.cat.Model(code)
		if !ok {
			writeError(w, http.StatusNotFound, "Product model \""+code+"\" does not exist or you do not have permission to access it.")
			return
		}
		writeJSON(w, http.StatusOK, s.modelItem(m, baseURL(r)+r.URL.Path))
		return
	}
	codes := s.cat.ModelCodes()
	items := make([]any, len(codes))
	for i, c := range codes {
		m, _ := s.cat.Model(c)
		items[i] = s.modelItem(m, baseURL(r)+"/api/rest/v1/product-models/"+url.PathEscape(c))
	}
	paged(w, r, items)
}

// modelItem renders a model with the values its variants inherit.
func (s *Server) modelItem(m catalog.Model, self string) map[string]any {
	at := s.cat.Created().UTC().Format(timeLayout)
	return map[string]any{
		"_links": map[string]any{"self": map[string]string{"href": self}},
		"code":   m.Code, "family": m.Family, "family_variant": m.FamilyVariant, "parent": nil,
		"categories": []string{"master_" + m.Family}, "values": akeneoValues(m.Values),
		"associations": map[string]any{}, "quantified_associations": map[string]any{},
		"created": at, "updated": at,
	}
}
