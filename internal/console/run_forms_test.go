package console

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReviewRunFormsCarryCSRFAndRefuseNonOpen: every form of the run page
// posts the session's anti-forgery token; a replayed dead letter is not
// replayed again, nor one named twice in a form, nor a form naming more
// than a page of them; a refused action records nothing.
func TestReviewRunFormsCarryCSRFAndRefuseNonOpen(t *testing.T) {
	f := opsFixture(t, nil)
	run, dls := deadRun(t, f)
	body := f.get(t, olga, fmt.Sprintf("/runs/%d", run)).Body.String()
	forms := regexp.MustCompile(`(?s)<form method="post"[^>]*>.*?</form>`).FindAllString(body, -1)
	if runs := strings.Count(body, `<form method="post" action="/runs/`); runs != 6 || len(forms) != 7 {
		t.Errorf("%d run forms of %d post forms, want 2 bulk and 2 per dead letter, and the layout's sign-out", runs, len(forms))
	}
	for _, form := range forms {
		if !strings.Contains(form, `<input type="hidden" name="csrf" value="csrf-olga">`) {
			t.Errorf("form without the anti-forgery token: %s", form)
		}
	}
	path := fmt.Sprintf("/runs/%d/replay", run)
	id := strconv.FormatInt(dls[0], 10)
	if w := f.post(t, olga, path, url.Values{"dl": {id, id}}); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "1 dead letter(s) replayed") {
		t.Fatalf("replay naming one dead letter twice: %d", w.Code)
	}
	audited := len(decisionsOf(t, f, ""))
	if w := f.post(t, olga, path, url.Values{"dl": {id}}); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "is not an open dead letter") {
		t.Errorf("replay of a replayed dead letter: %d", w.Code)
	}
	many := url.Values{}
	for i := range runDeadLettersShown + 1 {
		many.Add("dl", strconv.Itoa(i+1))
	}
	if w := f.post(t, olga, path, many); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "at most") {
		t.Errorf("replay naming more than a page: %d", w.Code)
	}
	if n := len(decisionsOf(t, f, "")); n != audited {
		t.Errorf("refused replays recorded %d decisions", n-audited)
	}
}
