// Package parquet writes columnar snapshots of staged data with
// xitongsys/parquet-go: one file per data type per run, written under a
// temporary name in the target folder, synced and renamed when complete, with
// bounded row groups so memory stays flat whatever the row count.
package parquet

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	pq "github.com/xitongsys/parquet-go/parquet"
	"github.com/xitongsys/parquet-go/writer"

	"github.com/stewardhq/steward/internal/atomicfile"
	"github.com/stewardhq/steward/internal/failpoint"
	"github.com/stewardhq/steward/internal/privacy"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// Row is one staged record in a snapshot.
type Row struct {
	Key      string `parquet:"name=key, type=BYTE_ARRAY, convertedtype=UTF8"`
	Source   string `parquet:"name=source, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY"`
	Hash     string `parquet:"name=content_hash, type=BYTE_ARRAY, convertedtype=UTF8"`
	Updated  *int64 `parquet:"name=updated_at, type=INT64, convertedtype=TIMESTAMP_MILLIS, repetitiontype=OPTIONAL"`
	FirstRun int64  `parquet:"name=first_run, type=INT64"`
	LastRun  int64  `parquet:"name=last_run, type=INT64"`
	Payload  string `parquet:"name=payload, type=BYTE_ARRAY, convertedtype=UTF8"`
}

// RowGroupBytes bounds the data buffered for one row group.
const RowGroupBytes = 8 << 20

// PageBytes is the target size of one data page.
const PageBytes = 256 << 10

// Snapshot describes a written file.
type Snapshot struct {
	Path string
	Rows int
}

// Source streams the rows of a data type; *store.Store implements it.
type Source interface {
	EachStaged(ctx context.Context, dataType string, fn func(store.StagedRow) error) error
}

// Write writes every staged record of data type dt to
// dir/<name>/<name>-run<runID>.parquet and returns its path and row count.
// Products are written in the canonical product's columns (ProductRow);
// other data types as their staged payload (Row). Nothing is published unless
// the whole file was written and synced.
func Write(ctx context.Context, src Source, dt transform.DataType, dir string, runID int64) (Snapshot, error) {
	return WritePrivate(ctx, src, dt, dir, runID, nil)
}

// WritePrivate is Write with the personal fields of dt (DataType.PII)
// replaced in every row by their tokens under p; a nil p redacts them.
// Snapshots never carry personal values in plain text.
func WritePrivate(ctx context.Context, src Source, dt transform.DataType, dir string, runID int64, p *privacy.Pseudonymizer) (Snapshot, error) {
	dataType := dt.Name
	folder := filepath.Join(dir, dataType)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return Snapshot{}, fmt.Errorf("write %s snapshot: %w", dataType, err)
	}
	final := filepath.Join(folder, fmt.Sprintf("%s-run%06d.parquet", dataType, runID))
	rows := 0
	err := atomicfile.Write(final, func(f *os.File) error {
		var err error
		rows, err = fill(ctx, src, dataType, f, shapeOf(dt, p))
		return err
	})
	if err != nil {
		return Snapshot{}, fmt.Errorf("write %s snapshot: %w", dataType, err)
	}
	return Snapshot{Path: final, Rows: rows}, nil
}

// shape is the row type of a snapshot and how a staged record becomes a row.
type shape struct {
	schema any
	row    func(store.StagedRow) (any, error)
}

// shapeOf picks the snapshot's columns by the data type's canonical Go type;
// a data type with personal fields has them pseudonymized by p.
func shapeOf(dt transform.DataType, p *privacy.Pseudonymizer) shape {
	if dt.New != nil {
		if _, ok := dt.New().(*transform.Product); ok {
			return shape{schema: new(ProductRow), row: productRow}
		}
	}
	if len(dt.PII) == 0 {
		return shape{schema: new(Row), row: payloadRow}
	}
	return shape{schema: new(Row), row: func(r store.StagedRow) (any, error) {
		payload, err := p.Fields(r.Payload, dt.PII)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", dt.Name, r.Key, err)
		}
		r.Payload = payload
		return payloadRow(r)
	}}
}

func payloadRow(r store.StagedRow) (any, error) {
	row := Row{Key: r.Key, Source: r.Source, Hash: r.Hash, FirstRun: r.FirstRun, LastRun: r.LastRun, Payload: string(r.Payload)}
	if t, err := time.Parse(time.RFC3339Nano, r.UpdatedAt); err == nil {
		ms := t.UnixMilli()
		row.Updated = &ms
	}
	return row, nil
}

func fill(ctx context.Context, src Source, dataType string, f *os.File, sh shape) (int, error) {
	buf := bufio.NewWriterSize(f, 1<<20)
	pw, err := writer.NewParquetWriterFromWriter(buf, sh.schema, 1)
	if err != nil {
		return 0, fmt.Errorf("start parquet writer: %w", err)
	}
	pw.RowGroupSize = RowGroupBytes
	// The writer keeps min/max statistics of every page until the footer;
	// large pages keep that index small whatever the row count.
	pw.PageSize = PageBytes
	pw.CompressionType = pq.CompressionCodec_SNAPPY
	rows := 0
	err = src.EachStaged(ctx, dataType, func(r store.StagedRow) error {
		row, err := sh.row(r)
		if err != nil {
			return err
		}
		rows++
		if rows == 1000 {
			failpoint.Hit("parquet_mid_rowgroup")
		}
		return pw.Write(row)
	})
	if err != nil {
		return 0, err
	}
	if err := pw.WriteStop(); err != nil {
		return 0, fmt.Errorf("finish parquet file: %w", err)
	}
	return rows, buf.Flush()
}

// LatestRun returns the run id of the newest published snapshot of dataType in
// dir (0 if none).
func LatestRun(dir, dataType string) (int64, error) {
	files, err := filepath.Glob(filepath.Join(dir, dataType, dataType+"-run*.parquet"))
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, f := range files {
		var id int64
		if _, err := fmt.Sscanf(filepath.Base(f), dataType+"-run%d.parquet", &id); err == nil && id > latest {
			latest = id
		}
	}
	return latest, nil
}
