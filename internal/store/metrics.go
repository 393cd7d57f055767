package store

import (
	"context"
	"fmt"
	"math"
	"time"
)

// The figures below are read at every metrics scrape, so each is one
// aggregate over an index (see migration 0018) or over the run history; a
// test checks their query plans.
const (
	// runTalliesSQL and settledThroughSQL read a range of the run ids.
	runTalliesSQL = `SELECT job, status, count(*) AS runs, sum(read) AS read, sum(staged) AS staged,
		sum(unchanged) AS unchanged, sum(written) AS written, sum(rejected) AS rejected, sum(quarantined) AS quarantined,
		sum(pages) AS pages, sum(deleted) AS deleted FROM runs WHERE id > ? AND id <= ?
		GROUP BY job, status ORDER BY job, status`
	settledThroughSQL = `SELECT coalesce((SELECT min(id) - 1 FROM runs WHERE id > ?1 AND status = 'running'),
		(SELECT coalesce(max(id), 0) FROM runs))`
	// lastRunTimesSQL finds each job's newest runs by the runs_job index.
	lastRunTimesSQL = `SELECT j.job AS job,
		(SELECT started_at FROM runs WHERE job = j.job ORDER BY id DESC LIMIT 1) AS started,
		coalesce((SELECT ended_at FROM runs WHERE job = j.job AND ended_at IS NOT NULL ORDER BY id DESC LIMIT 1), '') AS finished
		FROM (SELECT DISTINCT job FROM runs) j ORDER BY j.job`
	// outboxDepthSQL and openDeadLettersSQL read the partial indexes of open rows.
	outboxDepthSQL     = `SELECT job, count(*) FROM outbox WHERE status = 'pending' GROUP BY job`
	openDeadLettersSQL = `SELECT job, count(*) FROM dead_letters WHERE replayed_at IS NULL AND discarded_at IS NULL GROUP BY job`
	// draftTallySQL counts one status's drafts in the drafts_status index.
	draftTallySQL = `SELECT kind, status, count(*) AS drafts FROM drafts WHERE status = ? GROUP BY kind, status ORDER BY kind`
	// latestQualitySQL picks each job's newest quality run other than a
	// backfill's (a backfill scores a re-read of the past) by
	// quality_runs_job, newest first.
	latestQualitySQL = `SELECT run_id, job, generated_at, checked, passing, score, grade, enrichment,
		consistency, '' AS summary FROM quality_runs
		WHERE run_id IN (SELECT (SELECT q.run_id FROM quality_runs q JOIN runs r ON r.id = q.run_id
			WHERE q.job = j.job AND r.trigger != 'backfill' ORDER BY q.run_id DESC LIMIT 1)
			FROM (SELECT DISTINCT job FROM quality_runs) j) ORDER BY job`
)

// RunTally is the runs of one job that are in one status, with their record
// counters summed.
type RunTally struct {
	Job    string `db:"job"`
	Status string `db:"status"`
	Runs   int    `db:"runs"`
	Counts
}

// RunTallies returns the runs with an id above after and, when through is
// positive, at most through, by job and status, with their counters summed.
// Runs made by other processes are included.
func (s *Store) RunTallies(ctx context.Context, after, through int64) ([]RunTally, error) {
	if through <= 0 {
		through = math.MaxInt64
	}
	var out []RunTally
	err := s.db.SelectContext(ctx, &out, runTalliesSQL, after, through)
	if err != nil {
		return nil, fmt.Errorf("count runs by job and status: %w", err)
	}
	return out, nil
}

// RunsSettledThrough returns the highest run id up to which every run has
// ended, looking at runs above after: one below the oldest run still
// running, else the newest run. An ended run never changes again, so a
// reader may keep the sums of the runs up to it.
func (s *Store) RunsSettledThrough(ctx context.Context, after int64) (int64, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, settledThroughSQL, after)
	if err != nil {
		return 0, fmt.Errorf("find the runs that ended: %w", err)
	}
	return id, nil
}

