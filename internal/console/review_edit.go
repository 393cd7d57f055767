package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
	"github.com/stewardhq/steward/transform"
	"github.com/stewardhq/steward/transform/drafts"
)

// editPage is the edit-then-approve form of one draft: a description's
// text, or a correction's value typed by its kind (Text for text and option
// codes, Amount and Unit for numbers and metrics, Units the units its unit
// rule accepts).
type editPage struct {
	Item         reviewItem
	Text         string
	Reason       string
	Verdict      string
	Back         template.URL
	CanAct       bool
	Correction   bool
	Kind         string
	Amount, Unit string
	Units        []string
}

// oneDraft reads the draft a route names; a missing one is errNoDraft.
func (s *Server) oneDraft(r *http.Request) (reviewItem, error) {
	id, err := draftID(r)
	if err != nil {
		return reviewItem{}, err
	}
	ds, err := s.deps.Review.Drafts(r.Context(), store.DraftFilter{IDs: []int64{id}})
	if err != nil {
		return reviewItem{}, err
	}
	if len(ds) == 0 {
		return reviewItem{}, fmt.Errorf("draft %d: %w", id, errNoDraft)
	}
	items, err := s.newItems(r.Context(), ds)
	if err != nil {
		return reviewItem{}, err
	}
	return items[0], nil
}

var errNoDraft = errors.New("there is no such draft")

// failDraft answers an error reading one draft: 404 for a missing one, 400
// for a bad id, 500 otherwise.
func (s *Server) failDraft(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errNoDraft):
		s.fail(w, r, http.StatusNotFound, err)
	case errors.Is(err, errBadID):
		s.fail(w, r, http.StatusBadRequest, err)
	default:
		s.fail(w, r, http.StatusInternalServerError, err)
	}
}

func (s *Server) reviewEditForm(w http.ResponseWriter, r *http.Request) {
	it, err := s.oneDraft(r)
	if err != nil {
		s.failDraft(w, r, err)
		return
	}
	if status, err := notEditable(it); err != nil {
		s.fail(w, r, status, err)
		return
	}
	page := editPage{Item: it, Text: it.Proposed, Back: backQuery(r.URL.RawQuery), CanAct: canAct(r, webauth.Steward)}
	if it.Kind == store.DraftCorrection {
		v, _ := editableCorrection(it.Value)
		page.correction(v)
		page.Units = s.ruleUnits(r.Context(), it.Draft)
	}
	s.render(w, r, "review_edit", page)
}

// correction fills the form's typed fields from a correction's value.
func (p *editPage) correction(v transform.Value) {
	p.Correction, p.Kind = true, string(v.Kind)
	if v.Textual() {
		p.Text = v.Text
	} else {
		p.Text, p.Amount, p.Unit = "", v.Number, v.Unit
	}
}

// reviewEdit approves a draft with the reviewer's text. The text passes the
// same guardrail as a generated draft (drafts.Verify against the draft's
// facts); a flagged text is refused with the verdict shown and nothing is
// stored, so a flagged text is never pushed.
func (s *Server) reviewEdit(w http.ResponseWriter, r *http.Request) {
	it, err := s.oneDraft(r)
	if err != nil {
		s.failDraft(w, r, err)
		return
	}
	_, rv, err := decision(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	text := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("value"), "\r\n", "\n"))
	page := editPage{Item: it, Text: text, Reason: rv.Reason, Back: backQuery(r.PostFormValue("back")), CanAct: true}
	if status, err := notEditable(it); err != nil {
		s.fail(w, r, status, err)
		return
	}
	if it.Kind == store.DraftCorrection {
		s.editCorrection(w, r, it, rv, page)
		return
	}
	if err := verifyEdit(text, it.Draft); err != nil {
		page.Verdict = err.Error()
		s.renderStatus(w, r, http.StatusUnprocessableEntity, "review_edit", page)
		return
	}
	value, _ := json.Marshal(text)
	if err := s.deps.Review.EditDraft(r.Context(), it.ID, string(value), rv); err != nil {
		s.decisionFailed(w, r, fmt.Errorf("edit draft %d: %w", it.ID, err))
		return
	}
	s.backToQueue(w, r, url.Values{"done": {"edited"}, "id": {itoa(it.ID)}})
}

// notEditable says why a draft cannot be edited: 409 for one no longer
// open (its status says why), 400 for a value that is not edited (a
// correction of a price collection, a date, a boolean ...).
func notEditable(it reviewItem) (int, error) {
	switch {
	case it.Editable:
		return 0, nil
	case it.Status == store.DraftPushing:
		return http.StatusConflict, fmt.Errorf("draft %d is being pushed by run %d: edit it when that push has ended", it.ID, it.PushRun)
	case !it.Open:
		return http.StatusConflict, fmt.Errorf("draft %d is %s and cannot be edited", it.ID, it.Status)
	}
	return http.StatusBadRequest, fmt.Errorf("draft %d is a %s whose value is not text, an option code, a number or a metric, so it is not edited; approve or reject it", it.ID, it.Kind)
}

// verifyEdit checks an edited text against the facts the draft was grounded
// on, as a push checks it again.
func verifyEdit(text string, d store.Draft) error {
	if d.Facts == "" {
		return errors.New("no facts were stored with this draft, so an edit cannot be checked; reject it and let the next run draft it again")
	}
	var f drafts.Facts
	if err := json.Unmarshal([]byte(d.Facts), &f); err != nil {
		return fmt.Errorf("the stored facts do not decode: %w", err)
	}
	return drafts.Verify(text, f)
}
