package config

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Trigger is one webhook that makes a job's next run start now (after the
// debounce), while the job's cadence stays the safety net.
//
//	triggers:
//	  - kind: hubspot                 # X-HubSpot-Signature-v3, the app's client secret
//	    secret: ${HUBSPOT_CLIENT_SECRET}
//	    public_url: https://steward.example.com   # optional: the scheme and host HubSpot calls
//	  - kind: salesforce              # outbound messages and a Platform Event relay
//	    secret: ${SF_HOOK_TOKEN}      # in the outbound message's URL path; the relay's HMAC key
//	    organization_id: 00D000000000001AAA
//	  - kind: generic                 # X-Steward-Signature: t=<unix>,v1=<hex HMAC-SHA256>
//	    secret_file: /run/secrets/hook
//	    debounce: 10s
type Trigger struct {
	// Kind is hubspot, salesforce or generic.
	Kind string `yaml:"kind"`
	// Secret is the key the sender signs with (HubSpot: the app's client
	// secret; generic and the Salesforce relay: the shared HMAC key) and,
	// for Salesforce outbound messages, which cannot sign, the token in the
	// endpoint's path.
	Secret     Secret `yaml:"secret"`
	SecretFile string `yaml:"secret_file"`
	// OrganizationID is the 18-character id of the Salesforce org whose
	// outbound messages are accepted (salesforce only).
	OrganizationID string `yaml:"organization_id"`
	// Debounce is how long events coalesce before the run starts (default
	// 5s, at most 10m).
	Debounce Duration `yaml:"debounce"`
	// PublicURL is the scheme, host and any path prefix under which HubSpot
	// reaches steward, as in the app's target URL (hubspot only; default:
	// taken from the request, honouring X-Forwarded-Proto and -Host).
	PublicURL string `yaml:"public_url"`
}

// Trigger kinds.
const (
	TriggerHubSpot    = "hubspot"
	TriggerSalesforce = "salesforce"
	TriggerGeneric    = "generic"
)

// TriggerKinds are the webhook kinds a job may name.
var TriggerKinds = []string{TriggerGeneric, TriggerHubSpot, TriggerSalesforce}

// Debounce bounds.
const (
	DefaultDebounce = 5 * time.Second
	MaxDebounce     = 10 * time.Minute
	// MinTriggerSecret is the shortest shared secret accepted: a short key or
	// path token can be guessed.
	MinTriggerSecret = 16
)

// Delay returns the configured debounce or the default.
func (t Trigger) Delay() time.Duration {
	if t.Debounce == 0 {
		return DefaultDebounce
	}
	return t.Debounce.Std()
}

var (
	sfOrgID   = regexp.MustCompile(`^[A-Za-z0-9]{18}$`)
	pathToken = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)
)

// triggers checks a job's triggers: known kinds, one per kind, a resolved
// secret of enough length, the Salesforce org id, the debounce range.
func (v *validator) triggers(p string, j Job) {
	seen := map[string]bool{}
	for i := range j.Triggers {
		t := &j.Triggers[i]
		tp := fmt.Sprintf("%s.triggers[%d]", p, i)
		if !slices.Contains(TriggerKinds, t.Kind) {
			v.add(tp+".kind", fmt.Sprintf("unknown trigger kind %q", t.Kind), "one of: "+strings.Join(TriggerKinds, ", "))
		} else if seen[t.Kind] {
			v.add(tp+".kind", fmt.Sprintf("a second %s trigger", t.Kind), "a job has one endpoint per kind; keep one")
		}
		seen[t.Kind] = true
		v.triggerSecret(tp, t)
		v.triggerOrg(tp, t)
		v.triggerURL(tp, t)
		if d := t.Debounce.Std(); d < 0 || d > MaxDebounce {
			v.add(tp+".debounce", fmt.Sprintf("debounce %s is outside 0–10m", d), "a duration such as 5s (the default)")
		}
	}
}

// triggerSecret resolves the secret and checks its shape; messages never
// carry the value.
func (v *validator) triggerSecret(tp string, t *Trigger) {
	if !t.Secret.IsSet() && t.SecretFile == "" {
		v.add(tp+".secret", "secret is missing", "write secret: ${ENV_VAR} or secret_file: PATH")
		return
	}
	before := len(v.ps)
	v.secret(tp, "secret", &t.Secret, t.SecretFile)
	if len(v.ps) > before {
		return
	}
	at := tp + ".secret"
	if t.SecretFile != "" {
		at += "_file"
	}
	s := t.Secret.Reveal()
	switch {
	case len(s) < MinTriggerSecret:
		v.add(at, fmt.Sprintf("secret is shorter than %d characters", MinTriggerSecret), "use a long random value, e.g. openssl rand -hex 32")
	case t.Kind == TriggerSalesforce && !pathToken.MatchString(s):
		v.add(at, "secret cannot stand in a URL path", "letters, digits and - . _ ~ only, e.g. openssl rand -hex 32")
	}
}

func (v *validator) triggerOrg(tp string, t *Trigger) {
	switch {
	case t.Kind != TriggerSalesforce && t.OrganizationID != "":
		v.add(tp+".organization_id", "organization_id belongs to a salesforce trigger", "remove it")
	case t.Kind != TriggerSalesforce:
	case t.OrganizationID == "":
		v.add(tp+".organization_id", "organization_id is missing", "the org's 18-character id (Setup > Company Information), e.g. 00D5g000004ABCDEA2")
	case len(t.OrganizationID) == 15:
		v.add(tp+".organization_id", "organization_id has the 15-character form", "write the 18-character form outbound messages carry")
	case !sfOrgID.MatchString(t.OrganizationID):
		v.add(tp+".organization_id", fmt.Sprintf("organization_id %q is not a Salesforce id", t.OrganizationID), "18 letters and digits, e.g. 00D5g000004ABCDEA2")
	}
}

func (v *validator) triggerURL(tp string, t *Trigger) {
	if t.PublicURL == "" {
		return
	}
	if t.Kind != TriggerHubSpot {
		v.add(tp+".public_url", "public_url belongs to a hubspot trigger", "remove it")
		return
	}
	u, err := url.Parse(t.PublicURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		v.add(tp+".public_url", fmt.Sprintf("public_url %q is not a base URL", t.PublicURL), "scheme, host and an optional path prefix, e.g. https://steward.example.com")
	}
}
