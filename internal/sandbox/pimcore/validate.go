package pimcore

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
)

// apply writes input into o as Datahub's input processors do, then checks
// the written fields as Pimcore's save validation does; the error text is
// the message a failed save answers with.
func (s *Server) apply(o *object, input map[string]any, lang string) error {
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
	case f.Type == Select:
		if str, ok := v.(string); ok && !slices.Contains(f.Options, str) {
			return fmt.Errorf("value %q of select field [ %s ] is not one of its options", str, f.Name)
		}
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
	m[f.Name] = strconv.FormatFloat(n, 'f', f.Precision, 64)
	return nil
}

// setQuantity stores {value, unit | unitId}; the unit must be in the
// system's unit list and among the field's valid units.
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
	unit, _ := m["unitId"].(string)
	if unit == "" {
		unit, _ = m["unit"].(string)
	}
	if unit != "" && !slices.Contains(s.class.Units, unit) {
		return fmt.Errorf("unit %q of quantity value field [ %s ] is not in the unit list", unit, f.Name)
	}
	if unit != "" && len(f.ValidUnits) > 0 && !slices.Contains(f.ValidUnits, unit) {
		return fmt.Errorf("unit %q of quantity value field [ %s ] is not one of its valid units", unit, f.Name)
	}
	q.Unit = unit
	o.Qty[f.Name] = q
	return nil
}
