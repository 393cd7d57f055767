// Package filedrop writes a job's owned fields as a CSV or NDJSON export file
// into a file drop folder, for a legacy system that imports files. One Write
// makes one file, named by the hash of its content, published whole or not
// at all (internal/atomicfile: a hidden temporary file in the folder, synced,
// renamed): a replayed batch makes the same file again, never a second one.
package filedrop

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/filedrop"
	"github.com/stewardhq/steward/internal/atomicfile"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/load"
)

// MaxBatch is the most items one export file carries.
const MaxBatch = 10000

// Loader writes export files; it is safe for concurrent use.
type Loader struct {
	system string
	s      api.Settings
	fields []string
	log    zerolog.Logger
	// write publishes a file whole (atomicfile.Write; a seam for tests).
	write func(path string, fill func(*os.File) error) error
}

// New builds the loader; it is the load.Factory for kind "filedrop". The
// target's owned fields are the export's columns, in their config order.
func New(spec load.Spec) (load.Loader, error) {
	s, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	return &Loader{system: spec.System, s: s, fields: spec.Target.Fields, log: spec.Log, write: atomicfile.Write}, nil
}

// settingsOf returns the system's settings as the wiring decoded them.
func settingsOf(spec load.Spec) (api.Settings, error) {
	s, ok := spec.Settings.(api.Settings)
	if !ok {
		return s, fmt.Errorf("file drop loader for system %s: settings are %T, want filedrop settings decoded by the kind", spec.System, spec.Settings)
	}
	return s, nil
}

// BatchSize implements load.Batcher.
func (l *Loader) BatchSize() int { return MaxBatch }

// Write implements load.Loader: the items it can render go into one export
// file; an item without owned fields, with a value that is not JSON, or with
// text the declared encoding cannot hold is rejected. A batch written before
// (the same file is already there) reports its items unchanged.
func (l *Loader) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	cols := l.columns(items, l.s.Format == api.CSV)
	out := make([]load.Outcome, len(items))
	var lines [][]byte
	for i, it := range items {
		out[i] = load.Outcome{ID: it.ID, Status: load.Written}
		line, err := l.render(cols, it)
		if err != nil {
			out[i] = load.Outcome{ID: it.ID, Status: load.Rejected, Reason: err.Error()}
			continue
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("write export: %w", err)
	}
	content, err := l.file(cols, lines)
	if err != nil {
		return nil, err
	}
	name, fresh, err := l.publish(content)
	if err != nil {
		return nil, err
	}
	if !fresh {
		for i := range out {
			if out[i].Status == load.Written {
				out[i].Status = load.Unchanged
			}
		}
	}
	if fresh {
		l.log.Info().Str(logkey.File, name).Int(logkey.Rows, len(lines)).Msg("export written")
	} else {
		l.log.Info().Str(logkey.File, name).Int(logkey.Rows, len(lines)).Msg("export already written")
	}
	return out, nil
}

// publish writes content under its hash's name unless that file exists.
func (l *Loader) publish(content []byte) (string, bool, error) {
	sum := sha256.Sum256(content)
	name := fmt.Sprintf("%s-%s.%s", l.system, hex.EncodeToString(sum[:8]), l.s.Format)
	path := filepath.Join(l.s.Folder, name)
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, content) {
		return name, false, nil
	}
	err := l.write(path, func(f *os.File) error {
		_, err := f.Write(content)
		return err
	})
	if err != nil {
		return name, false, fmt.Errorf("write export: %w", err)
	}
	return name, true, nil
}
