package catalog

import "fmt"

// Families and their plausible weight range in kilograms.
var Families = []struct {
	Code           string
	MinKG, MaxKG   float64
	Noun           string
	RequiresWeight bool
}{
	{"shirts", 0.1, 1.5, "Shirt", true},
	{"shoes", 0.2, 3, "Shoe", true},
	{"electronics", 0.05, 40, "Speaker", true},
	{"furniture", 2, 150, "Chair", true},
	{"kitchen", 0.1, 25, "Pan", true},
}

// Colors are the color attribute's option codes.
var Colors = []string{"black", "white", "red", "blue", "green", "grey", "yellow", "brown"}

var adjectives = []string{"Classic", "Urban", "Nordic", "Compact", "Premium", "Essential", "Vintage", "Studio"}

// Product is product i as the PIM holds it, before any write.
type Product struct {
	UUID, SKU, Family, Name, Description, Color, WeightUnit, EAN string
	// Weight in kilograms with three decimals.
	Weight string
	Price  string
}

// PIM returns product i as planted.
func (c *Catalog) PIM(i int) Product {
	fam := Families[c.mix(i, 4)%uint64(len(Families))]
	p := Product{
		UUID:       c.UUID(i),
		SKU:        c.SKU(i),
		Family:     fam.Code,
		Color:      Colors[c.mix(i, 5)%uint64(len(Colors))],
		WeightUnit: "KILOGRAM",
		EAN:        c.EAN(i),
		Price:      Cents(c.PIMPrice(i)),
	}
	adj := adjectives[c.mix(i, 6)%uint64(len(adjectives))]
	p.Name = fmt.Sprintf("%s %s %s %d", adj, p.Color, fam.Noun, i+1)
	span := fam.MaxKG - fam.MinKG
	grams := int64((fam.MinKG + span*float64(c.mix(i, 7)%1000)/1000) * 1000)
	p.Weight = fmt.Sprintf("%d.%03d", grams/1000, grams%1000)
	p.Description = fmt.Sprintf("The %s %s %s weighs %s kg.", adj, p.Color, fam.Noun, p.Weight)
	switch c.defect[i] {
	case MissingDescription:
		p.Description = ""
	case FixableOptionCase:
		p.Color = string(p.Color[0]-32) + p.Color[1:]
	case FixableWhitespace:
		p.Name = "  " + p.Name + " "
	case FixableUnspelling:
		p.WeightUnit = "KILOGRAMS"
	case HumanBadGTIN:
		last := p.EAN[12] - '0'
		p.EAN = p.EAN[:12] + string(rune('0'+(last+3)%10))
	case HumanImplausible:
		p.Weight = fmt.Sprintf("%d.000", int64(fam.MaxKG*100))
	case HumanUnknownOption:
		p.Color = "chartreuse-ish"
	}
	return p
}

// EAN returns a valid EAN-13 for product i.
func (c *Catalog) EAN(i int) string {
	body := fmt.Sprintf("40%010d", c.mix(i, 8)%10000000000)
	return body + string(rune('0'+GTINCheckDigit(body)))
}

// GTINCheckDigit computes the GS1 check digit of the digits before it.
func GTINCheckDigit(body string) int {
	sum := 0
	for k := range len(body) {
		d := int(body[len(body)-1-k] - '0')
		if k%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return (10 - sum%10) % 10
}
