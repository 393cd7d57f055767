package pimcore

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// apply writes input into o as Datahub's input processors do, then checks
// the object as Pimcore's save does (omit is the save's omitMandatoryCheck,
// see omitsMandatory); the error text is the message a failed save answers
// with.
func (s *Server) apply(o *object, input map[string]any, lang string, omit bool) error {
	names := make([]string, 0, len(input))
	for k := range input {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		f, ok := s.fields[name]
		if !ok {
			continue // the input type has no such field: validation refused it already
		}
		if err := s.set(o, f, input[name], lang); err != nil {
			return fmt.Errorf("Validation failed: %w", err)
		}
	}
	if err := s.validate(o, omit); err != nil {
		return err
	}
	if !omit {
		return nil
	}
	if msg := s.tooLongForColumn(o); msg != "" {
		return errors.New(msg)
	}
	return nil
}

// DefaultColumnLength is an input field's varchar length when the class
// does not set one (Pimcore 11's Input::$columnLength).
const DefaultColumnLength = 190

// validate checks the whole object as Concrete::update does before a save:
// every field in the class's order, not only the written ones; the failures
// are joined with " / " after "Validation failed: ". Pimcore 11 checks an
// input's length (and a regex, which the sandbox classes have none of) and,
// unless omit, every mandatory field (Data::checkValidity: "Empty mandatory
// field [ <name> ]"); a select's value is not checked against its options,
// nor a quantity value's unit against the field's valid units
// (Select::checkValidity, QuantityValue::checkValidity). See checkField and
// checkLocalized for inheritance and the localized fields' context.
func (s *Server) validate(o *object, omit bool) error {
	eff := s.effective(o)
	var errs []string
	for _, f := range s.class.Fields {
		msg := ""
		if f.Type == LocalizedFields {
			msg = s.checkLocalized(o, eff, f, omit)
		} else {
			msg = s.checkField(o, eff, f, omit)
		}
		if msg != "" {
			errs = append(errs, msg)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("Validation failed: %s", strings.Join(errs, " / "))
	}
	return nil
}

// set writes one field's value (nil clears it).
func (s *Server) set(o *object, f flatField, v any, lang string) error {
	switch {
	case f.Localized:
		if !slices.Contains(s.class.Languages, lang) {
			return fmt.Errorf("language %q is not a valid language of localized field [ %s ]", lang, f.Name)
		}
		if o.Local[f.Name] == nil {
			o.Local[f.Name] = map[string]string{}
		}
		return setText(o.Local[f.Name], lang, v)
	case f.Type == Numeric:
		return setNumber(o.Text, f, v)
	case f.Type == Checkbox:
		if b, ok := v.(bool); ok {
			o.Bool[f.Name] = b
		} else {
			delete(o.Bool, f.Name)
		}
		return nil
	case f.Type == QuantityValue:
		return s.setQuantity(o, f, v)
	}
	return setText(o.Text, f.Name, v)
}

// setText stores a string under k ("" stays ""), or removes it for null.
func setText(m map[string]string, k string, v any) error {
	str, ok := v.(string)
	if !ok {
		delete(m, k)
		return nil
	}
	m[k] = str
	return nil
}

// setNumber stores a numeric rounded to the field's decimal precision, as
// the DECIMAL column keeps it.
func setNumber(m map[string]string, f flatField, v any) error {
	n, ok := v.(float64)
	if !ok {
		if i, isInt := v.(int); isInt {
			n, ok = float64(i), true
		}
	}
	if !ok {
		delete(m, f.Name)
		return nil
	}
	m[f.Name] = roundHalfUp(strconv.FormatFloat(n, 'f', -1, 64), f.Precision)
	return nil
}

// roundHalfUp rounds a decimal text to places digits after the point, half
// away from zero, as MySQL stores a longer decimal in a DECIMAL column:
// Pimcore hands the column PHP's text of the float (12.345), not its binary
// value (12.3449999…).
func roundHalfUp(text string, places int) string {
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return text
	}
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
	r.Mul(r, scale)
	half := big.NewRat(1, 2)
	if r.Sign() < 0 {
		half.Neg(half)
	}
	r.Add(r, half)
	n := new(big.Int).Quo(r.Num(), r.Denom())
	return new(big.Rat).SetFrac(n, scale.Num()).FloatString(places)
}

// setQuantity stores {value, unit | unitId}.
func (s *Server) setQuantity(o *object, f flatField, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		delete(o.Qty, f.Name)
		return nil
	}
	q := Quantity{}
	switch n := m["value"].(type) {
	case float64:
		q.Value = strconv.FormatFloat(n, 'f', -1, 64)
	case int:
		q.Value = strconv.Itoa(n)
	}
	// Datahub's QuantityValue input processor looks the unit up by id
	// (unitId) or else by abbreviation (unit); a unit it does not find
	// becomes null without an error, and the save does not check the unit
	// against the field's valid units. The sandbox's unit ids are their
	// abbreviations.
	unit, hasID := m["unitId"].(string)
	if !hasID {
		unit, _ = m["unit"].(string)
	}
	if slices.Contains(s.class.Units, unit) {
		q.Unit = unit
	}
	o.Qty[f.Name] = q
	return nil
}
