package sap

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"unicode/utf8"
)

// bpUpdate applies a PATCH or MERGE (also tunnelled in a POST with
// X-HTTP-Method: MERGE): a CSRF token is required, a JSON body
// (application/json, else 415), and If-Match (428 when
// missing, 412 on a mismatch, * for any); a partner's change date and time
// move to the clock when it or its address or tax number changes.
func (s *Server) bpUpdate(w http.ResponseWriter, r *http.Request, set v2Set, key map[string]string) {
	if !s.csrfValid(r) {
		w.Header().Set("X-CSRF-Token", "Required")
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, "CSRF token validation failed")
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		v2Error(w, http.StatusUnsupportedMediaType, "/IWBEP/CM_MGW_RT/004",
			"Content type '"+r.Header.Get("Content-Type")+"' not supported for the request body; send application/json")
		return
	}
	match := r.Header.Get("If-Match")
	if match == "" {
		v2Error(w, http.StatusPreconditionRequired, "/IWBEP/CM_MGW_RT/176", "Precondition required: send If-Match with the entity's ETag")
		return
	}
	var patch map[string]any
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	if err := dec.Decode(&patch); err != nil || patch == nil {
		v2Error(w, http.StatusBadRequest, "/IWBEP/CM_MGW_RT/001", "The request body is not a JSON object")
		return
	}
	if body, ok := patch["d"].(map[string]any); ok && len(patch) == 1 {
		patch = body // verbose JSON wraps a request body in "d" too
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.bpFind(set, key)
	if i < 0 {
		v2Error(w, http.StatusNotFound, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment '"+set.name+"'")
		return
	}
	row := s.bp[set.name][i]
	if match != "*" && match != bpEtag(row) {
		v2Error(w, http.StatusPreconditionFailed, "/IWBEP/CM_MGW_RT/025", "The entity was changed by another user (ETag mismatch)")
		return
	}
	next, msg := applyPatch(set, row, patch)
	if msg != "" {
		v2Error(w, http.StatusBadRequest, "/IWBEP/CM_MGW_RT/002", msg)
		return
	}
	s.bp[set.name][i] = next
	s.stampPartner(next)
	w.WriteHeader(http.StatusNoContent)
}

// applyPatch returns row with patch applied, or why it is refused: an
// unknown, key or read-only property, or a value not of its type.
func applyPatch(set v2Set, row, patch map[string]any) (map[string]any, string) {
	next := maps.Clone(row)
	for k, v := range patch {
		if k == "__metadata" {
			continue
		}
		typ, ok := set.types[k]
		switch {
		case !ok:
			return nil, "Property '" + k + "' is invalid"
		case set.readOnly[k] || containsString(set.keys, k):
			return nil, "Property '" + k + "' is read-only and cannot be changed"
		}
		_, isString := v.(string)
		_, isBool := v.(bool)
		if (typ == "Edm.String" && !isString) || (typ == "Edm.Boolean" && !isBool) {
			return nil, "Property '" + k + "' has an invalid value for type " + typ
		}
		if str, _ := v.(string); set.maxLen[k] > 0 && utf8.RuneCountInString(str) > set.maxLen[k] {
			return nil, fmt.Sprintf("Property '%s' is longer than its maximum length %d", k, set.maxLen[k])
		}
		next[k] = v
	}
	if set.name == BPSet {
		n1, _ := next["OrganizationBPName1"].(string)
		n2, _ := next["OrganizationBPName2"].(string)
		next["BusinessPartnerFullName"] = fullName(n1, n2)
	}
	return next, ""
}

// stampPartner moves the change date and time of the partner row belongs
// to (itself, or the one its BusinessPartner names) to the clock; the
// caller holds s.mu.
func (s *Server) stampPartner(row map[string]any) {
	id, ok := row["BusinessPartner"]
	if !ok {
		return
	}
	for _, bp := range s.bp[BPSet] {
		if bp["BusinessPartner"] == id {
			stampChange(bp, s.wallNow())
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DeletePartner removes a business partner with its address, tax numbers
// and customer role; false when there is none.
func (s *Server) DeletePartner(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	found := false
	for name, set := range bpSets {
		rows := s.bp[name][:0]
		for _, row := range s.bp[name] {
			if row[set.keys[0]] == id {
				found = true
				continue
			}
			rows = append(rows, row)
		}
		s.bp[name] = rows
	}
	return found
}

// ExpireCSRF ends every CSRF session: the next write of each client is 403
// with X-CSRF-Token: Required until it fetches a new token.
func (s *Server) ExpireCSRF() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.csrf)
}

// TouchPartner moves a partner's change date and time to the clock, as a
// change in SAP's own UI would; false when there is none.
func (s *Server) TouchPartner(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, bp := range s.bp[BPSet] {
		if bp["BusinessPartner"] == id {
			stampChange(bp, s.wallNow())
			return true
		}
	}
	return false
}
