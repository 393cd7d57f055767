package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"

	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// writeChunk reads the chunk's objects, marks the items whose properties
// already hold their values unchanged, and writes the rest.
func (l *Loader) writeChunk(ctx context.Context, chunk []pending, out []load.Outcome) error {
	ids := make([]string, len(chunk))
	props := map[string]bool{}
	if l.idProperty != "" {
		props[l.idProperty] = true
	}
	for i, p := range chunk {
		ids[i] = p.key
		for k := range p.props {
			props[k] = true
		}
	}
	cur, err := l.api.BatchRead(ctx, l.obj.Type, l.idProperty, ids, slices.Sorted(maps.Keys(props)))
	if err != nil {
		return fmt.Errorf("read %s before writing: %w", l.obj.Type, err)
	}
	byID := map[string]api.Object{}
	for _, o := range cur {
		key := o.ID
		if l.idProperty != "" {
			key = o.Prop(l.idProperty)
		}
		byID[key] = o
	}
	var send []pending
	for _, p := range chunk {
		o, found := byID[p.key]
		if found && l.same(o, p.props) {
			out[p.idx].Status = load.Unchanged
			continue
		}
		if !found && l.idProperty == "" {
			out[p.idx].Status, out[p.idx].Reason = load.Rejected, fmt.Sprintf("%s %q: no such object", l.obj.Type, p.key)
			continue
		}
		send = append(send, p)
	}
	return l.send(ctx, send, out)
}

// same reports whether object o holds every property value (a price as the
// same decimal).
func (l *Loader) same(o api.Object, props map[string]string) bool {
	for k, v := range props {
		have := o.Prop(k)
		if have == v {
			continue
		}
		if k == l.obj.Fields["price"] && have != "" && v != "" && transform.SameAmount(have, v) {
			continue
		}
		return false
	}
	return true
}

// send writes items in one batch. A batch refused as a whole (a 4xx), or
// whose 207 answer holds an error that names none of its inputs, is split in
// halves until the inputs at fault stand alone and are rejected with
// HubSpot's message; a 207 answer rejects the inputs its errors name.
func (l *Loader) send(ctx context.Context, items []pending, out []load.Outcome) error {
	if len(items) == 0 {
		return nil
	}
	inputs := make([]api.Input, len(items))
	for i, p := range items {
		inputs[i] = api.Input{ID: p.key, IDProperty: l.idProperty, Properties: p.props, ObjectWriteTraceID: strconv.FormatInt(p.item.ID, 10)}
	}
	res, err := l.api.BatchWrite(ctx, l.obj.Type, l.op, inputs)
	var se *api.StatusError
	if errors.As(err, &se) && refused(se.Status) {
		return l.isolate(ctx, items, out, se.Body)
	}
	if err != nil {
		return err
	}
	var un *unnamedError
	if err := l.outcomes(items, res, out); !errors.As(err, &un) {
		return err
	}
	// The writes are idempotent: the halves are sent again until the input
	// the error is about stands alone.
	return l.isolate(ctx, items, out, un.body)
}

// isolate rejects a lone input with HubSpot's error, or sends the items
// again in halves.
func (l *Loader) isolate(ctx context.Context, items []pending, out []load.Outcome, why api.ErrorBody) error {
	if len(items) == 1 {
		out[items[0].idx].Status, out[items[0].idx].Reason = load.Rejected, fmt.Sprintf("%s %q: %s", l.obj.Type, items[0].key, why.Text())
		return nil
	}
	half := len(items) / 2
	if err := l.send(ctx, items[:half], out); err != nil {
		return err
	}
	return l.send(ctx, items[half:], out)
}

// unnamedError is a batch error that names no input of its batch.
type unnamedError struct {
	op, typ string
	body    api.ErrorBody
}

func (e *unnamedError) Error() string {
	return fmt.Sprintf("batch %s %s: an error names no input of the batch: %s", e.op, e.typ, e.body.Text())
}

// refused reports a status by which HubSpot refuses the inputs themselves.
func refused(status int) bool {
	switch status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity:
		return true
	}
	return false
}

// outcomes marks every input written except those a batch error names, by
// objectWriteTraceId or by the ids in its context.
func (l *Loader) outcomes(items []pending, res api.BatchResult, out []load.Outcome) error {
	byTrace, byID := map[string]int{}, map[string]int{}
	for i, p := range items {
		byTrace[strconv.FormatInt(p.item.ID, 10)] = i
		byID[p.key] = i
		out[p.idx].Status = load.Written
	}
	for _, e := range res.Errors {
		hit := errorTargets(e, byTrace, byID)
		if len(hit) == 0 {
			return &unnamedError{op: l.op, typ: l.obj.Type, body: e}
		}
		for _, i := range hit {
			p := items[i]
			out[p.idx].Status, out[p.idx].Reason = load.Rejected, fmt.Sprintf("%s %q: %s", l.obj.Type, p.key, e.Text())
		}
	}
	return nil
}

// errorTargets finds the inputs a batch error is about.
func errorTargets(e api.ErrorBody, byTrace, byID map[string]int) []int {
	var ctx map[string]json.RawMessage
	_ = json.Unmarshal(e.Context, &ctx)
	var hit []int
	add := func(m map[string]int, vals []string) {
		for _, v := range vals {
			if i, ok := m[v]; ok && !slices.Contains(hit, i) {
				hit = append(hit, i)
			}
		}
	}
	for k, raw := range ctx {
		vals := stringsOf(raw)
		switch k {
		case "objectWriteTraceId", "objectWriteTraceIds":
			add(byTrace, vals)
		default:
			add(byID, vals)
		}
	}
	if e.ID != "" {
		add(byID, []string{e.ID})
	}
	return hit
}

// stringsOf reads a context value: a string or a list of strings.
func stringsOf(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}
