package salesforce

import (
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// Sandbox identity: the connected app's consumer key and secret and the
// integration user client credentials sessions run as. The JWT key is
// derived from the catalog seed (PrivateKeyPEM).
const (
	SandboxClientID     = "3MVG9sandbox.steward.salesforce.consumer.key"
	SandboxClientSecret = "sandbox-salesforce-consumer-secret"
	SandboxUsername     = "integration@sandbox.example"
)

// Sandbox returns the sandbox's org over cat: the catalog's accounts, a few
// leads, the standard price book and six reps; the sandbox credentials; a
// daily allocation of 100000 requests; a JWT key derived from cat.Seed.
func Sandbox(cat *catalog.Catalog) *Emulator {
	key := sandboxKey(cat.Seed)
	e := New(Options{ClientID: SandboxClientID, ClientSecret: SandboxClientSecret, PublicKey: &key.PublicKey,
		RunAs: []string{SandboxUsername}, DailyLimit: DefaultDailyLimit, Catalog: cat})
	e.key = key
	return e
}

// PrivateKeyPEM returns the connected app's private key (PKCS #8 PEM) the
// sandbox config gives steward for the JWT bearer flow; nil when the
// emulator was built without one (New).
func (e *Emulator) PrivateKeyPEM() []byte {
	if e.key == nil {
		return nil
	}
	return pemKey(e.key)
}
