package pimcore

import (
	"net/url"
	"strconv"

	"github.com/stewardhq/steward/internal/connector"
)

// productLink is the admin interface's deeplink to the data object,
// {base}/admin/login/deeplink?object_{id}_object: the address the object's
// info panel offers as "deeplink"; it opens the object in the admin after a
// login. Only a numeric object id (the native id Datahub reads) makes one.
func productLink(base url.URL, _ any, id string) string {
	if n, err := strconv.ParseUint(id, 10, 63); err != nil || n == 0 {
		return ""
	}
	return connector.PathLink(base, "/admin/login/deeplink") + "?object_" + id + "_object"
}
