package sftest

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Fields are the fields the fake knows per object.
var Fields = map[string][]string{
	"Account": {"Id", "External_ID__c", "Name", "VAT_ID__c", "BillingStreet", "BillingPostalCode", "BillingCity", "BillingCountry", "Phone", "OwnerId", "SystemModstamp"},
	"Lead": {"Id", "Email", "FirstName", "LastName", "Phone", "Company", "Website", "Country", "Description", "Product_Interest__c", "OwnerId", "CreatedDate", "SystemModstamp",
		"Steward_Score__c", "Steward_Score_Model__c", "Steward_Score_Reasons__c"},
	"Product2":       {"Id", "External_ID__c", "ProductCode", "Name", "Description", "IsActive", "Family", "SystemModstamp"},
	"PricebookEntry": {"Id", "External_ID__c", "Product2Id", "Pricebook2Id", "UnitPrice", "IsActive", "SystemModstamp"},
	"Pricebook2":     {"Id", "Name", "IsStandard", "SystemModstamp"},
}

type locator struct {
	object string
	fields []string
	ids    []string
}

var soqlRE = regexp.MustCompile(`^SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?(?: ORDER BY (.+))?$`)
var condRE = regexp.MustCompile(`^(\w+) (>=|<|=|IN) (.+)$`)

// query runs a SOQL statement of the connector's dialect.
func (f *Fake) query(w http.ResponseWriter, r *http.Request) {
	m := soqlRE.FindStringSubmatch(r.URL.Query().Get("q"))
	if m == nil {
		fail(w, http.StatusBadRequest, "MALFORMED_QUERY", "unexpected token")
		return
	}
	fields := strings.Split(m[1], ", ")
	for _, fl := range append(slices.Clone(fields), strings.Split(strings.ReplaceAll(m[4], ",", ""), " ")...) {
		if fl != "" && !slices.Contains(Fields[m[2]], fl) {
			fail(w, http.StatusBadRequest, "INVALID_FIELD", fmt.Sprintf("No such column '%s' on entity '%s'", fl, m[2]))
			return
		}
	}
	var conds [][]string
	if m[3] != "" {
		for _, c := range strings.Split(m[3], " AND ") {
			cm := condRE.FindStringSubmatch(c)
			if cm == nil {
				fail(w, http.StatusBadRequest, "MALFORMED_QUERY", "bad condition "+c)
				return
			}
			conds = append(conds, cm[1:])
		}
	}
	var ids []string
	for id, rec := range f.Objects[m[2]] {
		if matches(rec, conds) {
			ids = append(ids, id)
		}
	}
	order := strings.Split(m[4], ", ")
	slices.SortFunc(ids, func(a, b string) int {
		for _, o := range order {
			if c := strings.Compare(fmt.Sprint(f.Objects[m[2]][a][o]), fmt.Sprint(f.Objects[m[2]][b][o])); c != 0 {
				return c
			}
		}
		return strings.Compare(a, b)
	})
	loc := &locator{object: m[2], fields: fields, ids: ids}
	name := fmt.Sprintf("01gFAKE%d", len(f.locators)+f.nextID)
	f.nextID++
	f.locators[name] = loc
	f.page(w, r, name, loc, 0)
}

// matches evaluates AND-ed conditions (datetimes compared as instants).
func matches(rec Rec, conds [][]string) bool {
	for _, c := range conds {
		v := fmt.Sprint(rec[c[0]])
		switch c[1] {
		case ">=", "<":
			a, err1 := time.Parse("2006-01-02T15:04:05.000-0700", v)
			b, err2 := time.Parse(time.RFC3339Nano, c[2])
			if err1 != nil || err2 != nil || (c[1] == ">=") == a.Before(b) {
				return false
			}
		case "=":
			if v != strings.Trim(c[2], "'") {
				return false
			}
		case "IN":
			var in []string
			for _, s := range strings.Split(strings.Trim(c[2], "()"), ", ") {
				in = append(in, strings.Trim(s, "'"))
			}
			if !slices.Contains(in, v) {
				return false
			}
		}
	}
	return true
}

// more serves a nextRecordsUrl.
func (f *Fake) more(w http.ResponseWriter, r *http.Request, ref string) {
	name, off, _ := strings.Cut(ref, "-")
	loc, ok := f.locators[name]
	n, err := strconv.Atoi(off)
	if !ok || err != nil {
		fail(w, http.StatusBadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator")
		return
	}
	f.page(w, r, name, loc, n)
}

// page serves ids[off:] up to the batch size.
func (f *Fake) page(w http.ResponseWriter, r *http.Request, name string, loc *locator, off int) {
	size := 2000
	if v, ok := strings.CutPrefix(r.Header.Get("Sforce-Query-Options"), "batchSize="); ok {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			size = n
		}
	}
	end := min(off+size, len(loc.ids))
	recs := []Rec{}
	for _, id := range loc.ids[min(off, end):end] {
		rec, ok := f.Objects[loc.object][id]
		if !ok {
			continue
		}
		out := Rec{"attributes": map[string]string{"type": loc.object, "url": Root + "/sobjects/" + loc.object + "/" + id}}
		for _, fl := range loc.fields {
			out[fl] = rec[fl]
		}
		recs = append(recs, out)
	}
	body := map[string]any{"totalSize": len(loc.ids), "done": end >= len(loc.ids), "records": recs}
	if end < len(loc.ids) {
		body["nextRecordsUrl"] = fmt.Sprintf("%s/query/%s-%d", Root, name, end)
	}
	reply(w, http.StatusOK, body)
	if f.Mutate != nil {
		f.Mutate(f)
	}
}

// deleted serves /sobjects/{object}/deleted/?start&end.
func (f *Fake) deleted(w http.ResponseWriter, r *http.Request, object string) {
	start, err1 := time.Parse(time.RFC3339Nano, r.URL.Query().Get("start"))
	end, err2 := time.Parse(time.RFC3339Nano, r.URL.Query().Get("end"))
	if err1 != nil || err2 != nil {
		fail(w, http.StatusBadRequest, "INVALID_REPLICATION_DATE", "start and end are required")
		return
	}
	out := []map[string]string{}
	for _, d := range f.DeletedRecs[object] {
		if !d.At.Before(start) && d.At.Before(end) {
			out = append(out, map[string]string{"id": d.ID, "deletedDate": Stamp(d.At)})
		}
	}
	reply(w, http.StatusOK, map[string]any{"deletedRecords": out, "earliestDateAvailable": Stamp(start), "latestDateCovered": Stamp(end)})
}
