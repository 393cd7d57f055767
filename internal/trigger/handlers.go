package trigger

import (
	"errors"
	"io"
	"net/http"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/logkey"
)

// verifier authenticates one request of a kind; done answers a request it
// accepted (the Salesforce acknowledgement) or, when nil, the default does.
type verifier func(r *http.Request, body []byte, t config.Trigger) (done func(http.ResponseWriter), err error)

// handler reads the body within the limit, finds the job's trigger of kind,
// lets verify authenticate the request and, when it passes, notifies the
// job's debouncer. Nothing is triggered for a refused request.
func (h *Hooks) handler(kind string, verify verifier) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		job := r.PathValue("job")
		log := h.log.With().Str(logkey.Job, job).Str(logkey.Trigger, kind).Logger()
		jh, t, ok := h.lookup(job, kind)
		if !ok {
			http.Error(w, "no such webhook", http.StatusNotFound)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
		if err != nil {
			status := http.StatusBadRequest
			if errors.As(err, new(*http.MaxBytesError)) {
				status = http.StatusRequestEntityTooLarge
			}
			http.Error(w, "read body: "+http.StatusText(status), status)
			return
		}
		done, err := verify(r, body, t)
		if err != nil {
			h.answerRefusal(w, log, err)
			return
		}
		jh.deb.Notify(t.Delay())
		log.Info().Int(logkey.Bytes, len(body)).Msg("webhook accepted; run queued")
		if done != nil {
			done(w)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, triggeredResponse)
	})
}

// lookup finds job's trigger of kind; false for an unknown or disabled job
// and for a job without that trigger alike.
func (h *Hooks) lookup(job, kind string) (*jobHooks, config.Trigger, bool) {
	jh, ok := h.jobs[job]
	if !ok {
		return nil, config.Trigger{}, false
	}
	t, ok := jh.byKind[kind]
	return jh, t, ok
}

func (h *Hooks) answerRefusal(w http.ResponseWriter, log zerolog.Logger, err error) {
	var rf *Refusal
	if !errors.As(err, &rf) {
		rf = &Refusal{Status: http.StatusBadRequest, Reason: "bad request"}
	}
	log.Warn().Int(logkey.Status, rf.Status).Str(logkey.Reason, rf.Reason).Msg("webhook refused; nothing triggered")
	http.Error(w, rf.Reason, rf.Status)
}

func (h *Hooks) hubspot(r *http.Request, body []byte, t config.Trigger) (func(http.ResponseWriter), error) {
	now := h.clock.Now()
	sig, err := verifyHubSpot(r, body, t.Secret.Reveal(), t.PublicURL, now)
	if err != nil {
		return nil, err
	}
	return nil, h.remember(t.Kind, r.PathValue("job"), sig, now)
}

func (h *Hooks) generic(r *http.Request, body []byte, t config.Trigger) (func(http.ResponseWriter), error) {
	now := h.clock.Now()
	sig, err := verifyGeneric(r.Header.Get(SignatureHeader), body, t.Secret.Reveal(), now)
	if err != nil {
		return nil, err
	}
	return nil, h.remember(t.Kind, r.PathValue("job"), sig, now)
}

func (h *Hooks) relay(r *http.Request, body []byte, t config.Trigger) (func(http.ResponseWriter), error) {
	now := h.clock.Now()
	sig, err := verifyRelay(r, body, t.Secret.Reveal(), now)
	if err != nil {
		return nil, err
	}
	return nil, h.remember("salesforce-events", r.PathValue("job"), sig, now)
}

func (h *Hooks) outbound(r *http.Request, body []byte, t config.Trigger) (func(http.ResponseWriter), error) {
	if _, err := verifyOutbound(r, body, t.Secret.Reveal(), t.OrganizationID); err != nil {
		return nil, err
	}
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		_, _ = io.WriteString(w, AckBody)
	}, nil
}
