package sap

import (
	"fmt"
	"time"
)

// SetZone makes the business partner service stamp creations and changes
// in loc's local time, as an on-premise SAP system does (Edm.DateTime and
// Edm.Time carry no zone); nil stamps UTC. Seeded partners keep their
// stamps.
func (s *Server) SetZone(loc *time.Location) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.zone = loc
}

// wallNow is the clock as the service's wall clock, a UTC-labelled time;
// the caller holds s.mu.
func (s *Server) wallNow() time.Time {
	t := s.now()
	if s.zone != nil {
		w := t.In(s.zone)
		return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), time.UTC)
	}
	return t.UTC()
}

// AddPartner creates an organization partner id named name with external
// id ext and one address, created at the clock and never changed since
// (LastChangeDate null), as SAP's own UI or a mass upload creates one;
// false when id exists.
func (s *Server) AddPartner(id, name, ext string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, bp := range s.bp[BPSet] {
		if bp["BusinessPartner"] == id {
			return false
		}
	}
	name1, name2 := nameLines(name)
	bp := map[string]any{"BusinessPartner": id, "BusinessPartnerCategory": "2", "BusinessPartnerFullName": fullName(name1, name2),
		"OrganizationBPName1": name1, "OrganizationBPName2": name2, "BusinessPartnerIDByExtSystem": ext, "SearchTerm1": ""}
	stampCreation(bp, s.wallNow())
	s.bp[BPSet] = append(s.bp[BPSet], bp)
	s.bp[BPAddressSet] = append(s.bp[BPAddressSet], map[string]any{"BusinessPartner": id, "AddressID": fmt.Sprint(30000 + len(s.bp[BPSet])),
		"StreetName": "Hafenstraße", "HouseNumber": "1", "PostalCode": "20457", "CityName": "Hamburg", "Country": "DE"})
	return true
}
