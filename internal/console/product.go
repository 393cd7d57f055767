package console

import (
	"net/http"
	"net/url"

	"github.com/stewardhq/steward/internal/store"
)

// Product page limits: checks of history and drafts shown.
const (
	productHistoryRuns = 200
	productDrafts      = 100
)

// productData is one product's page: its violations in the job's latest
// check, its history across checks, its drafts and its link into the PIM.
type productData struct {
	Key, SKU, Family, Job string
	// Latest is the job's newest check (not a backfill's); Found says
	// whether it found issues with the product (Score, Issues).
	Latest    store.QualityPoint
	HasLatest bool
	Found     bool
	Score     store.ProductScore
	Issues    []store.ViolationRow
	History   []store.ProductCheck
	Drafts    []store.Draft
	// PIM is the product's address in its system ("" when unknown) and
	// System that system's name.
	PIM, System string
}

func (s *Server) productPage(w http.ResponseWriter, r *http.Request) {
	ctx, key := r.Context(), r.PathValue("key")
	d := productData{Key: key, Job: r.URL.Query().Get("job")}
	var err error
	if d.History, err = s.deps.Quality.ProductHistory(ctx, key, productHistoryRuns); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if d.Drafts, err = s.deps.Quality.DraftsOfProduct(ctx, key, productDrafts); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if d.Job == "" {
		d.Job = lastJobOf(d.History)
	}
	if len(d.History) == 0 && len(d.Drafts) == 0 {
		s.fail(w, r, http.StatusNotFound, errProduct(key))
		return
	}
	if err := s.fillProduct(r, &d); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	s.render(w, r, "product", d)
}

// fillProduct reads the product in the job's newest check and its link.
func (s *Server) fillProduct(r *http.Request, d *productData) error {
	ctx := r.Context()
	if len(d.Drafts) > 0 {
		d.SKU, d.Family = d.Drafts[0].SKU, d.Drafts[0].Family
	}
	if d.Job == "" {
		return nil
	}
	var err error
	if d.Latest, d.HasLatest, err = s.deps.Quality.LatestQuality(ctx, d.Job); err != nil || !d.HasLatest {
		return err
	}
	if d.Score, d.Found, err = s.deps.Quality.ProductScoreOf(ctx, d.Latest.RunID, d.Key); err != nil {
		return err
	}
	if d.Found {
		d.SKU, d.Family = d.Score.SKU, d.Score.Family
		if d.Issues, err = s.deps.Quality.ViolationsOf(ctx, d.Latest.RunID, []string{d.Key}); err != nil {
			return err
		}
	}
	d.System, d.PIM = s.productLink(d.Job, d.Key)
	return nil
}

// productLink resolves the product's address in the system its job reads.
func (s *Server) productLink(job, key string) (system, link string) {
	if s.deps.Config == nil || s.deps.ProductLink == nil {
		return "", ""
	}
	j, ok := s.deps.Config.Job(job)
	if !ok {
		return "", ""
	}
	return j.Extract.System, s.deps.ProductLink(j.Extract.System, key)
}

// lastJobOf is the job of the newest check that found issues with the
// product.
func lastJobOf(h []store.ProductCheck) string {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Found {
			return h[i].Job
		}
	}
	return ""
}

type errProduct string

func (e errProduct) Error() string {
	return "product " + string(e) + ": no quality check found issues with it and it has no drafts"
}

// ReviewHref is the review queue showing the product's drafts of every
// status.
func (d productData) ReviewHref() string {
	sku := d.SKU
	if sku == "" {
		sku = d.Key
	}
	return "/review?" + url.Values{"sku": {sku}, "status": {""}}.Encode()
}
