package salesforce

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"math/rand/v2"
	"sync"
)

// sandboxKeys holds the key derived for each seed: deriving one takes a
// second of CPU under the race detector, and every sandbox start (a test
// starts hundreds) would pay it again for the same seed.
var sandboxKeys sync.Map // uint64 → *rsa.PrivateKey

// sandboxKey returns deterministicKey(seed), derived once per seed. The key
// is shared: callers must not change it.
func sandboxKey(seed uint64) *rsa.PrivateKey {
	if k, ok := sandboxKeys.Load(seed); ok {
		return k.(*rsa.PrivateKey)
	}
	k, _ := sandboxKeys.LoadOrStore(seed, deterministicKey(seed))
	return k.(*rsa.PrivateKey)
}

// deterministicKey derives a 2048-bit RSA key from seed: the sandbox's
// connected app must have the same key on every start so that a config can
// carry it. (crypto/rsa ignores caller randomness, so the primes are found
// here from a seeded generator.) Not for anything but the sandbox.
func deterministicKey(seed uint64) *rsa.PrivateKey {
	r := rand.New(rand.NewPCG(seed, seed^0x53616c6573666f72))
	e := big.NewInt(65537)
	one := big.NewInt(1)
	for {
		p, q := prime(r, 1024), prime(r, 1024)
		if p.Cmp(q) == 0 {
			continue
		}
		phi := new(big.Int).Mul(new(big.Int).Sub(p, one), new(big.Int).Sub(q, one))
		d := new(big.Int).ModInverse(e, phi)
		if d == nil {
			continue
		}
		k := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: new(big.Int).Mul(p, q), E: 65537}, D: d,
			Primes: []*big.Int{p, q}}
		k.Precompute()
		if k.Validate() == nil {
			return k
		}
	}
}

// prime returns a random prime of exactly bits bits from r.
func prime(r *rand.Rand, bits int) *big.Int {
	buf := make([]byte, bits/8)
	for {
		for i := range buf {
			buf[i] = byte(r.Uint32())
		}
		buf[0] |= 0xC0 // top two bits: the product has the full length
		buf[len(buf)-1] |= 1
		p := new(big.Int).SetBytes(buf)
		if p.ProbablyPrime(20) {
			return p
		}
	}
}

// pemKey encodes a private key as PKCS #8 PEM.
func pemKey(k *rsa.PrivateKey) []byte {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}
