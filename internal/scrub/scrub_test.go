package scrub

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

func TestScrubsEveryEncodingOfAValue(t *testing.T) {
	const secret = "p@ss w+rd/\"x\"=="
	s := New()
	s.AddPair("client id", secret)
	j, _ := json.Marshal(secret)
	texts := []string{
		secret,
		url.QueryEscape(secret),
		url.PathEscape(secret),
		string(j),
		base64.StdEncoding.EncodeToString([]byte(secret)),
		base64.RawURLEncoding.EncodeToString([]byte(secret)),
		"header " + base64.StdEncoding.EncodeToString([]byte("client id:"+secret)),
		"header " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape("client id")+":"+url.QueryEscape(secret))),
	}
	for _, text := range texts {
		got := s.String("upstream said: " + text + " (end)")
		if strings.Contains(got, text) || !strings.Contains(got, Mask) || !strings.HasSuffix(got, " (end)") {
			t.Errorf("%q scrubbed to %q", text, got)
		}
	}
	if got := s.String("nothing secret here"); got != "nothing secret here" {
		t.Errorf("plain text changed: %q", got)
	}
}

func TestScrubsCredentialFragments(t *testing.T) {
	cases := map[string]string{
		"grant_type=client_credentials&client_secret=abc%2Bdef&scope=x": "client_secret=***&scope=x",
		"username=u&password=hunter22&grant_type=password":              "password=***&grant",
		`{"password":"hunter22","client_secret":"a\"b"}`:                `{"password":"***","client_secret":"***"}`,
		"Authorization: Basic dXNlcjpwYXNz\r\nHost: x":                  "Authorization: ***\r\nHost: x",
		`map[Authorization:[Bearer eyJhbGciOi.x.y] Accept:[json]]`:      "Authorization:***",
		`"headers":{"Authorization":"Bearer eyJhbGciOi.x.y"}`:           `"Authorization":"***"`,
		"sent with Bearer eyJhbGciOiJIUzI1 to the api":                  "Bearer *** to the api",
		`{\"password\":\"hunter22\"}`:                                   `{\"password\":\"***\"}`,
		"X-API-Key: k-123456":                                           "X-API-Key: ***",
		"echo: Basic dXNlcjpwYXNz.":                                     "echo: Basic ***.",
		"bearer abc123def":                                              "bearer ***",
	}
	for in, want := range cases {
		got := Fragments(in)
		if !strings.Contains(got, want) || strings.Contains(got, "hunter22") || strings.Contains(got, "eyJhbGciOi") || strings.Contains(got, "dXNlcjpwYXNz") {
			t.Errorf("Fragments(%q) = %q, want it to contain %q", in, got, want)
		}
	}
	for _, keep := range []string{"basic information about the password policy", "status 503: Service Unavailable", "the Bearer scheme", "the Bearer authentication scheme", "Basic T-Shirt 2-pack", "Basic Information", "basic auth"} {
		if got := Fragments(keep); got != keep {
			t.Errorf("Fragments(%q) changed ordinary text to %q", keep, got)
		}
	}
}

func TestAddConfigAndWriter(t *testing.T) {
	f := &config.File{Systems: map[string]config.System{
		"sap":    {Auth: config.Auth{ClientID: "C1", ClientSecret: config.NewSecret("sap-client-secret")}},
		"akeneo": {Auth: config.Auth{ClientID: "ak", ClientSecret: config.NewSecret("ak-secret"), Username: "u", Password: config.NewSecret("ak-password")}},
		"llm":    {Auth: config.Auth{Token: config.NewSecret("sk-llm-key")}},
		"short":  {Auth: config.Auth{Token: config.NewSecret("abc")}},
	}}
	s := New()
	var out bytes.Buffer
	w := s.Writer(&out)
	s.AddConfig(f)
	line := `{"error":"token: sap-client-secret ak-password sk-llm-key ` + base64.StdEncoding.EncodeToString([]byte("ak:ak-secret")) + ` abc"}` + "\n"
	n, err := w.Write([]byte(line))
	if err != nil || n != len(line) {
		t.Fatalf("write: %d, %v", n, err)
	}
	got := out.String()
	for _, v := range []string{"sap-client-secret", "ak-password", "sk-llm-key", "YWs6YWstc2VjcmV0"} {
		if strings.Contains(got, v) {
			t.Errorf("%q left in %q", v, got)
		}
	}
	if !strings.Contains(got, " abc\"") {
		t.Errorf("a value shorter than MinLen was scrubbed as text: %q", got)
	}
	var nilScrubber *Scrubber
	if got := nilScrubber.String("password=x1"); got != "password=***" {
		t.Errorf("nil scrubber: %q", got)
	}
}

// TestSecretsWithJSONSpecialsLeaveNoTraceInJSONLogs: zerolog escapes only ",
// \ and control characters, encoding/json also <, > and &; a secret holding
// both kinds must be caught in either form (and in PHP's escaped-slash form).
func TestSecretsWithJSONSpecialsLeaveNoTraceInJSONLogs(t *testing.T) {
	for _, secret := range []string{`a&b"c>d1234`, `pa"ss<word1`, `pa/ss"w0rd`} {
		var buf bytes.Buffer
		log := zerolog.New(New(secret).Writer(&buf))
		log.Error().Err(errors.New("echoed " + secret)).Msg("token request failed")
		php := strings.ReplaceAll(strings.ReplaceAll(secret, `"`, `\"`), "/", `\/`)
		if got := New(secret).String("body: " + php); strings.Contains(got, php) {
			t.Errorf("PHP-escaped %q left in %q", secret, got)
		}
		if got := buf.String(); !strings.Contains(got, `"error":"echoed ***"`) {
			t.Errorf("secret %q not scrubbed from the JSON log line %s", secret, got)
		}
	}
}
