package sap

import (
	"net/url"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// FuzzBPListQuery: no v2 query (system query options, $filter literals of
// every type) makes the parser or the evaluation over seeded rows panic.
func FuzzBPListQuery(f *testing.F) {
	for _, q := range []string{
		"$filter=LastChangeDate gt datetime'2024-05-01T00:00:00' or (LastChangeDate eq datetime'2024-05-01T00:00' and LastChangeTime ge time'PT10H30M00S')",
		"$filter=BusinessPartnerIDByExtSystem eq 'C-''1'&$orderby=LastChangeDate,BusinessPartner&$top=3&$skiptoken=2",
		"$filter=DeletionIndicator eq false&$select=Customer,CustomerName", "$filter=((", "$filter='", "$expand=to_Customer&$inlinecount=allpages",
	} {
		f.Add(q)
	}
	s := New(catalog.New(10, 1), Credentials{})
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, set := range bpSets {
			req, err := parseBPList(q, set)
			if err != nil {
				continue
			}
			for _, row := range s.bp[set.name] {
				req.match(entity{props: row})
			}
		}
	})
}
