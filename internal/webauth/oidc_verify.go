package webauth

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

var errNonce = errors.New("the ID token's nonce is not this login's")

// oidcSession exchanges code for tokens and returns the session the
// verified ID token describes; its Role is 0 when no role is mapped.
func (g *Guard) oidcSession(r *http.Request, code string, f loginFlow) (session, error) {
	ctx := g.oidc.clientContext(r.Context())
	p, err := g.oidc.discover(ctx)
	if err != nil {
		return session{}, err
	}
	tok, err := g.oidc.oauth2Config(p).Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return session{}, fmt.Errorf("exchange code: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return session{}, errors.New("exchange code: the answer holds no id_token")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: g.oidc.cfg.ClientID, Now: g.now}).Verify(ctx, raw)
	if err != nil {
		return session{}, fmt.Errorf("verify id token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		return session{}, errNonce
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return session{}, fmt.Errorf("read id token claims: %w", err)
	}
	held := g.oidc.mapped(claims)
	return session{Subject: idt.Subject, Name: g.oidc.name(claims, idt.Subject), Role: g.oidc.roleOf(held), Via: ViaOIDC, Claims: held}, nil
}
