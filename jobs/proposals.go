package jobs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
	"github.com/stewardhq/steward/transform/drafts"
)

// MaxDraftAttempts bounds the calls for one draft (the first and two retries).
const MaxDraftAttempts = 3

// proposer turns violations into proposals: corrections where a rule knows the
// right value, description drafts where a description is missing.
type proposer struct {
	r           *Runner
	job         config.Job
	spec        *config.DraftSpec
	runID       int64
	erp         map[string]transform.Price
	corrections []store.Draft
	requests    []draftRequest
	// live holds the slots this run found still needing a draft; open drafts
	// of the other slots of checked products are closed as obsolete.
	live map[store.DraftSlotKey]bool
}

// draftRequest keeps only what a draft needs, so a large catalog's requests
// stay small in memory.
type draftRequest struct {
	key, sku, family string
	facts            drafts.Facts
	v                quality.Violation
}

func (r *Runner) newProposer(job config.Job, runID int64, erp map[string]transform.Price) *proposer {
	return &proposer{r: r, job: job, spec: job.Quality.Drafts, runID: runID, erp: erp, live: map[store.DraftSlotKey]bool{}}
}

func (p *proposer) collect(prod transform.Product, res quality.ProductResult) {
	if p.spec == nil {
		return
	}
	for _, v := range res.Violations {
		slot := store.DraftSlotKey{ProductKey: prod.ID, Attribute: v.Attribute, Locale: v.Locale, Channel: v.Channel}
		switch {
		case v.Fix != nil:
			slot.Kind = store.DraftCorrection
			p.live[slot] = true
			p.corrections = append(p.corrections, correction(prod, v, p.runID))
		case v.Attribute == p.spec.Describes && v.Value == "":
			slot.Kind = store.DraftDescription
			p.live[slot] = true
			var erp *transform.Price
			if pr, ok := p.erp[prod.Identifier]; ok {
				erp = &pr
			}
			facts := drafts.FactsOf(prod, p.spec.Facts, v.Locale, erp)
			p.requests = append(p.requests, draftRequest{key: prod.ID, sku: prod.Identifier, family: prod.Family, facts: facts, v: v})
		}
	}
}

// correction is the draft of a violation's fix: its value is the corrected
// canonical value (transform.Value as JSON).
func correction(prod transform.Product, v quality.Violation, runID int64) store.Draft {
	sum := sha256.Sum256([]byte(prod.ID + "\x00" + v.Attribute + "\x00" + v.Locale + "\x00" + v.Channel + "\x00" + v.Value + "\x00" + string(v.Fix.Value)))
	status := store.DraftPending
	if v.Fix.Autofix {
		status = store.DraftApproved
	}
	current, ok := prod.Get(v.Attribute, v.Locale, v.Channel)
	return store.Draft{Kind: store.DraftCorrection, ProductKey: prod.ID, SKU: prod.Identifier, Family: prod.Family, Attribute: v.Attribute,
		Locale: v.Locale, Channel: v.Channel, Value: string(v.Fix.Value), Rule: v.Rule, Generator: "rule", Model: v.Rule,
		PromptVersion: "", InputHash: hex.EncodeToString(sum[:]), Status: status, Reason: v.Message, RunID: runID,
		Facts: correctedFacts(current, ok)}
}

// propose closes the open drafts whose slot no longer has its problem, stores
// the corrections and writes the drafts that do not exist yet for the same
// input; it returns how many of each kind it added.
func (p *proposer) propose(ctx context.Context, log zerolog.Logger) (map[string]int, error) {
	added := map[string]int{}
	if p.spec == nil {
		return added, nil
	}
	closed, err := p.r.Store.CloseObsoleteDrafts(ctx, p.job.DataType, p.job.Extract.System, p.live, p.runID)
	if err != nil {
		return added, err
	}
	if closed > 0 {
		log.Info().Int64(logkey.Rows, closed).Msg("open drafts closed as obsolete: their products no longer have the problem")
	}
	for _, c := range p.corrections {
		ok, err := p.r.Store.AddDraft(ctx, c)
		if err != nil {
			return added, err
		}
		if ok {
			added[store.DraftCorrection]++
		}
	}
	if len(p.requests) == 0 {
		return added, nil
	}
	gen, concurrency, err := drafts.NewGenerator(p.spec, p.r.Config, p.r.client)
	if err != nil {
		return added, err
	}
	n, err := p.describe(ctx, log, gen, concurrency)
	added[store.DraftDescription] = n
	return added, err
}

