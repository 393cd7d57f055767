package pimcore

import (
	"maps"
	"strings"
)

// Quantity is a quantityValue: the number's decimal text and the unit's
// abbreviation.
type Quantity struct {
	Value string `json:"value"`
	Unit  string `json:"unit"`
}

// object is one data object of the class. Values are kept by kind; a field
// absent from its map is null.
type object struct {
	ID        int    `json:"id"`
	Key       string `json:"key"`
	Published bool   `json:"published"`
	Deleted   bool   `json:"deleted,omitempty"`
	Created   int64  `json:"creationDate"`
	// Type is "variant" for an object variant, "" for an object; ParentID
	// is the id of a variant's parent object and Path its parent's path
	// (both zero for an object in the products folder).
	Type     string `json:"type,omitempty"`
	ParentID int    `json:"parentId,omitempty"`
	Path     string `json:"path,omitempty"`
	Modified int64  `json:"modificationDate"`
	// Text holds input, textarea, select, date, image (asset path) and
	// numeric (exact decimal text) values.
	Text map[string]string `json:"text"`
	// Local holds localized values: field -> language -> text.
	Local map[string]map[string]string `json:"local"`
	Qty   map[string]Quantity          `json:"qty"`
	Bool  map[string]bool              `json:"bool"`
}

// clone copies o deeply enough for a write to change the copy alone.
func (o *object) clone() *object {
	cp := *o
	cp.Text, cp.Qty, cp.Bool = maps.Clone(o.Text), maps.Clone(o.Qty), maps.Clone(o.Bool)
	if cp.Text == nil {
		cp.Text = map[string]string{}
	}
	if cp.Qty == nil {
		cp.Qty = map[string]Quantity{}
	}
	if cp.Bool == nil {
		cp.Bool = map[string]bool{}
	}
	cp.Local = make(map[string]map[string]string, len(o.Local))
	for k, v := range o.Local {
		cp.Local[k] = maps.Clone(v)
	}
	return &cp
}

// fullpath is where the object sits in the tree.
func (o *object) fullpath() string { return o.dir() + "/" + o.Key }

// dir is the path of the object's parent.
func (o *object) dir() string {
	if o.Path != "" {
		return o.Path
	}
	return folderPath
}

// folderPath is the folder holding every product.
const folderPath = "/Products"

// build builds catalog product i as the Pimcore sandbox holds it, with the
// catalog's planted defects exactly as the Akeneo emulator shows them.
func (s *Server) build(i int) *object {
	if s.realistic() {
		return s.buildRealistic(i)
	}
	p := s.cat.PIM(i)
	o := &object{ID: i + 1, Key: p.SKU, Published: true,
		Created:  s.cat.Created().Unix(),
		Modified: s.cat.Updated(i).Unix(),
		Text: map[string]string{"sku": p.SKU, "family": p.Family, "color": p.Color, "ean": p.EAN,
			"price": p.Price},
		Local: map[string]map[string]string{"name": {"en": p.Name}},
		Qty:   map[string]Quantity{"weight": {Value: p.Weight, Unit: p.WeightUnit}},
		Bool:  map[string]bool{},
	}
	if p.Description != "" {
		o.Local["description"] = map[string]string{"en": p.Description}
	}
	return o
}

// get returns object i (changed or planted), nil when deleted or out of
// range; the caller holds s.mu.
func (s *Server) get(i int) *object {
	if i < 0 || i >= s.size() {
		return nil
	}
	if o, ok := s.changed[i]; ok {
		if o.Deleted {
			return nil
		}
		return o
	}
	return s.planted(i)
}

// row is the cheap view of object i the listing filters and sorts on: system
// columns without building the object; the caller holds s.mu.
type row struct {
	index     int
	published bool
	modified  int64
}

// rowOf returns the system columns of object i and whether it exists.
func (s *Server) rowOf(i int) (row, bool) {
	if o, ok := s.changed[i]; ok {
		return row{index: i, published: o.Published, modified: o.Modified}, !o.Deleted
	}
	if i >= s.cat.N {
		o := s.planted(i)
		if o == nil {
			return row{}, false
		}
		return row{index: i, published: o.Published, modified: o.Modified}, true
	}
	return row{index: i, published: true, modified: s.cat.Updated(i).Unix()}, true
}

// indexOfPath finds the object at fullpath; the caller holds s.mu.
func (s *Server) indexOfPath(path string) (int, bool) {
	key, ok := cutFolder(path)
	if !ok {
		return 0, false
	}
	if at := strings.LastIndex(key, "/"); at >= 0 {
		key = key[at+1:]
	}
	if s.realistic() {
		if slot, ok := s.modelSlot(key); ok {
			if o := s.get(slot); o != nil && o.fullpath() == path {
				return slot, true
			}
		}
	}
	if i, ok := s.cat.IndexOfSKU(key); ok {
		if o := s.get(i); o != nil && o.Key == key && o.fullpath() == path {
			return i, true
		}
	}
	for i, o := range s.changed {
		if !o.Deleted && o.Key == key {
			return i, true
		}
	}
	return 0, false
}

// cutFolder returns the key of a path inside the products folder.
func cutFolder(path string) (string, bool) {
	if len(path) <= len(folderPath)+1 || path[:len(folderPath)+1] != folderPath+"/" {
		return "", false
	}
	return path[len(folderPath)+1:], true
}

// mutate applies change to a copy of object id and stores it; it reports
// whether the object exists.
func (s *Server) mutate(id int, change func(o *object)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.get(id - 1)
	if o == nil {
		return false
	}
	cp := o.clone()
	change(cp)
	s.store(id-1, cp)
	return true
}

// Delete removes object id, as an editor deleting it between two pages
// would. It reports whether the object existed.
func (s *Server) Delete(id int) bool {
	return s.mutate(id, func(o *object) { o.Deleted = true })
}

// Unpublish unpublishes object id and bumps its modification date.
func (s *Server) Unpublish(id int) bool {
	return s.mutate(id, func(o *object) { o.Published = false; o.Modified = s.now().Unix() })
}

// Touch bumps object id's modification date to the emulator's clock without
// changing a value, as a save in the admin interface does.
func (s *Server) Touch(id int) bool {
	return s.mutate(id, func(o *object) { o.Modified = s.now().Unix() })
}

// Value returns the value of field of object id as the emulator holds it:
// a string for text-like and numeric fields (numeric as exact decimal text),
// a Quantity, a bool, or for a localized field the text in lang. It reports
// false when the object or the value is missing.
func (s *Server) Value(id int, field, lang string) (any, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := s.get(id - 1)
	if o == nil {
		return nil, false
	}
	if v, ok := o.Local[field][lang]; ok {
		return v, true
	}
	if v, ok := o.Text[field]; ok {
		return v, true
	}
	if v, ok := o.Qty[field]; ok {
		return v, true
	}
	v, ok := o.Bool[field]
	return v, ok
}
