package pimcore

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ListingField is the class's listing query, get<Class>Listing.
func (s Settings) ListingField() string { return "get" + s.Class + "Listing" }

// GetField is the class's single-object query, get<Class>.
func (s Settings) GetField() string { return "get" + s.Class }

// UpdateField is the class's update mutation, update<Class>.
func (s Settings) UpdateField() string { return "update" + s.Class }

// Alias is the alias a localized field is read under in one language
// (name_en for name in en).
func Alias(field, language string) string { return field + "_" + language }

// Selection is the node selection of one object: the system fields, the
// identifier, family and price fields, then every mapped field, a localized
// one once per language under its alias.
func (s Settings) Selection() string {
	parts := []string{"id", "modificationDate", "published", s.IdentifierField}
	for _, f := range []string{s.FamilyField, s.PriceField} {
		if f != "" {
			parts = append(parts, f)
		}
	}
	if s.Variants {
		parts = append(parts, s.TreeSelection())
	}
	for _, fn := range s.SortedFields() {
		if !s.Fields[fn].Localized {
			parts = append(parts, s.FieldSelection(fn, ""))
			continue
		}
		for _, l := range s.SortedLanguages() {
			parts = append(parts, s.FieldSelection(fn, l))
		}
	}
	return strings.Join(parts, " ")
}

// Tree aliases: the parent's key and the variant children's ids.
const (
	ParentAlias   = "parentObject"
	VariantsAlias = "variantChildren"
)

// TreeSelection reads an object's parent (its key, when the parent is an
// object of the class) and its variant children (their ids), through the
// object_tree union as Datahub types them.
func (s Settings) TreeSelection() string {
	on := "... on object_" + s.Class
	return fmt.Sprintf(`%s: parent { %s { key } } %s: children(objectTypes: ["variant"]) { %s { id } }`, ParentAlias, on, VariantsAlias, on)
}

// FieldSelection reads one mapped field (in language, under its alias, when
// localized): "color", "weight { value unit { abbreviation } }",
// "image { fullpath }", `name_en: name(language: "en")`. A field outside Fields (the price field)
// is read by its name.
func (s Settings) FieldSelection(field, language string) string {
	fd := s.Fields[field]
	sub := ""
	switch fd.Kind {
	case KindMetric:
		sub = " { value unit { abbreviation } }"
	case KindMedia:
		sub = " { fullpath }"
	}
	if !fd.Localized || language == "" {
		return field + sub
	}
	return fmt.Sprintf("%s: %s(language: %s)%s", Alias(field, language), field, quote(language), sub)
}

// SortByID and SortByTime are the listing orders steward uses: always an
// explicit order, since without sortBy the database's order is unstable.
var (
	SortByID   = Sort{By: []string{"id"}, Order: []string{"ASC"}}
	SortByTime = Sort{By: []string{"modificationDate", "id"}, Order: []string{"DESC", "DESC"}}
)

// Sort is a listing's sortBy and sortOrder.
type Sort struct{ By, Order []string }

func (o Sort) args() string {
	return fmt.Sprintf("sortBy: %s, sortOrder: %s", list(o.By), list(o.Order))
}

// ListingQuery is the listing query of the class in order, taking the
// variables first (Int), after (Int offset) and filter (String), and reading
// unpublished objects too (published: false reads both). selection is
// Selection() for full objects.
func (s Settings) ListingQuery(order Sort, selection string) string {
	return fmt.Sprintf("query ($first: Int, $after: Int, $filter: String) { %s(first: $first, after: $after, %s, filter: $filter, published: false) { totalCount edges { node { %s } } } }",
		s.ListingField(), order.args(), selection)
}

// IDsQuery reads the objects whose ids $ids names (comma-separated, as
// get<Class>Listing's ids argument takes them), published or not, by id,
// each with Selection().
func (s Settings) IDsQuery() string {
	return fmt.Sprintf("query ($ids: String) { %s(ids: $ids, %s, published: false) { totalCount edges { node { %s } } } }",
		s.ListingField(), SortByID.args(), s.Selection())
}

// Window bounds a listing by modificationDate (Unix seconds; From inclusive,
// To exclusive, 0 for no bound) and by id (AfterID exclusive, 0 for none).
type Window struct {
	From, To, AfterID int64
}

// Filter renders the window in Pimcore's filter syntax, "" when unbounded:
// {"$and":[{"modificationDate":{"$gte":F}},{"modificationDate":{"$lt":T}},{"id":{"$gt":A}}]}.
func (w Window) Filter() string {
	var conds []string
	if w.From > 0 {
		conds = append(conds, fmt.Sprintf(`{"modificationDate":{"$gte":%d}}`, w.From))
	}
	if w.To > 0 {
		conds = append(conds, fmt.Sprintf(`{"modificationDate":{"$lt":%d}}`, w.To))
	}
	if w.AfterID > 0 {
		conds = append(conds, fmt.Sprintf(`{"id":{"$gt":%d}}`, w.AfterID))
	}
	if len(conds) == 0 {
		return ""
	}
	return `{"$and":[` + strings.Join(conds, ",") + `]}`
}