// describe runs the generator over the requests with bounded concurrency. A
// permanent failure (the host guard refused a request) stops the remaining
// requests and is returned: it fails the run.
func (p *proposer) describe(ctx context.Context, log zerolog.Logger, gen drafts.Generator, concurrency int) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan draftRequest)
	var mu sync.Mutex
	var firstErr error
	added := 0
	var wg sync.WaitGroup
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for req := range work {
				ok, err := p.draft(ctx, log, gen, req)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				if ok {
					added++
				}
				mu.Unlock()
			}
		}()
	}
	for _, req := range p.requests {
		if ctx.Err() != nil {
			break
		}
		work <- req
	}
	close(work)
	wg.Wait()
	return added, firstErr
}

// DraftBackoff is the wait before a slot whose generation failed n times in a
// row is drafted again: the next run tries again at once after the first
// failure, then waits 15 min, 30 min, 1 h … up to a day.
func DraftBackoff(n int) time.Duration {
	if n <= 1 {
		return 0
	}
	d := 15 * time.Minute
	for i := 2; i < n && d < 24*time.Hour; i++ {
		d *= 2
	}
	return min(d, 24*time.Hour)
}

// draft writes one draft unless the same input was drafted before. A draft
// that fails its check after every attempt is stored as flagged, never pending.
// A generation that fails for a passing reason (an error status, a timeout, an
// answer that is not a completion) stores nothing: the failure is counted and
// a later run drafts the product again, after DraftBackoff. A request the host
// guard refused is permanent and returned.
func (p *proposer) draft(ctx context.Context, log zerolog.Logger, gen drafts.Generator, req draftRequest) (bool, error) {
	facts := req.facts
	hash := drafts.InputHash(facts, req.v.Locale, req.v.Channel, gen)
	if seen, err := p.r.Store.HasDraft(ctx, store.DraftDescription, req.key, req.v.Attribute, req.v.Locale, req.v.Channel, hash); err != nil || seen {
		return false, err
	}
	slot := store.DraftSlot{ProductKey: req.key, Attribute: req.v.Attribute, Locale: req.v.Locale, Channel: req.v.Channel}
	if f, ok, err := p.r.Store.DraftRetryAt(ctx, slot); err != nil || (ok && p.r.now().Before(f.NextAttempt)) {
		return false, err
	}
	d := store.Draft{Kind: store.DraftDescription, ProductKey: req.key, SKU: req.sku, Family: req.family,
		Attribute: req.v.Attribute, Locale: req.v.Locale, Channel: req.v.Channel, Rule: req.v.Rule, Generator: gen.Name(),
		Model: gen.Model(), PromptVersion: gen.PromptVersion(), InputHash: hash, Status: store.DraftPending, RunID: p.runID,
		Facts: facts.JSON()}
	text, problem := "", ""
	for attempt := 0; attempt < MaxDraftAttempts && ctx.Err() == nil; attempt++ {
		var err error
		text, err = gen.Generate(ctx, drafts.Request{Facts: facts, Locale: req.v.Locale, Channel: req.v.Channel})
		if err != nil {
			return false, p.generationFailed(ctx, log, slot, req.sku, err)
		}
		if err = drafts.Verify(text, facts); err == nil {
			problem = ""
			break
		}
		problem = err.Error()
	}
	if ctx.Err() != nil {
		return false, nil
	}
	if problem != "" {
		d.Status, d.Reason = store.DraftFlagged, "needs a human: "+problem
		log.Warn().Str(logkey.SKU, d.SKU).Str(logkey.Reason, problem).Msg("draft flagged")
	}
	b, _ := json.Marshal(text)
	d.Value = string(b)
	added, err := p.r.Store.AddDraft(ctx, d)
	if err == nil {
		err = p.r.Store.ClearDraftFailure(ctx, slot)
	}
	return added, err
}

// generationFailed handles a generator error: a host-guard refusal is returned
// (it fails the run); a stopping run records nothing; any other failure is
// recorded for a later run.
func (p *proposer) generationFailed(ctx context.Context, log zerolog.Logger, slot store.DraftSlot, sku string, err error) error {
	if httpx.IsHostRefusal(err) {
		return fmt.Errorf("draft description for %s: %w", sku, err)
	}
	if ctx.Err() != nil {
		return nil
	}
	n, rerr := p.r.Store.RecordDraftFailure(context.WithoutCancel(ctx), slot, err.Error(), p.r.now(), DraftBackoff)
	if rerr != nil {
		return rerr
	}
	log.Warn().Err(err).Str(logkey.SKU, sku).Int(logkey.Attempt, n).Msg("draft generation failed; a later run tries again")
	return nil
}
