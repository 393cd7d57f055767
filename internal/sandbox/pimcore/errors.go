package pimcore

import (
	"net/http"
	"strconv"
)

// Errors is the fault.Responder of Pimcore's hosting: Datahub has no rate
// limiter, so a 429 comes from a proxy in front as a plain text page, and a
// 5xx is the web server's HTML page.
type Errors struct{}

// TooManyRequests answers a proxy's 429.
func (Errors) TooManyRequests(w http.ResponseWriter, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte("429 Too Many Requests\n"))
}

// ServerError answers a 5xx as the web server in front of PHP does.
func (Errors) ServerError(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<html>\r\n<head><title>" + strconv.Itoa(status) + " " + http.StatusText(status) +
		"</title></head>\r\n<body>\r\n<center><h1>" + strconv.Itoa(status) + " " + http.StatusText(status) +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"))
}
