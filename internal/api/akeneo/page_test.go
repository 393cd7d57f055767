package akeneo

import (
	"errors"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/retry"
)

func TestDecodePageRefusesMissingItems(t *testing.T) {
	for _, body := range []string{
		`{"_links":{"self":{"href":"h"}},"_embedded":{}}`,
		`{"_links":{"self":{"href":"h"}},"_embedded":{"items":null}}`,
		`{"_links":{"self":{"href":"h"}}}`,
		`{"_links":{"self":{"href":"h"}},"_embedded":null}`,
	} {
		if _, err := decodePage([]byte(body), "p"); !errors.Is(err, ErrNoItems) {
			t.Errorf("%s: err %v, want ErrNoItems", body, err)
		}
	}
	p, err := decodePage([]byte(`{"_links":{"self":{"href":"h"}},"_embedded":{"items":[]}}`), "p")
	if err != nil || len(p.Embedded.Items) != 0 || p.NextLink() != "" {
		t.Errorf("an empty last page: %+v %v", p, err)
	}
}

func TestDecodePageTellsPoisonFromCutOff(t *testing.T) {
	page := `{"_links":{"next":{"href":"http://h/p?limit=1&search_after=x"}},"_embedded":{"items":[{"uuid":"u1","values":{"name":[{"data":"a` + "\x00" + `b"}]}}]}}`
	_, err := decodePage([]byte(page), "p")
	var ue *UndecodableError
	if !errors.As(err, &ue) || string(ue.Body) != page {
		t.Fatalf("NUL in a string: %v; want an UndecodableError with the body", err)
	}
	deep := `{"_embedded":{"items":[{"uuid":"u2","values":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}]}}`
	if _, err := decodePage([]byte(deep), "p"); !errors.As(err, &ue) {
		t.Fatalf("10,000 deep: %v; want an UndecodableError", err)
	}
	if _, err := decodePage([]byte(page[:40]), "p"); errors.As(err, &ue) || !errors.Is(err, ErrCutOff) || retry.Error(err) != retry.Retryable {
		t.Fatalf("a cut-off page: %v; want a retryable error", err)
	}
	items, next, err := SalvagePage([]byte(page))
	if err != nil || len(items) != 1 || !strings.Contains(string(items[0]), "\x00") || next != "http://h/p?limit=1&search_after=x" {
		t.Fatalf("salvage: %q %q %v", items, next, err)
	}
}

func TestWithLimitKeepsTheCursor(t *testing.T) {
	link := "http://h/api/rest/v1/products-uuid?limit=100&pagination_type=search_after&search=%7B%22updated%22%7D&search_after=abc%2Bdef"
	got, err := WithLimit(link, 12)
	if err != nil || got != strings.Replace(link, "limit=100", "limit=12", 1) || LimitOf(got) != 12 {
		t.Fatalf("WithLimit = %q %v", got, err)
	}
	if got, _ := WithLimit("http://h/p?a=1", 3); got != "http://h/p?a=1&limit=3" {
		t.Fatalf("WithLimit without limit = %q", got)
	}
}
