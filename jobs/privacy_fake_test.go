package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"sync"

	"github.com/rs/zerolog"
	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// The planted personal values: every one must be found nowhere outside
// staging after the runs of TestNoPlantedPersonalDataInAnyArtifact.
var planted = struct {
	customers []transform.Customer
	leads     []transform.Lead
	// poison is a native record the source quarantines; badPayload a
	// canonical one the transform stage cannot decode.
	poison, badPayload string
	// pageMail and pagePhone are quoted by the failing page's error only.
	pageMail, pagePhone string
}{
	customers: []transform.Customer{
		{ID: "c1", ExternalID: "E-1", Name: "Acme GmbH", ContactName: "Hildegard Plantinga", Email: "hildegard.plantinga@acme.example", Phone: "+49 30 5550101"},
		{ID: "c2", ExternalID: "E-2", Name: "Beta AG", ContactName: "Bartholomew Quigglesworth", Email: "b.quigglesworth@beta.example", Phone: "(030) 555-0102"},
		{ID: "c3", ExternalID: "E-3", Name: "Gamma KG", ContactName: "Zofia Wróblewska", Email: "zofia@gamma.example", Phone: "0171 5550103"},
	},
	leads: []transform.Lead{
		{ID: "l1", Email: "ottilie.vandermeer@lead.example", FirstName: "Ottilie", LastName: "Vandermeer", Phone: "+44 20 7946 0958", Message: "Please call Ottilie about the blue pumps", Company: "Lead Co"},
		{ID: "l2", Email: "xavier.okonkwo@lead.example", FirstName: "Xavier", LastName: "Okonkwo", Phone: "+1 415 555 0142", Company: "Other Co"},
	},
	poison:     `{"Id": "c9", "Contact": "Persephone Glockenspiel", "Mail": "persephone@poison.example", "Tel": "+49 89 5550199"`,
	badPayload: `{"id": "c4", "name": "Delta", "contact_name": "Wilhelmina Stoneacre", "email": "w.stoneacre@delta.example", "phone": "+49 40 5550104", "changed": "not a time"}`,
	pageMail:   "nobody.seen@page.example",
	pagePhone:  "+33 1 5550 1999",
}

// plantedValues lists every planted personal value.
func plantedValues() []string {
	out := []string{"Persephone Glockenspiel", "persephone@poison.example", "+49 89 5550199", "Wilhelmina Stoneacre",
		"w.stoneacre@delta.example", "+49 40 5550104", planted.pageMail, planted.pagePhone}
	for _, c := range planted.customers {
		out = append(out, c.ContactName, c.Email, c.Phone)
	}
	for _, l := range planted.leads {
		out = append(out, l.Email, l.FirstName+" "+l.LastName, l.LastName, l.Phone)
		if l.Message != "" {
			out = append(out, l.Message)
		}
	}
	return out
}

// crmFake is a fake CRM kind: it reads the planted customers and leads
// (the first read's second page of leads fails with an error quoting
// personal values) and
// rejects the write of customer E-2 with a reason quoting its contact, which
// it also logs.
type crmFake struct {
	mu sync.Mutex
	// leadReads counts the reads of the leads: only the first one fails.
	leadReads int
}

func (k *crmFake) kind() connector.Kind {
	return connector.Kind{
		Name:   "fakecrm",
		Decode: func(*config.File, string) (any, config.Problems) { return struct{}{}, nil },
		Extract: func(spec extract.Spec) (extract.Extractor, error) {
			return extractorFunc(func(from record.Cursor) iter.Seq2[record.Page, error] { return k.pages(spec.Job.DataType, from) }), nil
		},
		Load: func(spec load.Spec) (load.Loader, error) { return &crmLoader{log: spec.Log}, nil },
	}
}

type extractorFunc func(record.Cursor) iter.Seq2[record.Page, error]

func (f extractorFunc) Extract(_ context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return f(from)
}

func (k *crmFake) pages(dataType string, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		var p record.Page
		p.URL = "fakecrm://" + dataType
		if dataType == "customers" {
			for _, c := range planted.customers {
				b, _ := json.Marshal(c)
				p.Records = append(p.Records, record.Record{Key: c.ID, Payload: b})
			}
			p.Records = append(p.Records, record.Record{Key: "c4", Payload: []byte(planted.badPayload)})
			p.Quarantined = []record.Quarantined{{Key: "c9", Raw: []byte(planted.poison),
				Reason: "record c9: no Name beside Mail persephone@poison.example (contact Persephone Glockenspiel)"}}
			p.Cursor = from.Finish()
			yield(p, nil)
			return
		}
		for _, l := range planted.leads {
			b, _ := json.Marshal(l)
			p.Records = append(p.Records, record.Record{Key: l.ID, Payload: b})
		}
		k.mu.Lock()
		k.leadReads++
		first := k.leadReads == 1
		k.mu.Unlock()
		if !first {
			p.Cursor = from.Finish()
		}
		if !yield(p, nil) || !first {
			return
		}
		l := planted.leads[0]
		yield(record.Page{}, fmt.Errorf("read leads page 2 (fakecrm://leads?page=2): lead l3 duplicates %s %s <%s> and gives phone %s, e-mail %s",
			l.FirstName, l.LastName, l.Email, planted.pagePhone, planted.pageMail))
	}
}

// crmLoader rejects customer E-2, quoting its contact.
type crmLoader struct{ log zerolog.Logger }

func (l *crmLoader) Write(_ context.Context, items []load.Item) ([]load.Outcome, error) {
	out := make([]load.Outcome, len(items))
	for i, it := range items {
		out[i] = load.Outcome{ID: it.ID, Status: load.Written}
		if it.ExternalID != "E-2" {
			continue
		}
		var name, mail string
		_ = json.Unmarshal(it.Fields["contact_name"], &name)
		_ = json.Unmarshal(it.Fields["email"], &mail)
		reason := fmt.Sprintf("duplicate contact %s <%s>", name, mail)
		l.log.Warn().Str("reason", reason).Msg("fakecrm rejected a contact")
		out[i] = load.Outcome{ID: it.ID, Status: load.Rejected, Reason: reason}
	}
	return out, nil
}
