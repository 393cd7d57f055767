package drafts

import (
	"strings"
	"testing"
)

// TestVerifyDiscountNeedsItsFigure: a fact merely named like a discount does
// not switch the discount check off; only a typed percentage fact named as a
// discount grounds that very figure, and a percentage in free text grounds
// nothing.
func TestVerifyDiscountNeedsItsFigure(t *testing.T) {
	for _, c := range []struct {
		fact, value, text, want string
	}{
		{"discount", "ask in store", "Now on sale.", "discount"},
		{"discount", "20%", "Now on sale.", "discount"},
		{"discount", "20%", "Now 30% off.", "discount"},
		{"discount", "20%", "Now 20% off.", ""},
		{"discount_note", "20% off for members", "Now 20% off.", "discount"},
		{"material", "20% recycled steel", "20% of it is recycled steel.", "percentage 20%"},
		{"material", "20% recycled steel", "Made of 20% recycled steel.", "percentage 20%"},
	} {
		f := groundFacts()
		f[c.fact] = c.value
		err := Verify(c.text, f)
		if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s=%q: Verify(%q) = %v, want %q", c.fact, c.value, c.text, err, c.want)
		}
	}
}

// TestVerifyPassesSizesInNames: a quantity wholly inside a verbatim copy of
// the product name passes, unless it contradicts the fact of its kind; and
// everyday words that can name a unit count only right after a number.
func TestVerifyPassesSizesInNames(t *testing.T) {
	noWeight := func(f Facts) Facts {
		delete(f, "weight")
		delete(f, "weight_unit")
		delete(f, "weight_symbol")
		return f
	}
	same := func(f Facts) Facts { return f }
	for _, c := range []struct {
		name, text string
		edit       func(Facts) Facts
		want       string
	}{
		{"Frying Pan 28 cm", "Frying Pan 28 cm is part of our kitchen range. It weighs 0.400 kg.", same, ""},
		{"Cola 1.5 l", "Cola 1.5 l is part of our drinks range.", same, ""},
		{"Drill 500 W", "Drill 500 W gehört zu unserem Sortiment tools.", same, ""},
		{"Paper 80 g", "Meet the Paper 80 g.", noWeight, ""},
		{"Shirt 100% cotton", "Shirt 100% cotton fait partie de notre gamme shirts.", same, ""},
		{"Paper 80 g", "Meet the Paper 80 g.", same, "weight 80 g is not the product's weight"},
		{"Frying Pan 28 cm", "The Frying Pan 28 cm measures 28 cm.", same, "length 28 cm is not in the product facts"},
		{"Frying Pan 28", "Frying Pan 28 cm is part of our kitchen range.", same, "length 28 cm"},
		{"Pan 77 kg", "Meet the Pan 77 kg.", same, "weight 77 kg is not the product's weight (0.400 kg)"},
		{"Pan 77 EUR", "Meet the Pan 77 EUR.", same, "price 77 EUR is not the ERP price"},
		{"Pan 1 EUR", "Meet the Pan 1 EUR.", func(f Facts) Facts { delete(f, "price"); return f }, "price 1 EUR is not in the product facts"},
		{"Frying Pan", "Steel 28 cm, made to last.", func(f Facts) Facts {
			delete(f, "name")
			f["material"] = "Steel 28 cm" // only the name's sizes pass when quoted
			return f
		}, "length 28 cm is not in the product facts"},
		{"Frying Pan 28 cm", "Frying Pan 28 cm is part of our kitchen range.", func(f Facts) Facts {
			f["length"], f["length_unit"] = "30", "CENTIMETER"
			return f
		}, "length 28 cm is not the product's length (30 cm)"},
		{"Compact green Pan 77", "It keeps your feet dry.", same, ""},
		{"Compact green Pan 77", "Put your best foot forward.", same, ""},
		{"Compact green Pan 77", "It has a foot rest.", same, ""},
		{"Compact green Pan 77", "A ton of comfort.", same, ""},
		{"Compact green Pan 77", "It weighs 0.4 kg, not 2 feet.", same, "length 2 feet"},
	} {
		t.Run(c.name+": "+c.text, func(t *testing.T) {
			f := groundFacts()
			f["name"] = c.name
			err := Verify(c.text, c.edit(f))
			if (c.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), c.want)) {
				t.Errorf("Verify(%q) = %v, want %q", c.text, err, c.want)
			}
		})
	}
}

// TestVerifyPassesOrdinaryProse: plain product prose in the template locales,
// with abbreviations, apostrophes, ampersands and everyday words that look
// like units or instructions, passes.
func TestVerifyPassesOrdinaryProse(t *testing.T) {
	for _, text := range []string{
		"This sturdy pan heats evenly and is easy to clean. It weighs 0.400 kg.",
		"Perfect for everyday cooking: eggs, pancakes and more, e.g. on gas or induction hobs.",
		"It's dishwasher-safe, PFAS-free and made to last. Its colour is green.",
		"Ideal for one-person households; a lid that clicks shut keeps the heat in.",
		"Follow the care instructions on the label. Save time in the kitchen.",
		"Shoes that keep your feet warm, with a ton of comfort and the best foot forward.",
		"Die Pfanne ist spülmaschinengeeignet und ideal für den täglichen Gebrauch, z.B. für Eier. Gewicht: 0,4 kg.",
		"Ein echter Allrounder für die Küche, ca. 0,4 kg leicht.",
		"Cette poêle d'un vert élégant est idéale pour la cuisine de tous les jours. Poids : 0,400 kg. Prix : 9,90 €.",
		"Le couvercle s'emboîte, c.-à-d. il ferme bien; p.ex. pour les œufs.",
		"Price: EUR 9.90, weight 400 g. Salt & pepper not included.",
		"Nicht umsonst beliebt: der Komfort, den die Sohle bietet.",
		"Weighing only 0.4 kg, it's easy to handle; nur 0,4 kg leicht.",
		"Before first use, rinse with warm water. Don't forget to dry it well.",
		"Don't forget to preheat the pan before cooking, and keep the care instructions.",
		"Vergessen Sie nicht, die Pfanne vorher zu erhitzen.",
		"Click the lid into place; the button below the display starts it. You are now ready to cook.",
		"It works as an AI-assisted speaker and sensors respond with precision.",
		"Sie sind jetzt bereit zum Kochen. Vous êtes maintenant prêt.",
		"Der Deckel reduziert Spritzer. Rangez-la dans la remise de jardin. Good ground clearance.",
		"Idéal pour le linge sale, avec le confort offert par la poignée.",
	} {
		if err := Verify(text, groundFacts()); err != nil {
			t.Errorf("Verify(%q) = %v, want pass", text, err)
		}
	}
}
