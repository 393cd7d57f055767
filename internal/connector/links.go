package connector

import (
	"net/url"
	"strings"

	"github.com/stewardhq/steward/config"
)

// ProductLinks returns a resolver of product links for the systems of f:
// given a system's name and a product's native id there, the address of the
// product's page in that system's user interface, or "" when the system is
// not configured, its kind has no ProductLink, or its base URL is not an
// absolute http(s) URL. settings are the systems' decoded settings
// (Registry.Decode). The base URL's user info, query and fragment never reach
// the link.
func (r *Registry) ProductLinks(f *config.File, settings Settings) func(system, nativeID string) string {
	return func(system, nativeID string) string {
		if nativeID == "" {
			return ""
		}
		k, err := r.Of(f, system)
		if err != nil || k.ProductLink == nil {
			return ""
		}
		base, ok := linkBase(f.Systems[system].BaseURL)
		if !ok {
			return ""
		}
		return k.ProductLink(base, settings[system], nativeID)
	}
}

// linkBase parses a system's base URL and keeps its scheme, host and path.
func linkBase(raw string) (url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return url.URL{}, false
	}
	return url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}, true
}

// PathLink returns base with path appended, each of segments escaped as one
// path segment and joined by "/" (path keeps its own slashes).
func PathLink(base url.URL, path string, segments ...string) string {
	out := strings.TrimRight(base.String(), "/") + path
	for i, seg := range segments {
		if i > 0 || !strings.HasSuffix(out, "/") {
			out += "/"
		}
		out += url.PathEscape(seg)
	}
	return out
}
