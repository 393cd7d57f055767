package hubspot

import (
	"net/http"
	"strconv"
)

// ownerJSON is an owner on the wire.
type ownerJSON struct {
	ID        string   `json:"id"`
	Email     string   `json:"email"`
	FirstName string   `json:"firstName"`
	LastName  string   `json:"lastName"`
	UserID    int      `json:"userId"`
	CreatedAt string   `json:"createdAt"`
	UpdatedAt string   `json:"updatedAt"`
	Archived  bool     `json:"archived"`
	Teams     []string `json:"teams"`
}

// ownersPage is GET /crm/v3/owners' answer.
type ownersPage struct {
	Results []ownerJSON `json:"results"`
	Paging  *paging     `json:"paging,omitempty"`
}

// owners serves GET /crm/v3/owners?limit(≤500)&after&email&archived.
func (e *Emulator) owners(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, ok := e.limitParam(w, q, 100, 500)
	if !ok {
		return
	}
	if _, ok := e.boolParam(w, q, "archived"); !ok {
		return
	}
	from := int64(0)
	if q.Has("after") {
		if from, ok = decodeAfter(q.Get("after")); !ok {
			e.invalid(w, "Invalid after: "+strconv.Quote(q.Get("after")))
			return
		}
	}
	out := ownersPage{Results: []ownerJSON{}}
	created := e.seedTime().Format(stamp)
	for k := int(from); k < len(e.opt.Owners); k++ {
		o := e.opt.Owners[k]
		if email := q.Get("email"); email != "" && o.Email != email {
			continue
		}
		if len(out.Results) == limit {
			out.Paging = nextPage(r, encodeAfter(int64(k)))
			break
		}
		out.Results = append(out.Results, ownerJSON{ID: o.ID, Email: o.Email, FirstName: o.FirstName, LastName: o.LastName,
			UserID: o.UserID, CreatedAt: created, UpdatedAt: created, Teams: []string{}})
	}
	writeJSON(w, http.StatusOK, out)
}

// isOwner reports whether id is an owner's id.
func (e *Emulator) isOwner(id string) bool {
	for _, o := range e.opt.Owners {
		if o.ID == id {
			return true
		}
	}
	return false
}

// propertyJSON is a property definition on the wire.
type propertyJSON struct {
	Name                 string `json:"name"`
	Label                string `json:"label"`
	Type                 string `json:"type"`
	FieldType            string `json:"fieldType"`
	GroupName            string `json:"groupName"`
	HasUniqueValue       bool   `json:"hasUniqueValue"`
	Hidden               bool   `json:"hidden"`
	ModificationMetadata struct {
		Archivable         bool `json:"archivable"`
		ReadOnlyDefinition bool `json:"readOnlyDefinition"`
		ReadOnlyValue      bool `json:"readOnlyValue"`
	} `json:"modificationMetadata"`
}

var groups = map[string]string{"contacts": "contactinformation", "companies": "companyinformation", "products": "productinformation"}

// properties serves GET /crm/v3/properties/{type}.
func (e *Emulator) properties(w http.ResponseWriter, t *table) {
	out := make([]propertyJSON, 0, len(t.props))
	for _, p := range t.props {
		j := propertyJSON{Name: p.Name, Label: p.Label, Type: p.Type, FieldType: p.FieldType, GroupName: groups[t.name],
			HasUniqueValue: p.Unique}
		j.ModificationMetadata.ReadOnlyValue = p.ReadOnly
		j.ModificationMetadata.ReadOnlyDefinition = true
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": out})
}
