// Package alert notifies people of what went wrong while nobody watched: a
// run that ended failed or partial, a quality score that dropped, dead
// letters piling up, a system's request quota running out. A Watcher finds
// these events in the store and sends each to each of the job's channels
// (a Slack or Teams webhook, an e-mail over SMTP) exactly once, however many
// processes watch the same store and however often they restart.
//
// Once per event and channel: every event has a stable key (run:<id>,
// quality:<run id>, dlq:<job>:<run id>:<armed at>, quota:<system>:<day>,
// the day in the zone the connector keeps with its figure); the store
// keeps one row per key and channel (UNIQUE), and a sender claims a row in a
// transaction before it sends, so two watchers never both send it. A sender
// that dies between sending and recording the send leaves a claim whose
// lease runs out; that notification is then sent again (at least once, not
// at most once, in that one case).
//
// No flood in a storm: a channel is sent at most max_messages messages per
// window (default 5 per 10 minutes); the notifications beyond wait in the
// store (held) and go out as one digest (key digest:<channel>:<window
// opened>) listing each when the window ends, so each event still reaches
// each channel once, alone or in one digest, across restarts and
// processes. A window's messages are counted in the claim's transaction,
// so several processes share one count.
//
// No flood on first use: the first Check that watches a job's channel
// records, in the store, where that pair started (the newest run then, the
// runs still running, the time); events of runs that had ended before, and
// quota figures read before, are never sent to that channel. A job that gets
// alerts, or a channel added, later starts then, not at the first start.
package alert

import (
	"context"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// Message is one notification as every channel renders it.
type Message struct {
	// Subject is "[steward] <job>: <what happened>".
	Subject string
	// Lines say what happened, the job, the run and the error's first line.
	Lines []string
	// Link is the run's page in the console ("" without serve.base_url).
	Link string
}

// Notifier sends a message to one channel. An error means it was not
// delivered; it never contains the channel's credentials.
type Notifier interface {
	Notify(ctx context.Context, m Message) error
}

// Events is what the watcher reads to find events.
type Events interface {
	AlertStartAt(ctx context.Context, name string, now time.Time) (store.AlertStart, error)
	EndedBadly(ctx context.Context, start store.AlertStart) ([]store.Run, error)
	QualityScores(ctx context.Context, job string, from int64) ([]store.ScorePoint, error)
	OpenDeadLettersOf(ctx context.Context, job string) (n int, lastRun int64, err error)
	SystemState(ctx context.Context, system, key string) (string, error)
	// RunsSettledThrough is the highest run id up to which every run above
	// after has ended.
	RunsSettledThrough(ctx context.Context, after int64) (int64, error)
}

// Crossings keeps which threshold crossings are armed, so that one crossing
// is one event until it falls back.
type Crossings interface {
	ArmAlert(ctx context.Context, name, value string, now time.Time) (string, error)
	DisarmAlert(ctx context.Context, name string) error
}

// Queue is the once-per-event-and-channel record of notifications.
type Queue interface {
	AddAlert(ctx context.Context, a store.Alert, now time.Time) (bool, error)
	DueAlerts(ctx context.Context, now time.Time) ([]store.Alert, error)
	ClaimAlertWithin(ctx context.Context, id int64, owner string, now time.Time, lease time.Duration, w store.AlertWindow) (store.Alert, store.AlertClaim, error)
	SettleAlert(ctx context.Context, id int64, owner, status, errText string, now, next time.Time) error
	Digests
}

// Digests keeps what a storm holds back: the notifications a channel's
// window had no room for, until one digest carries them.
type Digests interface {
	HeldChannels(ctx context.Context) ([]store.HeldChannel, error)
	HeldAlerts(ctx context.Context, channel string, limit int) ([]store.Alert, error)
	AddDigest(ctx context.Context, d store.Alert, members []int64, now time.Time) (bool, error)
}

// Store is all the watcher needs; *store.Store is one.
type Store interface {
	Events
	Crossings
	Queue
}
