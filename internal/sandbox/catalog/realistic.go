package catalog

// The structure of the realistic profile: its locales, channels, attributes
// and families, in system-neutral terms each emulator renders in its own.

// Channel is a channel (Akeneo) or output (Pimcore, Salsify) with the
// locales and currencies its values come in.
type Channel struct {
	Code                string
	Locales, Currencies []string
}

// Attribute is an attribute of the realistic profile. Type is one of
// identifier, text, textarea, option, metric, price, image. Variant
// attributes are held by the variants of a product model, the others by the
// model and inherited by its variants.
type Attribute struct {
	Code, Type            string
	Localizable, Scopable bool
	Unique, Variant       bool
}

// Family is a family of the realistic profile with the attributes each
// channel requires of its products (Akeneo's attribute_requirements).
type Family struct {
	Code string
	// Labels are the family's plural label by locale; Nouns the singular the
	// generated texts use.
	Labels, Nouns map[string]string
	// Material is what the family's products are made of, by locale.
	Material     map[string]string
	Attributes   []string
	Requirements map[string][]string
	// Axes are the attributes telling a model's variants apart; a family
	// without axes has simple products only.
	Axes         []string
	Sizes        []string
	MinKG, MaxKG float64
}

// Realistic structure.
var (
	RealisticLocales  = []string{"en_US", "de_DE", "fr_FR"}
	RealisticChannels = []Channel{
		{Code: "ecommerce", Locales: []string{"en_US", "de_DE", "fr_FR"}, Currencies: []string{"EUR", "USD"}},
		{Code: "print", Locales: []string{"en_US", "de_DE"}, Currencies: []string{"EUR"}},
	}
	RealisticAttributes = []Attribute{
		{Code: "sku", Type: "identifier", Unique: true, Variant: true},
		{Code: "name", Type: "text", Localizable: true},
		{Code: "description", Type: "textarea", Localizable: true, Scopable: true},
		{Code: "color", Type: "option", Variant: true},
		{Code: "size", Type: "option", Variant: true},
		{Code: "weight", Type: "metric", Variant: true},
		{Code: "ean", Type: "text", Unique: true, Variant: true},
		{Code: "price", Type: "price", Variant: true},
		{Code: "image", Type: "image", Variant: true},
		{Code: "description_draft", Type: "textarea", Localizable: true, Scopable: true},
	}
	// Sizes are the size attribute's option codes.
	Sizes = []string{"xs", "s", "m", "l", "xl", "eu_40", "eu_41", "eu_42", "eu_43", "eu_44"}
)

// Requirements common to every realistic family.
var (
	ecommerceRequires = []string{"sku", "name", "description", "image", "weight", "price"}
	printRequires     = []string{"sku", "name", "description"}
)

func family(code string, labels, nouns, material map[string]string, axes, sizes []string, minKG, maxKG float64) Family {
	attrs := []string{"sku", "name", "description", "color", "weight", "ean", "price", "image", "description_draft"}
	if len(sizes) > 0 {
		attrs = append(attrs, "size")
	}
	return Family{Code: code, Labels: labels, Nouns: nouns, Material: material, Attributes: attrs,
		Requirements: map[string][]string{"ecommerce": ecommerceRequires, "print": printRequires},
		Axes:         axes, Sizes: sizes, MinKG: minKG, MaxKG: maxKG}
}

// RealisticFamilies are the realistic profile's families; shirts and shoes
// come as product models whose variants differ in color and size.
var RealisticFamilies = []Family{
	family("shirts", tr("Shirts", "Hemden", "Chemises"), tr("shirt", "Hemd", "chemise"), tr("cotton", "Baumwolle", "coton"),
		[]string{"color", "size"}, Sizes[:5], 0.1, 1.5),
	family("shoes", tr("Shoes", "Schuhe", "Chaussures"), tr("shoe", "Schuh", "chaussure"), tr("leather", "Leder", "cuir"),
		[]string{"color", "size"}, Sizes[5:], 0.2, 3),
	family("electronics", tr("Speakers", "Lautsprecher", "Enceintes"), tr("speaker", "Lautsprecher", "enceinte"),
		tr("plastic", "Kunststoff", "plastique"), nil, nil, 0.05, 40),
	family("furniture", tr("Chairs", "Stühle", "Chaises"), tr("chair", "Stuhl", "chaise"), tr("oak", "Eichenholz", "chêne"),
		nil, nil, 2, 150),
	family("kitchen", tr("Pans", "Pfannen", "Poêles"), tr("pan", "Pfanne", "poêle"), tr("steel", "Stahl", "acier"),
		nil, nil, 0.1, 25),
}

// tr maps the realistic locales to texts.
func tr(en, de, fr string) map[string]string {
	return map[string]string{"en_US": en, "de_DE": de, "fr_FR": fr}
}

// Families returns the catalog's families in the realistic shape. For the
// headline profile they are the headline families, each requiring on
// ecommerce what the headline PIM requires, without axes.
func (c *Catalog) Families() []Family {
	if c.Profile == Realistic {
		return RealisticFamilies
	}
	out := make([]Family, len(Families))
	for k, f := range Families {
		out[k] = Family{Code: f.Code, Labels: map[string]string{"en_US": f.Noun + "s"}, Nouns: map[string]string{"en_US": f.Noun},
			Attributes:   []string{"sku", "name", "description", "color", "weight", "ean", "price", "description_draft"},
			Requirements: map[string][]string{"ecommerce": {"sku", "name", "description", "weight", "ean", "price"}},
			MinKG:        f.MinKG, MaxKG: f.MaxKG}
	}
	return out
}

// Locales returns the locales the catalog's values come in.
func (c *Catalog) Locales() []string {
	if c.Profile == Realistic {
		return RealisticLocales
	}
	return []string{"en_US"}
}

// Channels returns the catalog's channels.
func (c *Catalog) Channels() []Channel {
	if c.Profile == Realistic {
		return RealisticChannels
	}
	return []Channel{{Code: "ecommerce", Locales: []string{"en_US"}, Currencies: []string{"EUR", "USD"}}}
}
