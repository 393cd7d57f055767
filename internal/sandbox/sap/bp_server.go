package sap

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// v2Error writes an OData v2 error body (PROTOCOLS.md §6.4).
func v2Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("DataServiceVersion", "1.0")
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"code": code, "message": map[string]any{"lang": "en", "value": msg},
		"innererror": map[string]any{"application": map[string]any{"component_id": "LO-MD-BP", "service_namespace": "/SAP/", "service_id": bpNamespace, "service_version": "0001"},
			"transactionid": randomToken(), "timestamp": time.Now().UTC().Format("20060102150405.0000000"),
			"Error_Resolution": map[string]any{"SAP_Transaction": "Run transaction /IWFND/ERROR_LOG on SAP Gateway hub system", "SAP_Note": "See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)"},
			"errordetails":     []any{map[string]any{"code": code, "message": msg, "propertyref": "", "severity": "error", "target": ""}}},
	}})
}

// serveBP serves the v2 business partner service below BPService.
func (s *Server) serveBP(w http.ResponseWriter, r *http.Request, rest string) {
	if strings.EqualFold(r.Header.Get("X-CSRF-Token"), "Fetch") && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		s.issueCSRF(w)
	}
	w.Header().Set("DataServiceVersion", "2.0")
	switch {
	case rest == "" || rest == "$metadata":
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusOK)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"d": map[string]any{"EntitySets": []string{BPSet, BPAddressSet, BPTaxSet, BPCustomerSet}}})
		return
	}
	if _, err := bpFormat(r); err != nil && r.Method == http.MethodGet {
		v2Error(w, http.StatusBadRequest, "/IWBEP/CM_MGW_RT/022", err.Error())
		return
	}
	name, pred, hasKey := strings.Cut(rest, "(")
	set, ok := bpSets[name]
	switch {
	case !ok:
		v2Error(w, http.StatusNotFound, "/IWBEP/CM_MGW_RT/021", fmt.Sprintf("Resource not found for the segment '%s'.", name))
	case !hasKey && r.Method == http.MethodGet:
		s.bpList(w, r, set)
	case !hasKey:
		v2Error(w, http.StatusMethodNotAllowed, "/IWBEP/CM_MGW_RT/003", "Method "+r.Method+" is not allowed on the entity set "+name)
	default:
		s.bpEntity(w, r, set, pred)
	}
}

// bpEntity serves one entity addressed by key, e.g.
// A_BusinessPartnerAddress(BusinessPartner='1000001',AddressID='20001').
func (s *Server) bpEntity(w http.ResponseWriter, r *http.Request, set v2Set, pred string) {
	inside, tail, ok := strings.Cut(pred, ")")
	if !ok || tail != "" {
		v2Error(w, http.StatusNotFound, "/IWBEP/CM_MGW_RT/021", "Resource not found for the segment '"+set.name+"("+pred+"'.")
		return
	}
	key, err := parseKey(set, inside)
	if err != nil {
		v2Error(w, http.StatusBadRequest, "/IWBEP/CM_MGW_RT/016", err.Error())
		return
	}
	method := r.Method
	if method == http.MethodPost && strings.EqualFold(r.Header.Get("X-HTTP-Method"), "MERGE") {
		method = "MERGE"
	}
	switch method {
	case http.MethodGet:
		s.bpGet(w, r, set, key)
	case http.MethodPatch, "MERGE":
		s.bpUpdate(w, r, set, key)
	default:
		v2Error(w, http.StatusMethodNotAllowed, "/IWBEP/CM_MGW_RT/003", "Method "+method+" is not allowed on "+set.name)
	}
}

// parseKey reads a key predicate: 'X' for a single key, Name='X',… for all
// of a composite key, each value a quoted string.
func parseKey(set v2Set, inside string) (map[string]string, error) {
	key := map[string]string{}
	for _, part := range strings.Split(inside, ",") {
		name, val, named := strings.Cut(part, "=")
		if !named {
			if len(set.keys) != 1 {
				return nil, fmt.Errorf("key predicate (%s) of %s must name every key property", inside, set.name)
			}
			name, val = set.keys[0], part
		}
		v, ok := typed("Edm.String", val)
		if !ok {
			return nil, fmt.Errorf("key %s value %s is not a string literal", name, val)
		}
		key[name] = v.(string)
	}
	for _, k := range set.keys {
		if _, ok := key[k]; !ok || len(key) != len(set.keys) {
			return nil, fmt.Errorf("key predicate (%s) of %s does not give exactly the keys %s", inside, set.name, strings.Join(set.keys, ","))
		}
	}
	return key, nil
}

// bpFind returns the row of set with key, -1 when there is none; the caller
// holds s.mu.
func (s *Server) bpFind(set v2Set, key map[string]string) int {
	for i, row := range s.bp[set.name] {
		match := true
		for k, v := range key {
			match = match && row[k] == v
		}
		if match {
			return i
		}
	}
	return -1
}

func (s *Server) bpGet(w http.ResponseWriter, r *http.Request, set v2Set, key map[string]string) {
	q := r.URL.Query()
	s.mu.RLock()
	defer s.mu.RUnlock()
	i := s.bpFind(set, key)
	if i < 0 {
		v2Error(w, http.StatusNotFound, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment '"+set.name+"'")
		return
	}
	expand, err := parseExpand(set, q.Get("$expand"))
	if err != nil {
		v2Error(w, http.StatusBadRequest, "/IWBEP/CM_MGW_RT/022", err.Error())
		return
	}
	row := s.bp[set.name][i]
	w.Header().Set("ETag", bpEtag(row))
	e := s.bpRender(r, set, row, nil, expand)
	if asJSON, _ := bpFormat(r); !asJSON {
		writeAtomEntry(w, set, e)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"d": e})
}
