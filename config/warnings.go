package config

import "fmt"

// Warnings lists settings that are allowed but weaker than steward's defaults
// or that cannot take effect: systems whose TLS minimum is lowered to 1.2,
// quota alerts of jobs none of whose systems reports a quota, a console
// behind a proxy that names no trusted proxy, and a trusted proxy network
// of every address. validate prints them; they never fail a load. Call it
// on a File returned by Load or Parse.
func (f *File) Warnings() Problems {
	var ps Problems
	for _, name := range sortedKeys(f.Systems) {
		if f.Systems[name].TLS.MinVersion == "1.2" {
			ps = append(ps, f.Problem("systems."+name+".tls.min_version",
				"TLS 1.2 is allowed for this system; steward's default is 1.3",
				"remove min_version once the server speaks TLS 1.3"))
		}
	}
	ps = append(ps, f.quotaWarnings()...)
	if f.Serve.InsecureHTTP && len(f.Serve.TrustedProxies) == 0 {
		ps = append(ps, f.Problem("serve.insecure_http",
			"behind a proxy, failed logins are counted against the proxy's address: 10 failures lock every token login through it out for 10 minutes",
			"list the proxy under serve.trusted_proxies so that each client is counted by the X-Forwarded-For address the proxy sets"))
	}
	ps = append(ps, f.proxyWarnings()...)
	return ps.sorted()
}

// proxyWarnings names the trusted proxy networks that hold every address
// (of IPv4 or IPv6): any client could then write the X-Forwarded-For it is
// counted by, guess tokens without limit and lock out any address.
func (f *File) proxyWarnings() Problems {
	var ps Problems
	for i, v := range f.Serve.TrustedProxies {
		p, err := ParseTrustedProxy(v)
		if err != nil || !(p.Bits() == 0 || p.Addr().Is4In6() && p.Bits() <= 96) {
			continue
		}
		ps = append(ps, f.Problem(fmt.Sprintf("serve.trusted_proxies[%d]", i),
			fmt.Sprintf("trusted proxy %s holds every address: any client can name itself in X-Forwarded-For, guess tokens without limit and lock out others", v),
			"list only the proxies' own addresses or networks"))
	}
	return ps
}