// RunTimes are when a job's last run started and its last finished run
// ended (zero when none has).
type RunTimes struct {
	Job               string
	Started, Finished time.Time
}

// LastRunTimes returns the start of the newest run and the end of the newest
// finished run of every job.
func (s *Store) LastRunTimes(ctx context.Context) ([]RunTimes, error) {
	var rows []struct {
		Job      string `db:"job"`
		Started  string `db:"started"`
		Finished string `db:"finished"`
	}
	err := s.db.SelectContext(ctx, &rows, lastRunTimesSQL)
	if err != nil {
		return nil, fmt.Errorf("read last run times: %w", err)
	}
	out := make([]RunTimes, 0, len(rows))
	for _, r := range rows {
		t := RunTimes{Job: r.Job}
		if t.Started, err = parseStamp(r.Started); err != nil {
			return nil, fmt.Errorf("read last run times of job %s: start: %w", r.Job, err)
		}
		if t.Finished, err = parseStamp(r.Finished); err != nil {
			return nil, fmt.Errorf("read last run times of job %s: end: %w", r.Job, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// parseStamp reads a stored time; "" is the zero time.
func parseStamp(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q is not RFC 3339", v)
	}
	return t.UTC(), nil
}

// OutboxDepth returns how many writes wait in the outbox, per job.
func (s *Store) OutboxDepth(ctx context.Context) (map[string]int, error) {
	m, err := s.countBy(ctx, outboxDepthSQL)
	if err != nil {
		return nil, fmt.Errorf("count pending outbox writes: %w", err)
	}
	return m, nil
}

// OpenDeadLetters returns how many dead letters are neither replayed nor
// discarded, per job.
func (s *Store) OpenDeadLetters(ctx context.Context) (map[string]int, error) {
	m, err := s.countBy(ctx, openDeadLettersSQL)
	if err != nil {
		return nil, fmt.Errorf("count open dead letters: %w", err)
	}
	return m, nil
}

// countBy runs a query of (name, count) rows into a map.
func (s *Store) countBy(ctx context.Context, query string, args ...any) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// DraftTally is how many drafts of one kind are in one status.
type DraftTally struct {
	Kind   string `db:"kind"`
	Status string `db:"status"`
	Drafts int    `db:"drafts"`
}

// DraftTallies returns the drafts in the given statuses by kind and status.
func (s *Store) DraftTallies(ctx context.Context, statuses ...string) ([]DraftTally, error) {
	var out []DraftTally
	for _, st := range statuses {
		var part []DraftTally
		err := s.db.SelectContext(ctx, &part, draftTallySQL, st)
		if err != nil {
			return nil, fmt.Errorf("count %s drafts: %w", st, err)
		}
		out = append(out, part...)
	}
	return out, nil
}

// LatestQualityScores returns the newest quality run of every job, backfill
// runs left out.
func (s *Store) LatestQualityScores(ctx context.Context) ([]QualityRun, error) {
	var out []QualityRun
	err := s.db.SelectContext(ctx, &out, latestQualitySQL)
	if err != nil {
		return nil, fmt.Errorf("read latest quality scores: %w", err)
	}
	return out, nil
}

// SystemStateRow is one value a system's connector kept.
type SystemStateRow struct {
	System string `db:"system"`
	Key    string `db:"key"`
	Value  string `db:"value"`
}

// SystemStatesNamed returns every system's value kept under a key that ends
// with suffix (".quota": the quotas of all systems).
func (s *Store) SystemStatesNamed(ctx context.Context, suffix string) ([]SystemStateRow, error) {
	var out []SystemStateRow
	err := s.db.SelectContext(ctx, &out, `SELECT system, key, value FROM system_state
		WHERE substr(key, -length(?)) = ? ORDER BY system, key`, suffix, suffix)
	if err != nil {
		return nil, fmt.Errorf("read system states *%s: %w", suffix, err)
	}
	return out, nil
}

// Ping reports whether the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM schema_migrations`); err != nil {
		return fmt.Errorf("ping store: %w", err)
	}
	return nil
}
