package webauth

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"

	"github.com/stewardhq/steward/config"
)

// parseProxy reads a trusted proxy as config writes it
// (config.ParseTrustedProxy: 10.0.0.5, ::1, 10.0.0.0/8, fd00::/8). An
// IPv4-mapped one (::ffff:10.0.0.0/104) is read as the IPv4 network it
// maps, since client addresses are compared unmapped.
func parseProxy(v string) (netip.Prefix, error) {
	p, err := config.ParseTrustedProxy(v)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("parse trusted proxy %q: %w", v, err)
	}
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

func parseProxies(vs []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(vs))
	for i, v := range vs {
		p, err := parseProxy(v)
		if err != nil {
			return nil, fmt.Errorf("serve.trusted_proxies[%d]: %w", i, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// clientAddr names the client a request came from, for counting failed
// tokens: its address (clientIP), an IPv6 client by its /64, which one
// subscriber usually holds whole.
func (g *Guard) clientAddr(r *http.Request) string {
	a := g.clientIP(r)
	if !a.IsValid() {
		return r.RemoteAddr
	}
	if a.Is6() {
		return netip.PrefixFrom(a, 64).Masked().String()
	}
	return a.String()
}

// clientIP is the address a request came from: the connection's remote
// address, or, when that is a trusted proxy, the nearest address in
// X-Forwarded-For that is not one.
func (g *Guard) clientIP(r *http.Request) netip.Addr {
	a := remoteAddr(r.RemoteAddr)
	if g.trusted(a) {
		a = g.forwardedFor(r.Header.Values("X-Forwarded-For"), a)
	}
	return a
}

// remote names r's client in the log: its address, as clientIP finds it.
func (g *Guard) remote(r *http.Request) string {
	if a := g.clientIP(r); a.IsValid() {
		return a.String()
	}
	return r.RemoteAddr
}

// remoteAddr is the address of http.Request.RemoteAddr (host:port).
func remoteAddr(v string) netip.Addr {
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return ap.Addr().Unmap()
	}
	a, _ := netip.ParseAddr(v)
	return a.Unmap()
}

// forwardedFor walks the X-Forwarded-For chain from the right (the hop
// nearest steward) past trusted proxies; the first other address is the
// client. A malformed entry ends the walk at the last proxy: what lies
// left of it was written by the client and proves nothing.
func (g *Guard) forwardedFor(values []string, proxy netip.Addr) netip.Addr {
	hops := strings.Split(strings.Join(values, ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := hopAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return proxy
		}
		if !g.trusted(a) {
			return a
		}
		proxy = a
	}
	return proxy
}

// hopAddr reads one X-Forwarded-For entry: an address, or an address
// with a port (1.2.3.4:5555, [2001:db8::1]:443), as some proxies write it.
func hopAddr(v string) (netip.Addr, error) {
	a, err := netip.ParseAddr(v)
	if err != nil {
		ap, perr := netip.ParseAddrPort(v)
		if perr != nil {
			return netip.Addr{}, err
		}
		a = ap.Addr()
	}
	return a.Unmap(), nil
}

// trusted reports whether a is a configured trusted proxy.
func (g *Guard) trusted(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range g.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
