package filedrop

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"

	api "github.com/stewardhq/steward/internal/api/filedrop"
	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/record"
)

// pass reads files into pages, advancing the cursor over each.
type pass struct {
	e     *Extractor
	cur   record.Cursor
	st    *api.State
	yield func(record.Page, error) bool
}

// openFile is an open drop file and its rows, hashed as they are read.
type openFile struct {
	f    *os.File
	rows api.Rows
	hash hash.Hash
}

func (e *Extractor) open(f api.File) (*openFile, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", f.Name, err)
	}
	h := sha256.New()
	rows, err := api.Open(e.folder.Settings, f.Name, io.TeeReader(fh, h))
	if err != nil {
		fh.Close()
		return nil, err
	}
	return &openFile{f: fh, rows: rows, hash: h}, nil
}

// changed reports a file whose bytes, read to the end, are not the ones
// hashed when it was found complete: it was written to after all.
func (of *openFile) changed(f api.File) error {
	if got := hex.EncodeToString(of.hash.Sum(nil)); got != f.Hash {
		return fmt.Errorf("read %s: the file changed while it was read (sha256 %s, then %s); it is read again once it is still", f.Name, f.Hash, got)
	}
	return nil
}

// file reads one file from row skip on and yields its pages; it reports
// whether to go on.
func (p *pass) file(f api.File, skip int) bool {
	of, err := p.e.open(f)
	var re *api.RejectError
	switch {
	case errors.As(err, &re):
		return p.reject(f, re)
	case err != nil:
		return p.yield(record.Page{}, err)
	}
	defer of.f.Close()
	pg := page{file: f, rows: skip}
	for {
		row, err := of.rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p.yield(record.Page{}, fmt.Errorf("read %s after line %d: %w", f.Name, pg.last, err))
		}
		if skip > 0 {
			skip--
			continue
		}
		pg.add(p.e.mapper, row)
		if pg.size() >= p.e.pageSize && !p.emit(&pg, false) {
			return false
		}
	}
	if err := of.changed(f); err != nil {
		return p.yield(record.Page{}, err)
	}
	return p.emit(&pg, true)
}

// emit yields the page in hand; the last page of a file finishes it in the
// cursor's state and holds the file for its move.
func (p *pass) emit(pg *page, last bool) bool {
	c := p.cur
	c.Observe(pg.file.ModTime)
	c.Next = api.Position{File: pg.file.Name, Hash: pg.file.Hash, Rows: pg.rows}.String()
	if last {
		p.st = p.st.With(pg.file.Hash, api.Processed)
		c = c.Finish()
		c.State = p.st.String()
		p.e.hold(pg.file)
	}
	p.cur = c
	out := record.Page{Records: pg.recs, Quarantined: pg.bad, Cursor: c, URL: pg.name()}
	*pg = page{file: pg.file, rows: pg.rows}
	return p.yield(out, nil)
}

// reject yields a page quarantining the whole file; the file moves to
// rejected/ once that page is stored.
func (p *pass) reject(f api.File, re *api.RejectError) bool {
	p.e.log.Warn().Str(logkey.File, f.Name).Str(logkey.Reason, re.Reason).Msg("file rejected")
	p.st = p.st.With(f.Hash, api.Rejected)
	c := p.cur
	c.Observe(f.ModTime)
	c = c.Finish()
	c.State = p.st.String()
	p.cur = c
	p.e.hold(f)
	bad := record.Quarantined{Key: f.Name, Reason: re.Error()}
	return p.yield(record.Page{Quarantined: []record.Quarantined{bad}, Cursor: c, URL: "file " + f.Name}, nil)
}

// page gathers the rows of one page of one file.
type page struct {
	file        api.File
	recs        []record.Record
	bad         []record.Quarantined
	rows        int // rows of the file consumed up to the end of this page
	first, last int // lines of the page's first and last row
}

func (pg *page) size() int { return len(pg.recs) + len(pg.bad) }

func (pg *page) add(m mapper, row api.Row) {
	pg.rows++
	if pg.first == 0 {
		pg.first = row.Line
	}
	pg.last = row.Line
	err := row.Err
	var rec record.Record
	if err == nil {
		rec, err = m.record(row.Values)
	}
	if err != nil {
		pg.bad = append(pg.bad, record.Quarantined{Key: row.Values[m.s.Key], Raw: record.Clip(row.Raw),
			Reason: fmt.Sprintf("%s:%d: %v", pg.file.Name, row.Line, err)})
		return
	}
	pg.recs = append(pg.recs, rec)
}

// name names the page for messages: the file and its lines.
func (pg *page) name() string {
	if pg.first == 0 {
		return "file " + pg.file.Name
	}
	return fmt.Sprintf("file %s lines %d-%d", pg.file.Name, pg.first, pg.last)
}
