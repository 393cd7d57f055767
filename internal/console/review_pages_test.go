package console

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

// TestReviewEscapesEverywhere: product text, facts, reasons, names and
// filter values reach every page as text, never as markup, also inside
// attributes.
func TestReviewEscapesEverywhere(t *testing.T) {
	f := newFixture(t)
	evil := `"><script>alert(1)</script><x y='`
	ids := f.seed(t, seeded{Text: "Soft " + evil, Current: evil, SKU: "S" + evil, Family: "fam" + evil, Rule: "rule" + evil,
		Locale: "l" + evil, Channel: "c" + evil, Facts: `{"colour` + strings.ReplaceAll(evil, `"`, `\"`) + `":"blue` + strings.ReplaceAll(evil, `"`, `\"`) + `"}`,
		Status: store.DraftFlagged, Reason: "flag" + evil})
	if w := f.post(t, bob, "/review/"+itoa(ids[0])+"/approve", url.Values{"override": {"1"}, "reason": {"why" + evil}}); w.Code != http.StatusSeeOther {
		t.Fatalf("override: %d %s", w.Code, w.Body)
	}
	esc := f.conflict(t, "K"+evil)
	q := url.QueryEscape(evil)
	for _, target := range []string{
		"/review?status=&family=" + q + "&sku=" + q + "&rule=" + q + "&guardrail=" + q + "&locale=" + q + "&channel=" + q,
		"/review?status=", "/review/" + itoa(ids[0]) + "/edit?family=" + q,
		"/review/bulk?action=approve&status=&family=" + q, "/review/bulk?action=reject&sku=" + q,
		"/audit", "/audit?reviewer=" + q, "/escalations?job=" + q, "/escalations/" + itoa(esc),
	} {
		for _, p := range []webauth.Principal{bob, viewer} {
			w := f.get(t, p, target)
			body := w.Body.String()
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "<x y=") {
				t.Errorf("GET %s as %s renders markup live", target, p.Role)
			}
			if strings.Contains(body, `<b>`) {
				t.Errorf("GET %s as %s renders the reviewer's name as markup", target, p.Role)
			}
		}
	}
}

var inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)

// TestReviewCSPIsSentAndCoversTheOnlyScript: every page, the error page
// too, sends the policy; the one inline script is the one its hash allows,
// and no page carries an inline handler or a javascript: link.
func TestReviewCSPIsSentAndCoversTheOnlyScript(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{})
	esc := f.conflict(t, "K1")
	for _, target := range []string{"/review", "/review/" + itoa(ids[0]) + "/edit", "/review/bulk?action=approve", "/audit", "/escalations",
		"/escalations/" + itoa(esc), "/review?status=bogus", "/review/999/edit", "/escalations/999"} {
		w := f.get(t, ana, target)
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s (%d): policy %q", target, w.Code, csp)
		}
		body := w.Body.String()
		for _, m := range inlineScript.FindAllStringSubmatch(body, -1) {
			sum := sha256.Sum256([]byte(m[1]))
			if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
				t.Errorf("GET %s: an inline script the policy does not allow", target)
			}
		}
		if regexp.MustCompile(`(?i)\son[a-z]+=|javascript:`).MatchString(body) {
			t.Errorf("GET %s has an inline handler or a javascript: link", target)
		}
	}
}

var formTag = regexp.MustCompile(`(?s)<form ([^>]*)>(.*?)</form>`)

// TestReviewFormsWorkWithoutJS: every form of every page submits by itself
// (method, action, a submit button), and every POST form carries the
// session's anti-forgery token.
func TestReviewFormsWorkWithoutJS(t *testing.T) {
	f := newFixture(t)
	ids := f.seed(t, seeded{}, seeded{Status: store.DraftFlagged, Reason: "x"})
	esc := f.conflict(t, "K1")
	n := 0
	for _, target := range []string{"/review", "/review?status=", "/review/" + itoa(ids[0]) + "/edit", "/review/bulk?action=approve",
		"/review/bulk?action=reject", "/audit", "/escalations", "/escalations/" + itoa(esc)} {
		for _, m := range formTag.FindAllStringSubmatch(f.get(t, ana, target).Body.String(), -1) {
			n++
			attrs, inner := m[1], m[2]
			if !strings.Contains(attrs, `method="`) || !strings.Contains(attrs, `action="/`) {
				t.Errorf("%s: a form without method or action: <form %s>", target, attrs)
			}
			if !strings.Contains(inner, `type="submit"`) {
				t.Errorf("%s: a form without a submit button: <form %s>", target, attrs)
			}
			if strings.Contains(attrs, `method="post"`) && !strings.Contains(inner, `name="csrf" value="`+ana.CSRF+`"`) {
				t.Errorf("%s: a POST form without the token: <form %s>", target, attrs)
			}
		}
	}
	if n < 10 {
		t.Fatalf("found only %d forms", n)
	}
}