// Lookup is one object a read-before-write asks for: by id when ID is set,
// else by the identifier field's value.
type Lookup struct {
	ID         int64
	Identifier string
}

// LookupQuery reads several objects in one request, object i under alias
// o<i>: get<Class>(id:) by id, or a listing filtered on the identifier field
// ({"sku":"X"}, published or not) by identifier.
func (s Settings) LookupQuery(ls []Lookup) (string, map[string]any) {
	var decl, body []string
	vars := map[string]any{}
	for i, l := range ls {
		if l.ID > 0 {
			decl = append(decl, fmt.Sprintf("$id%d: Int", i))
			vars[fmt.Sprintf("id%d", i)] = l.ID
			body = append(body, fmt.Sprintf("o%d: %s(id: $id%d) { %s }", i, s.GetField(), i, s.Selection()))
			continue
		}
		f, _ := json.Marshal(map[string]string{s.IdentifierField: l.Identifier})
		decl = append(decl, fmt.Sprintf("$f%d: String", i))
		vars[fmt.Sprintf("f%d", i)] = string(f)
		body = append(body, fmt.Sprintf("o%d: %s(first: 2, filter: $f%d, published: false) { totalCount edges { node { %s } } }", i, s.ListingField(), i, s.Selection()))
	}
	return fmt.Sprintf("query (%s) { %s }", strings.Join(decl, ", "), strings.Join(body, " ")), vars
}

// Update is one update<Class> mutation: Input fields in order, in Language
// when set (defaultLanguage), on object ID.
type Update struct {
	ID       int64
	Language string
	Input    []InputField
}

// InputField is one field of a mutation's input with its GraphQL literal,
// and the selection that reads it back from the saved object (FieldSelection;
// "" for none).
type InputField struct {
	Name    string
	Literal string
	Read    string
}

// UpdateMutation sends several updates in one request, update i under
// alias u<i>, each answering success and message, and the saved object's
// fields named by the inputs' Read under output: Pimcore saves some values
// other than sent without failing (a unit abbreviation it does not know
// becomes null, a numeric is rounded to its precision), so a writer must
// read back what it wrote. Mutations run in order. With OmitMandatoryCheck
// each passes omitMandatoryCheck: true; without, none passes the argument
// (false would also check unpublished objects, which Pimcore by itself
// does not).
func (s Settings) UpdateMutation(us []Update) (string, map[string]any) {
	var decl, body []string
	vars := map[string]any{}
	for i, u := range us {
		decl = append(decl, fmt.Sprintf("$id%d: Int!", i))
		vars[fmt.Sprintf("id%d", i)] = u.ID
		args := ""
		if s.OmitMandatoryCheck {
			args = ", omitMandatoryCheck: true"
		}
		if u.Language != "" {
			args += ", defaultLanguage: " + quote(u.Language)
		}
		in := make([]string, len(u.Input))
		var reads []string
		for k, f := range u.Input {
			in[k] = f.Name + ": " + f.Literal
			if f.Read != "" {
				reads = append(reads, f.Read)
			}
		}
		output := ""
		if len(reads) > 0 {
			output = " output { " + strings.Join(reads, " ") + " }"
		}
		body = append(body, fmt.Sprintf("u%d: %s(id: $id%d%s, input: {%s}) { success message%s }", i, s.UpdateField(), i, args, strings.Join(in, ", "), output))
	}
	return fmt.Sprintf("mutation (%s) { %s }", strings.Join(decl, ", "), strings.Join(body, " ")), vars
}

// quote writes a GraphQL string literal (JSON's escapes are GraphQL's).
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func list(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// numberText is a JSON number, which is also a GraphQL Int or Float literal.
var numberText = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// StringLiteral is a GraphQL string.
func StringLiteral(s string) string { return quote(s) }

// NumberLiteral is an exact decimal as a GraphQL number, its text kept.
func NumberLiteral(text string) (string, error) {
	if !numberText.MatchString(text) {
		return "", fmt.Errorf("%q is not a decimal number", text)
	}
	return text, nil
}

// BoolLiteral is a GraphQL boolean.
func BoolLiteral(b bool) string { return strconv.FormatBool(b) }

// ListLiteral is a GraphQL list of strings.
func ListLiteral(ss []string) string { return list(ss) }

// QuantityLiteral is a quantityValue input: {value: 1.5, unit: "KILOGRAM"}.
func QuantityLiteral(value, unit string) (string, error) {
	n, err := NumberLiteral(value)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("{value: %s, unit: %s}", n, quote(unit)), nil
}
