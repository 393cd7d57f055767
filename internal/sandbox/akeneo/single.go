package akeneo

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// product answers GET, PATCH (upsert) on /products-uuid/{uuid}.
func (s *Server) product(w http.ResponseWriter, r *http.Request, uuid string) {
	switch r.Method {
	case http.MethodGet:
		s.mu.RLock()
		i, ok := s.indexOfUUID(strings.ToLower(uuid))
		var item map[string]any
		if ok {
			item = s.get(i).item(false, nil, baseURL(r)+r.URL.Path)
		}
		s.mu.RUnlock()
		if !ok {
			writeError(w, http.StatusNotFound, "Product \""+uuid+"\" does not exist or you do not have permission to access it.")
			return
		}
		writeJSON(w, http.StatusOK, item)
	case http.MethodPatch:
		s.single(w, r, uuid)
	default:
		writeError(w, http.StatusMethodNotAllowed, "Method not allowed")
	}
}

// single applies a one-product write: PATCH /products-uuid/{uuid} creates or
// updates, POST /products-uuid creates (pathUUID ""). Success is 201 or 204
// with a Location header and no body; a rejected product is 422 with errors.
func (s *Server) single(w http.ResponseWriter, r *http.Request, pathUUID string) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		writeError(w, http.StatusUnsupportedMediaType, "The 'Content-type' header is missing. 'application/json' has to specified as value.")
		return
	}
	if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "\""+ct+"\" in \"Content-Type\" header is not valid. Only 'application/json' is allowed.")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || !json.Valid(body) {
		writeError(w, http.StatusBadRequest, "Invalid json message received")
		return
	}
	var key struct {
		UUID string `json:"uuid"`
	}
	_ = json.Unmarshal(body, &key)
	if key.UUID == "" && pathUUID != "" {
		body = withUUID(body, pathUUID)
	}
	if r.Method == http.MethodPost {
		if key.UUID == "" {
			// The PIM generates a uuid for a product created without one.
			body = withUUID(body, randomUUID())
		} else if s.exists(key.UUID) {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"code": 422, "message": "Validation failed.",
				"errors": []fieldError{{Property: "uuid", Message: "The same uuid is already set on another product"}}})
			return
		}
	}
	res := s.applyLine(1, body, false, pathUUID)
	switch res.StatusCode {
	case http.StatusCreated, http.StatusNoContent:
		w.Header().Set("Location", baseURL(r)+"/api/rest/v1/products-uuid/"+url.PathEscape(res.UUID))
		w.WriteHeader(res.StatusCode)
	default:
		out := map[string]any{"code": res.StatusCode, "message": res.Message}
		if len(res.Errors) > 0 {
			out["errors"] = res.Errors
		}
		if res.Links != nil {
			out["_links"] = res.Links
		}
		writeJSON(w, res.StatusCode, out)
	}
}

func (s *Server) exists(uuid string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.indexOfUUID(strings.ToLower(uuid))
	return ok
}

func withUUID(body []byte, uuid string) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	m["uuid"], _ = json.Marshal(uuid)
	out, _ := json.Marshal(m)
	return out
}

func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// productModels lists the product models the variants point to (paged),
// or answers GET /product-models/{code}.
func (s *Server) productModels(w http.ResponseWriter, r *http.Request, code string) {
	if s.cat.Profile == catalog.Realistic {
		s.realisticModels(w, r, code)
		return
	}
	models := s.models()
	if code != "" {
		m, ok := models[code]
		if !ok {
			writeError(w, http.StatusNotFound, "Product model \""+code+"\" does not exist or you do not have permission to access it.")
			return
		}
		writeJSON(w, http.StatusOK, m.item(baseURL(r)+r.URL.Path))
		return
	}
	codes := make([]string, 0, len(models))
	for c := range models {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	items := make([]any, len(codes))
	for i, c := range codes {
		items[i] = models[c].item(baseURL(r) + "/api/rest/v1/product-models/" + url.PathEscape(c))
	}
	paged(w, r, items)
}

type model struct {
	code, family string
	first        *product
}

func (m model) item(self string) map[string]any {
	return map[string]any{
		"_links": map[string]any{"self": map[string]string{"href": self}},
		"code":   m.code, "family": m.family, "family_variant": m.family + "_by_size", "parent": nil,
		"categories": []string{"master_" + m.family}, "values": map[string]any{},
		"associations": map[string]any{}, "quantified_associations": map[string]any{},
		"created": m.first.Created.UTC().Format(timeLayout), "updated": m.first.Created.UTC().Format(timeLayout),
	}
}

func (s *Server) models() map[string]model {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := map[string]model{}
	for i := range s.total {
		p := s.get(i)
		if _, ok := out[p.Parent]; p.Parent != "" && !ok {
			out[p.Parent] = model{code: p.Parent, family: p.Family, first: p}
		}
	}
	return out
}
