package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/store"
)

// leadFigures are scenario 2's figures, measured from HubSpot's state and
// the escalation table against the lead stream's ground truth.
type leadFigures struct {
	Leads, Routed, Escalated, Right, Explained int
	// Reasons counts escalations by reason.
	Reasons map[string]int
	// Latency is each routed lead's time from createdate to the write's
	// modified time, shortest first.
	Latency []time.Duration
	// Span is how long before the run the stream's first lead was created.
	Span         time.Duration
	RunTook      time.Duration
	RerunWritten int
	// Wrong describes the leads decided against the ground truth.
	Wrong []string
}

func (f leadFigures) median() time.Duration { return f.Latency[len(f.Latency)/2] }

func (f leadFigures) reasonsText() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(f.Reasons)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, f.Reasons[k]))
	}
	return strings.Join(parts, ", ")
}

// contact is a HubSpot contact as the measurement reads it.
type contact struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
}

// measureLeads reads every contact and the owners from HubSpot's API and
// compares each lead's outcome with the ground truth: right when routed
// to the truth's rep, or escalated (with nothing written) where the truth
// escalates.
func measureLeads(ctx context.Context, base, token string, truth []catalog.Lead, es []store.Escalation) (leadFigures, error) {
	f := leadFigures{Leads: len(truth), Reasons: map[string]int{}}
	contacts, err := readContacts(ctx, base, token)
	if err != nil {
		return f, err
	}
	owners, err := readOwners(ctx, base, token)
	if err != nil {
		return f, err
	}
	measured := map[string]contact{}
	for _, l := range truth {
		c, ok := contacts[strings.ToLower(l.Email)]
		if !ok {
			return f, fmt.Errorf("measure: lead %d is not in HubSpot", l.ID)
		}
		measured[l.Email] = c
	}
	escalated := f.countEscalations(measured, es)
	for _, l := range truth {
		c := measured[l.Email]
		f.judge(l, c, owners, escalated[c.ID])
	}
	slices.Sort(f.Latency)
	if len(truth) > 0 {
		f.Span = truth[len(truth)-1].Created.Sub(truth[0].Created)
	}
	return f, nil
}

// countEscalations counts the escalations of the measured contacts, by
// reason, and returns which contacts escalated.
func (f *leadFigures) countEscalations(measured map[string]contact, es []store.Escalation) map[string]bool {
	ids := map[string]bool{}
	for _, c := range measured {
		ids[c.ID] = true
	}
	escalated := map[string]bool{}
	for _, e := range es {
		if !ids[e.SourceKey] {
			continue
		}
		escalated[e.SourceKey] = true
		reason, _, _ := strings.Cut(e.Reason, ":")
		f.Reasons[cmp.Or(strings.TrimSpace(reason), "(none)")]++
		if strings.TrimSpace(e.Reason) != "" {
			f.Explained++
		}
	}
	f.Escalated = len(escalated)
	return escalated
}

// judge counts one lead.
func (f *leadFigures) judge(l catalog.Lead, c contact, owners map[string]string, escalated bool) {
	owner := owners[c.Properties["hubspot_owner_id"]]
	routed := c.Properties["hubspot_owner_id"] != ""
	if routed {
		f.Routed++
		created, err1 := time.Parse(time.RFC3339Nano, c.Properties["createdate"])
		modified, err2 := time.Parse(time.RFC3339Nano, c.Properties["lastmodifieddate"])
		if err1 == nil && err2 == nil {
			f.Latency = append(f.Latency, modified.Sub(created))
		}
	}
	switch {
	case l.Truth.Rep != "" && routed && owner == l.Truth.Rep, l.Truth.Escalate != "" && escalated && !routed:
		f.Right++
	default:
		got := "escalated"
		if routed {
			got = "routed to " + owner
		} else if !escalated {
			got = "untouched"
		}
		want := "escalate (" + l.Truth.Escalate + ")"
		if l.Truth.Rep != "" {
			want = l.Truth.Rep
		}
		f.Wrong = append(f.Wrong, fmt.Sprintf("contact %s (lead %d): %s, truth: %s", c.ID, l.ID, got, want))
	}
}

// readContacts lists every contact by e-mail, following the next links.
func readContacts(ctx context.Context, base, token string) (map[string]contact, error) {
	out := map[string]contact{}
	q := url.Values{"limit": {"100"}, "properties": {"email,hubspot_owner_id,createdate,lastmodifieddate"}}
	link := base + "/crm/v3/objects/contacts?" + q.Encode()
	for link != "" {
		var page struct {
			Results []contact `json:"results"`
			Paging  *struct {
				Next struct {
					Link string `json:"link"`
				} `json:"next"`
			} `json:"paging"`
		}
		if err := getJSON(ctx, link, token, &page); err != nil {
			return nil, err
		}
		for _, c := range page.Results {
			out[strings.ToLower(c.Properties["email"])] = c
		}
		link = ""
		if page.Paging != nil {
			link = page.Paging.Next.Link
		}
	}
	return out, nil
}

// readOwners maps owner ids to e-mails.
func readOwners(ctx context.Context, base, token string) (map[string]string, error) {
	var page struct {
		Results []struct{ ID, Email string } `json:"results"`
	}
	if err := getJSON(ctx, base+"/crm/v3/owners?limit=500", token, &page); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, o := range page.Results {
		out[o.ID] = o.Email
	}
	return out, nil
}

func getJSON(ctx context.Context, link, token string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return fmt.Errorf("measure: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("measure: read HubSpot: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("measure: read HubSpot %s: status %d", req.URL.Path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("measure: decode %s: %w", req.URL.Path, err)
	}
	return nil
}
