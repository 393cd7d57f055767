package pimcore

import (
	"fmt"
	"strings"
)

// SortByTimeAsc orders a listing by modificationDate, oldest first, ties by
// id: the order the offsets of a partitioned pass's plan count in.
var SortByTimeAsc = Sort{By: []string{"modificationDate", "id"}, Order: []string{"ASC", "ASC"}}

// OffsetAlias is the alias of offset i's listing in OffsetsQuery.
func OffsetAlias(i int) string { return fmt.Sprintf("at%d", i) }

// OffsetsQuery reads, in one request, the id and modificationDate of the
// object at each offset of the listing ordered by SortByTimeAsc (offset i
// under alias OffsetAlias(i), first: 1), taking the variable filter
// (String): a pass's modificationDate quantiles.
func (s Settings) OffsetsQuery(offsets []int) string {
	body := make([]string, len(offsets))
	for i, off := range offsets {
		body[i] = fmt.Sprintf("%s: %s(first: 1, after: %d, %s, filter: $filter, published: false) { totalCount edges { node { id modificationDate } } }",
			OffsetAlias(i), s.ListingField(), off, SortByTimeAsc.args())
	}
	return "query ($filter: String) { " + strings.Join(body, " ") + " }"
}
