package filedrop

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	api "github.com/stewardhq/steward/internal/api/filedrop"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/transform"
)

// mapper turns a file's rows into canonical records of the job's data type:
// a product (transform.Product) from its columns and attribute columns, any
// other data type by its canonical type's JSON fields.
type mapper struct {
	dt transform.DataType
	s  api.Settings
	// fields are the Go types of the canonical type's JSON fields.
	fields map[string]reflect.Type
}

var timeType = reflect.TypeFor[time.Time]()

// newMapper checks that every mapped column names a field of dt's canonical
// type, once, and that attribute columns are only given for products. Each
// problem names its settings key (below "settings.") in Key.
func newMapper(dt transform.DataType, s api.Settings) (mapper, []mapProblem) {
	if dt.New == nil {
		return mapper{}, []mapProblem{{"", fmt.Sprintf("data type %s has no canonical type", dt.Name), "use a data type steward knows"}}
	}
	m := mapper{dt: dt, s: s}
	m.fields = jsonFields(reflect.TypeOf(m.canonical()).Elem())
	var ps []mapProblem
	byField := map[string]string{}
	hint := "one of the fields of " + dt.Name + ": " + strings.Join(sortedNames(m.fields), ", ")
	for _, col := range sortedKeys(s.Columns) {
		field := s.Columns[col]
		if _, ok := m.fields[field]; !ok || field == "values" {
			ps = append(ps, mapProblem{"columns." + col, fmt.Sprintf("column %q maps to %q, which is not a field of %s", col, field, dt.Name), hint})
		} else if other, ok := byField[field]; ok {
			ps = append(ps, mapProblem{"columns." + col, fmt.Sprintf("columns %q and %q both map to %q", other, col, field), "map each field from one column"})
		}
		byField[field] = col
	}
	if len(s.Attributes) > 0 && !m.products() {
		ps = append(ps, mapProblem{"attributes", fmt.Sprintf("attribute columns are for products, not %s", dt.Name), "map the columns under columns"})
	}
	return m, ps
}

// mapProblem is a column map that does not fit the job's data type.
type mapProblem struct{ Key, Msg, Hint string }

// canonical returns a zero value of the data type's canonical Go type.
func (m mapper) canonical() transform.Entity { return m.dt.New() }

func (m mapper) products() bool {
	_, ok := m.canonical().(*transform.Product)
	return ok
}

// record maps one row.
func (m mapper) record(row map[string]string) (record.Record, error) {
	obj := map[string]any{}
	if m.products() {
		obj["enabled"] = true // a file that does not say otherwise lists live products
	}
	for col, field := range m.s.Columns {
		if v := strings.TrimSpace(row[col]); v != "" {
			val, err := m.typed(field, v)
			if err != nil {
				return record.Record{}, fmt.Errorf("column %q: %w", col, err)
			}
			obj[field] = val
		}
	}
	if err := m.keyAndTime(obj, row); err != nil {
		return record.Record{}, err
	}
	e := m.canonical()
	if err := remarshal(obj, e); err != nil {
		return record.Record{}, err
	}
	if err := m.finish(e, row); err != nil {
		return record.Record{}, err
	}
	if _, err := e.Fields(); err != nil {
		return record.Record{}, err
	}
	payload, err := json.Marshal(e)
	if err != nil {
		return record.Record{}, fmt.Errorf("encode canonical %s: %w", m.dt.Name, err)
	}
	return record.Record{Key: e.EntityKey(), Updated: e.ChangedAt(), Payload: payload}, nil
}

// keyAndTime fills the data type's key field from the key column and its
// change field from the updated column, unless columns map them already.
func (m mapper) keyAndTime(obj map[string]any, row map[string]string) error {
	key := strings.TrimSpace(row[m.s.Key])
	if key == "" {
		return fmt.Errorf("key column %q is empty", m.s.Key)
	}
	if _, ok := obj[m.dt.KeyField]; !ok {
		obj[m.dt.KeyField] = key
	}
	if m.s.Updated == "" || m.dt.ChangeField == "" {
		return nil
	}
	cell := strings.TrimSpace(row[m.s.Updated])
	if _, ok := obj[m.dt.ChangeField]; ok || cell == "" {
		return nil // an empty cell is a row without change time
	}
	t, err := parseTime(cell)
	if err != nil {
		return fmt.Errorf("column %q: %w", m.s.Updated, err)
	}
	obj[m.dt.ChangeField] = t
	return nil
}

// typed converts a cell to the Go type of field: times, booleans and lists
// are parsed; everything else stays text (decimals stay exact strings).
func (m mapper) typed(field, v string) (any, error) {
	switch t := m.fields[field]; {
	case t == timeType:
		return parseTime(v)
	case t.Kind() == reflect.Bool:
		return parseBool(v)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return list(v), nil
	}
	return v, nil
}

// finish completes what the JSON fields cannot say: a price's amount with its
// currency's decimals, a product's attribute values.
func (m mapper) finish(e transform.Entity, row map[string]string) error {
	switch e := e.(type) {
	case *transform.Price:
		if _, err := transform.Decimals(e.Currency); err != nil {
			return fmt.Errorf("column %q: %w", m.column("currency"), err)
		}
		if err := decimal(e.Amount); err != nil {
			return fmt.Errorf("column %q: %w", m.column("amount"), err)
		}
		amount, err := transform.FormatAmount(e.Amount, e.Currency)
		if err != nil {
			return fmt.Errorf("column %q: %w", m.column("amount"), err)
		}
		e.Amount = amount
	case *transform.Product:
		return m.values(e, row)
	}
	return nil
}

// column names the column mapped to a canonical field.
func (m mapper) column(field string) string {
	for col, f := range m.s.Columns {
		if f == field {
			return col
		}
	}
	return field
}

func remarshal(obj map[string]any, e transform.Entity) error {
	b, err := json.Marshal(obj)
	if err != nil {
		return fmt.Errorf("encode row: %w", err)
	}
	if err := json.Unmarshal(b, e); err != nil {
		return fmt.Errorf("row does not fit the canonical type: %w", err)
	}
	return nil
}

// timeLayouts are the change-time formats read; times without a zone are UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"}

func parseTime(v string) (time.Time, error) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time (RFC 3339, 2006-01-02 15:04:05 or 2006-01-02)", v)
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "yes", "y", "ja", "oui":
		return true, nil
	case "no", "n", "nein", "non":
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%q is not a boolean", v)
	}
	return b, nil
}

// list splits a cell into values: a JSON array of strings (NDJSON), or text
// separated by commas.
func list(v string) []string {
	var out []string
	if strings.HasPrefix(v, "[") && json.Unmarshal([]byte(v), &out) == nil {
		return out
	}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// jsonFields maps the JSON names of a struct's fields to their Go types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && name != "" && name != "-" {
			out[name] = f.Type
		}
	}
	return out
}

func sortedNames(m map[string]reflect.Type) []string { return sortedKeys(m) }

func sortedKeys[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
