package hubspot

import (
	"encoding/json"
	"net/http"
	"time"
)

// quotaSwitch is the body of POST /_sandbox/hubspot/quota; zero fields keep
// their limit.
type quotaSwitch struct {
	Burst           int `json:"burst"`
	IntervalMS      int `json:"interval_ms"`
	Daily           int `json:"daily"`
	SearchPerSecond int `json:"search_per_second"`
}

// Control serves POST /_sandbox/hubspot/quota beside the sandbox's fault
// endpoints: it sets the portal's limits (see SetQuota), so a demo or a test
// driving the sandbox over HTTP can reach them quickly.
func (e *Emulator) Control(mux *http.ServeMux) {
	mux.HandleFunc("POST /_sandbox/hubspot/quota", func(w http.ResponseWriter, r *http.Request) {
		var q quotaSwitch
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&q); err != nil || q.Burst < 0 || q.IntervalMS < 0 || q.Daily < 0 || q.SearchPerSecond < 0 {
			http.Error(w, "bad quota: want {\"burst\",\"interval_ms\",\"daily\",\"search_per_second\"} as non-negative integers", http.StatusBadRequest)
			return
		}
		e.SetQuota(q.Burst, time.Duration(q.IntervalMS)*time.Millisecond, q.Daily, q.SearchPerSecond)
		w.WriteHeader(http.StatusNoContent)
	})
}
