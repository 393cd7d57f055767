package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	hubspotsb "github.com/stewardhq/steward/internal/sandbox/hubspot"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
)

// demoClock is HubSpot's clock in the leads demo: it runs on from the
// stream's end at the wall clock's pace, until the live phase steps it.
type demoClock struct {
	mu      sync.Mutex
	base    time.Time
	begin   time.Time
	stepped bool
	at      time.Time
}

// Now is HubSpot's time.
func (c *demoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stepped {
		return c.at
	}
	return c.base.Add(time.Since(c.begin))
}

// step moves the clock forward by d, stopping it between steps.
func (c *demoClock) step(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.stepped {
		c.at, c.stepped = c.base.Add(time.Since(c.begin)), true
	}
	c.at = c.at.Add(d)
	return c.at
}

// liveCadence is the leads job's cadence in the sandbox config.
const liveCadence = 2 * time.Minute

// liveLeads replays the first n inquiries of the stream as new HubSpot
// contacts (a new e-mail each, the same company, country and text, so the
// stream's ground truth holds) arriving 17 to 99 s apart on HubSpot's
// clock, while the leads job runs every two minutes of that clock, as the
// scheduler would run it. It returns the leads as created, with the
// ground truth of the lead each copies, and the longest run's wall time.
func (a *app) liveLeads(ctx context.Context, r *jobs.Runner, sb *sandboxSystems, clock *demoClock, n int) ([]catalog.Lead, time.Duration, error) {
	stream := sb.Catalog.Leads()
	n = min(n, len(stream))
	live := make([]catalog.Lead, n)
	now := clock.step(0)
	next := now.Add(liveCadence)
	var longest time.Duration
	for k := range n {
		arrive := now.Add(time.Duration(17+(k*37)%83) * time.Second)
		// The scheduler's runs due before the lead arrives happen first,
		// each at its tick.
		for !next.After(arrive) {
			took, err := tick(ctx, r, clock, next.Sub(clock.step(0)))
			if err != nil {
				return nil, 0, err
			}
			longest = max(longest, took)
			next = next.Add(liveCadence)
		}
		now = clock.step(arrive.Sub(clock.step(0)))
		live[k] = stream[k]
		live[k].Email = fmt.Sprintf("live%d.%s", k+1, stream[k].Email)
		if err := postContact(ctx, sb.URL(hubspotsb.Name), live[k]); err != nil {
			return nil, 0, err
		}
	}
	took, err := tick(ctx, r, clock, next.Sub(clock.step(0)))
	return live, max(longest, took), err
}

// tick moves HubSpot's clock by d to the next scheduled run and runs the
// leads job there; it returns how long the run took on the wall clock
// (HubSpot's clock stands still meanwhile).
func tick(ctx context.Context, r *jobs.Runner, clock *demoClock, d time.Duration) (time.Duration, error) {
	clock.step(d)
	began := time.Now()
	if _, err := r.Run(ctx, jobs.Request{Job: "leads", Trigger: store.TriggerSchedule}); err != nil {
		return 0, fmt.Errorf("demo: live leads run: %w", err)
	}
	return time.Since(began), nil
}

// postContact creates a lead as a web form would: POST a contact.
func postContact(ctx context.Context, base string, l catalog.Lead) error {
	props := map[string]string{"email": l.Email, "firstname": l.FirstName, "lastname": l.LastName, "phone": l.Phone,
		"company": l.Company, "website": l.Domain, "country": l.Country, "message": l.Message}
	if l.Interest != "" {
		props["product_interest"] = l.Interest
	}
	body, _ := json.Marshal(map[string]any{"properties": props})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/crm/v3/objects/contacts", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("demo: create a lead: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+hubspotToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("demo: create a lead: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return fmt.Errorf("demo: create a lead: status %d", resp.StatusCode)
	}
	return nil
}
