package catalog

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Description templates by locale; %s is the family's material.
var (
	ecommerceText = map[string]string{
		"en_US": "This %s is made of %s. You will receive it in separate recyclable packaging, suitable for every occasion.",
		"de_DE": "Dieses Produkt aus %[2]s überzeugt durch hohe Qualität. Die Lieferung erfolgt in separater Verpackung.",
		"fr_FR": "Ce produit en %[2]s est livré dans un emballage recyclable, idéal pour toutes les occasions.",
	}
	printText = map[string]string{
		"en_US": "Made of %[2]s.",
		"de_DE": "Hergestellt aus %[2]s.",
	}
)

// typos are the misspellings planted, each replacing its correct word.
var typos = map[string][][2]string{
	"en_US": {{"receive", "recieve"}, {"separate", "seperate"}, {"occasion", "occassion"}, {"suitable", "suitible"}},
	"de_DE": {{"Qualität", "Qualitaet"}, {"separater", "seperater"}, {"Lieferung", "Liferung"}, {"Verpackung", "Verpakung"}},
}

// texts returns the localized values of holder key (a simple product's index
// or N+g for the model of group g), numbered num in names: names and descriptions in every locale
// and channel, less a missing translation, with planted typos.
func (c *Catalog) texts(key int, f Family, num int) []Value {
	d := c.real.text[key]
	line := adjectives[c.mix(key, 6)%uint64(len(adjectives))]
	var vals []Value
	for _, loc := range RealisticLocales {
		name := fmt.Sprintf("%s %s %d", upperFirst(f.Nouns[loc]), line, num)
		if loc == "en_US" {
			name = fmt.Sprintf("%s %s %d", line, upperFirst(f.Nouns[loc]), num)
		}
		vals = append(vals, Value{Attribute: "name", Locale: loc, Text: name})
	}
	missing := c.missingLocale(key, d)
	for _, ch := range RealisticChannels {
		for _, loc := range ch.Locales {
			tmpl := printText[loc]
			if ch.Code == "ecommerce" {
				tmpl = ecommerceText[loc]
			}
			if loc == missing {
				continue
			}
			text := fmt.Sprintf(tmpl, f.Nouns[loc], f.Material[loc])
			if ch.Code == "ecommerce" {
				text = c.misspell(key, d, loc, text)
			}
			vals = append(vals, Value{Attribute: "description", Locale: loc, Channel: ch.Code, Text: text})
		}
	}
	return vals
}

// missingLocale is the locale whose description holder key lacks, "" when
// none: de_DE or fr_FR, fr_FR where a German typo is planted.
func (c *Catalog) missingLocale(key int, d RealDefect) string {
	switch {
	case d&MissingTranslation == 0:
		return ""
	case d&TypoDE != 0 || c.mix(key, 30)%2 == 0:
		return "fr_FR"
	}
	return "de_DE"
}

// misspell plants the typo of holder key in text when it carries one.
func (c *Catalog) misspell(key int, d RealDefect, loc, text string) string {
	if (loc == "en_US" && d&TypoEN == 0) || (loc == "de_DE" && d&TypoDE == 0) || typos[loc] == nil {
		return text
	}
	pair := typos[loc][c.mix(key, 31)%uint64(len(typos[loc]))]
	return strings.Replace(text, pair[0], pair[1], 1)
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// variantValues returns the values product i holds itself: identifier,
// axes, EAN, weight, prices and image.
func (c *Catalog) variantValues(i int, f Family) []Value {
	d := c.real.item[i]
	color, size := c.axes(i, f)
	if d&UnknownOption != 0 {
		color = "chartreuse-ish"
	}
	ean := c.EAN(i)
	if d&BadGTIN != 0 {
		ean = ean[:12] + string(rune('0'+(ean[12]-'0'+3)%10))
	}
	grams := int64((f.MinKG + (f.MaxKG-f.MinKG)*float64(c.mix(i, 7)%1000)/1000) * 1000)
	eur := c.PIMPrice(i)
	vals := []Value{{Attribute: "sku", Text: c.SKU(i)}, {Attribute: "color", Text: color}}
	if size != "" {
		vals = append(vals, Value{Attribute: "size", Text: size})
	}
	vals = append(vals, Value{Attribute: "ean", Text: ean},
		Value{Attribute: "weight", Amount: fmt.Sprintf("%d.%03d", grams/1000, grams%1000), Unit: "KILOGRAM"},
		Value{Attribute: "price", Amount: Cents(eur), Currency: "EUR"},
		Value{Attribute: "price", Amount: Cents(eur * 108 / 100), Currency: "USD"})
	if d&MissingImage == 0 {
		vals = append(vals, Value{Attribute: "image", Text: c.MediaCode(i)})
	}
	return vals
}

// axes returns product i's color and size: the variants of a model come in
// two colors and three sizes, simple products in one color and no size.
func (c *Catalog) axes(i int, f Family) (string, string) {
	g := i / groupSize
	if f.Axes == nil {
		return Colors[c.mix(i, 5)%uint64(len(Colors))], ""
	}
	a := c.mix(g, 21) % uint64(len(Colors))
	b := (a + 1 + c.mix(g, 22)%uint64(len(Colors)-1)) % uint64(len(Colors))
	k := i % groupSize
	color := Colors[a]
	if k >= groupSize/2 {
		color = Colors[b]
	}
	start := int(c.mix(g, 23) % uint64(len(f.Sizes)-2))
	return color, f.Sizes[start+k%3]
}

// MediaCode is the media file code of product i's image, shaped as Akeneo's:
// four directory levels from a hash, then the hash and the file name.
func (c *Catalog) MediaCode(i int) string {
	h := fmt.Sprintf("%016x%016x%08x", c.mix(i, 40), c.mix(i, 41), uint32(c.mix(i, 42)))
	return fmt.Sprintf("%c/%c/%c/%c/%s_%s.jpg", h[0], h[1], h[2], h[3], h, strings.ToLower(c.SKU(i)))
}
