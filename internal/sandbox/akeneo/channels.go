package akeneo

import "net/http"

// The emulated PIM's channels and locales, shaped as Akeneo's
// GET /api/rest/v1/channels and /api/rest/v1/locales items. Like a real PIM it
// knows more locales than it enables; only enabled ones carry values.
var (
	channelItems = []any{map[string]any{
		"code": "ecommerce", "currencies": []string{"EUR", "USD"}, "locales": []string{"en_US"},
		"category_tree": "master", "conversion_units": map[string]string{}, "labels": map[string]string{"en_US": "Ecommerce"},
	}}
	localeItems = []any{
		map[string]any{"code": "de_DE", "enabled": false},
		map[string]any{"code": "en_US", "enabled": true},
		map[string]any{"code": "fr_FR", "enabled": false},
	}
)

func (s *Server) channels(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, onePage(r, channelItems))
}

func (s *Server) locales(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, onePage(r, localeItems))
}
