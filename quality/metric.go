package quality

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// quantity reads a number, a metric's amount and unit ("" for a plain
// number) or a text holding a decimal; ok is false when the amount is not a
// decimal.
func quantity(v transform.Value) (amount *big.Rat, unit string, ok bool) {
	switch {
	case v.Kind == transform.KindMetric:
		amount, ok = amountOf(v.Number)
		return amount, v.Unit, ok
	case v.Kind == transform.KindNumber:
		amount, ok = amountOf(v.Number)
	case v.Textual():
		amount, ok = amountOf(v.Text)
	}
	return amount, "", ok
}

// checkRange compares in the rule's unit (or the standard unit of the value's
// measurement family): 25,000 GRAM is 25 KILOGRAM.
func (r Rule) checkRange(v transform.Value) (string, *Fix) {
	amount, unit, ok := quantity(v)
	if !ok {
		return "value is not a number", nil
	}
	shownAs := decimalText(amount)
	if unit != "" {
		target := r.Unit
		if target == "" {
			target = transform.StandardUnit(unitFamily(unit))
		}
		if _, known := transform.UnitOf(unit); !known && r.Unit == "" {
			// No conversion is known for the unit (HERTZ, CELSIUS, …) and the
			// rule names none: the range is read in the value's own unit.
			target = unit
		}
		conv, err := transform.Convert(amount, unit, firstNonEmpty(target, "a standard unit"))
		if err != nil {
			return fmt.Sprintf("%s: %v, so the range cannot be checked", r.Attribute, err), nil
		}
		shownAs = fmt.Sprintf("%s %s", decimalText(amount), unit)
		if unit != target {
			shownAs += fmt.Sprintf(" (%s %s)", decimalText(conv), target)
		}
		amount = conv
	} else if r.Unit != "" {
		shownAs += " " + r.Unit
	}
	if (r.Min != nil && amount.Cmp(ratOf(*r.Min)) < 0) || (r.Max != nil && amount.Cmp(ratOf(*r.Max)) > 0) {
		return fmt.Sprintf("%s is %s, outside %s", r.Attribute, shownAs, bounds(r.Min, r.Max)), nil
	}
	return "", nil
}

func bounds(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("[%g, %g]", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("[%g, ∞)", *lo)
	}
	return fmt.Sprintf("(−∞, %g]", *hi)
}

// checkUnit checks the unit is allowed and the amount plausible for the
// product's family after conversion to the first allowed unit; a spelling
// fix is proposed only when the corrected value is plausible.
func (r Rule) checkUnit(p *transform.Product, v transform.Value, s slot) (string, *Fix) {
	if v.Kind != transform.KindMetric {
		return "value is not a metric", nil
	}
	if !slices.Contains(r.Units, v.Unit) {
		right, ok := r.Spellings[v.Unit]
		if !ok || r.Fix != "unit" {
			return fmt.Sprintf("unit %q is not one of %s", v.Unit, strings.Join(r.Units, ", ")), nil
		}
		msg := fmt.Sprintf("unit %q is not allowed; %q is its spelling", v.Unit, right)
		if why := r.implausible(p.Family, v.Number, right); why != "" {
			return msg + ", but " + why + ", so no correction is proposed", nil
		}
		fixed := v
		fixed.Unit = right
		return msg, r.fix(s, fixed)
	}
	return r.implausible(p.Family, v.Number, v.Unit), nil
}

// implausible says why an amount in unit is outside the family's magnitude
// band (given in the first allowed unit), or "" when it is inside or the
// family has no band.
func (r Rule) implausible(family string, raw string, unit string) string {
	band, ok := r.Magnitude[family]
	if !ok || len(r.Units) == 0 {
		return ""
	}
	amount, ok := amountOf(raw)
	if !ok {
		return fmt.Sprintf("%s amount %s is not a number", r.Attribute, raw)
	}
	conv, err := transform.Convert(amount, unit, r.Units[0])
	if err != nil {
		return fmt.Sprintf("%v to check its magnitude", err)
	}
	if conv.Cmp(ratOf(band[0])) < 0 || conv.Cmp(ratOf(band[1])) > 0 {
		as := ""
		if unit != r.Units[0] {
			as = fmt.Sprintf(" (%s %s)", decimalText(conv), r.Units[0])
		}
		return fmt.Sprintf("%s %s%s is implausible for family %s (expected %g–%g %s)", decimalText(amount), unit, as, family, band[0], band[1], r.Units[0])
	}
	return ""
}

// checkCross compares the PIM price in the rule's currency with the staged
// ERP price as exact decimals, within the rule's tolerance exactly.
func (r Rule) checkCross(p *transform.Product, v transform.Value, present bool, c *Context) (string, *Fix) {
	erp, ok := c.ERP[p.Identifier]
	if !ok || erp.Currency != r.Currency {
		return "skip", nil
	}
	want, ok := amountOf(erp.Amount)
	if !ok {
		return fmt.Sprintf("the ERP price %q is not a decimal", erp.Amount), nil
	}
	if !present {
		return fmt.Sprintf("no %s price in the PIM; the ERP has %s", r.Currency, erp.Amount), nil
	}
	if v.Kind != transform.KindPrices {
		return "value is not a price collection", nil
	}
	for _, pr := range v.Amounts {
		if pr.Currency != r.Currency {
			continue
		}
		got, ok := amountOf(pr.Amount)
		if ok {
			diff := new(big.Rat).Sub(got, want)
			if diff.Abs(diff).Cmp(ratOf(r.Tolerance)) <= 0 {
				return "", nil
			}
		}
		return fmt.Sprintf("PIM price %s %s differs from the ERP price %s %s", clip(pr.Amount), r.Currency, erp.Amount, r.Currency), nil
	}
	return fmt.Sprintf("no %s price in the PIM; the ERP has %s", r.Currency, erp.Amount), nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
