package config

import (
	"fmt"
	"slices"
	"strings"
)

// Known is what the wiring registered, that a file is validated against: the
// system kinds, the auth flows and the data types. Config itself names none of
// them. A nil *Known checks none of these names (tests of one connector).
type Known struct {
	// Kinds lists the system kinds (akeneo, odata, ...).
	Kinds []string
	// Local lists the kinds that are not reached over HTTP (a file drop):
	// their systems need no base_url.
	Local []string
	// Auth maps each auth type to the auth keys its flow needs.
	Auth map[string][]string
	// DataTypes lists the data types a job may carry.
	DataTypes []string
	// Checked lists the data types whose records quality rules check (those
	// whose canonical type is a product).
	Checked []string
	// Personal maps each data type that declares personal fields to them:
	// a job of one needs the privacy key.
	Personal map[string][]string
	// Quota lists the kinds whose connectors keep their system's API quota
	// in the system state (what alerts.quota_below watches); a job alerting
	// on a quota without a system of one draws a warning.
	Quota []string
}

func (k *Known) local(kind string) bool { return k != nil && slices.Contains(k.Local, kind) }

// authNeeds says, for each auth key a flow may need, whether the section has
// it and what to write when it does not.
var authNeeds = map[string]struct {
	has  func(*Auth) bool
	hint string
}{
	"username":      {func(a *Auth) bool { return a.Username != "" }, "the user's name"},
	"password":      {func(a *Auth) bool { return a.Password.IsSet() }, "password: ${ENV_VAR} or password_file: PATH"},
	"token":         {func(a *Auth) bool { return a.Token.IsSet() }, "token: ${ENV_VAR} or token_file: PATH"},
	"token_url":     {func(a *Auth) bool { return a.TokenURL != "" }, "the OAuth2 token endpoint"},
	"client_id":     {func(a *Auth) bool { return a.ClientID != "" }, "the client id"},
	"client_secret": {func(a *Auth) bool { return a.ClientSecret.IsSet() }, "client_secret: ${ENV_VAR} or client_secret_file: PATH"},
}

// authType checks the auth type against the registered flows and reports
// each key its flow needs that is missing.
func (v *validator) authType(p string, a *Auth) {
	if v.known == nil || v.known.Auth == nil {
		return
	}
	needs, ok := v.known.Auth[a.Type]
	if !ok {
		v.add(p+".type", fmt.Sprintf("unknown auth type %q", a.Type), "one of: "+strings.Join(sortedKeys(v.known.Auth), ", "))
		return
	}
	for _, key := range needs {
		n, ok := authNeeds[key]
		// A secret whose key_file failed was reported there already.
		if !ok || n.has(a) || v.has(p+"."+key) || v.has(p+"."+key+"_file") {
			continue
		}
		v.add(p+"."+key, key+" is missing for auth type "+a.Type, n.hint)
	}
}

// dataType checks a job's data type against the registered ones.
func (v *validator) dataType(p string, j Job) {
	if v.known == nil || v.known.DataTypes == nil || slices.Contains(v.known.DataTypes, j.DataType) {
		return
	}
	v.add(p+".data_type", fmt.Sprintf("unknown data type %q", j.DataType), "one of: "+strings.Join(v.known.DataTypes, ", "))
}
