package console

import (
	"strings"
	"testing"
)

// TestReviewSafeURLLeavesNoCredential: page addresses and errors shown on
// the run pages keep no credential carried in a fragment (an OAuth
// implicit grant's access_token), in a "pass" or "pw" parameter, or in a
// path parameter such as ;jsessionid=.
func TestReviewSafeURLLeavesNoCredential(t *testing.T) {
	for _, in := range []string{
		"https://api.example.com/callback#access_token=SECRET1&token_type=bearer",
		"https://ftp.example.com/export.csv?user=bob&pass=SECRET2",
		"https://ftp.example.com/export.csv?user=bob&pw=SECRET3",
		"https://erp.example.com/app/items;jsessionid=SECRET4?page=2",
	} {
		for name, got := range map[string]string{"safeURL": safeURL(in), "safeText": safeText("read " + in + " failed")} {
			if strings.Contains(got, "SECRET") {
				t.Errorf("%s(%q) = %q keeps a credential", name, in, got)
			}
			if !strings.Contains(got, "example.com") {
				t.Errorf("%s(%q) = %q lost the address", name, in, got)
			}
		}
	}
}
