package console

import "testing"

func TestSafeURLDropsCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"https://u:p@api.example.com/v1/items?page=2&access_token=abc": "https://api.example.com/v1/items?access_token=***&page=2",
		"https://api.example.com/odata?$skiptoken=x&sig=y":             "https://api.example.com/odata?%24skiptoken=***&sig=***",
		"https://api.example.com/p?search_after=k1":                    "https://api.example.com/p?search_after=k1",
		"page 3 of /api/rest/v1/products":                              "page 3 of /api/rest/v1/products",
		"":                                                             "",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
	got := safeText(`{"next":"https://x:y@h.example.com/a?apikey=s3cret"} then http://h2.example.com/b?code=c0de`)
	want := `{"next":"https://h.example.com/a?apikey=***"} then http://h2.example.com/b?code=***`
	if got != want {
		t.Errorf("safeText = %s, want %s", got, want)
	}
}
