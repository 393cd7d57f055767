package main

import (
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
)

// serveSecretKeys are the serve section's keys that hold or name a secret.
var serveSecretKeys = []string{"token", "token_file", "client_secret", "client_secret_file", "key", "key_file"}

// splitServeSecrets separates the problems of the serve section's secrets
// (an unset variable, an unreadable file, a token too short) from the rest.
// Only steward serve reads those secrets: the other commands load a config
// whose console token is exported only where the console runs.
func splitServeSecrets(ps config.Problems) (serve, rest config.Problems) {
	for _, p := range ps {
		if isServeSecret(p.Path) {
			serve = append(serve, p)
			continue
		}
		rest = append(rest, p)
	}
	return serve, rest
}

func isServeSecret(path string) bool {
	if !strings.HasPrefix(path, "serve.") {
		return false
	}
	return slices.Contains(serveSecretKeys, path[strings.LastIndex(path, ".")+1:])
}

// withoutServeSecrets returns err without the serve section's secret
// problems unless the command is steward serve; nil when none is left.
func (a *app) withoutServeSecrets(err error) error {
	ps, ok := config.AsProblems(err)
	if !ok || a.serving {
		return err
	}
	if _, rest := splitServeSecrets(ps); len(rest) > 0 {
		return rest
	}
	return nil
}
