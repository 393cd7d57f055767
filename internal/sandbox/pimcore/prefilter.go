package pimcore

import "strings"

// plainEq is a listing filter that is one plain equality on a scalar string
// field, {"sku": "SKU-1"}: the lookup a loader sends for every item it
// writes. The listing checks it first, cheaply, on the stored text, and runs
// the compiled filter only on the objects that pass, as an index would; the
// compiled filter still decides.
type plainEq struct{ col, value string }

// plainEqOf returns the filter m as a plainEq, nil when it is anything else.
func (s *Server) plainEqOf(m map[string]any) *plainEq {
	if len(m) != 1 {
		return nil
	}
	for col, v := range m {
		f, ok := s.fields[col]
		text, isText := v.(string)
		if !ok || !isText || f.Localized || s.class.columns()[col] != kString {
			return nil
		}
		return &plainEq{col: col, value: text}
	}
	return nil
}

// mayMatch reports whether object i can match e: false only when both texts
// are ASCII and differ in more than case (the collation's equality), or the
// field has no value (NULL matches no equality); the caller holds s.mu.
func (s *Server) mayMatch(e *plainEq, i int) bool {
	o := s.get(i)
	if o == nil {
		return false
	}
	v, ok := o.Text[e.col]
	if !ok {
		return false
	}
	return strings.EqualFold(v, e.value) || !ascii(v) || !ascii(e.value)
}

func ascii(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] >= 0x80 {
			return false
		}
	}
	return true
}
