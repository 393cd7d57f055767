package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/stewardhq/steward/jobs"
)

// progressBar draws a backfill's progress on one terminal line and lets log
// lines pass above it: a log line clears the bar, is written whole, and the
// bar is drawn again below it, so no log line is ever overwritten.
type progressBar struct {
	mu  sync.Mutex
	out io.Writer
	now func() time.Time
	bar string // the line drawn last ("" while none is shown)
}

func newProgressBar(out io.Writer) *progressBar {
	return &progressBar{out: out, now: time.Now}
}

// clearLine returns the cursor to column 0 and erases the line.
const clearLine = "\r\x1b[K"

// Write writes a log line above the bar.
func (b *progressBar) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != "" {
		if _, err := io.WriteString(b.out, clearLine); err != nil {
			return 0, err
		}
	}
	n, err := b.out.Write(p)
	if err == nil && b.bar != "" {
		_, err = io.WriteString(b.out, b.bar)
	}
	return n, err
}

// Update draws the bar for p; the finished bar ends its line.
func (b *progressBar) Update(p jobs.BackfillProgress) {
	b.mu.Lock()
	defer b.mu.Unlock()
	line := renderProgress(p, b.now().Sub(p.Started))
	fmt.Fprint(b.out, clearLine+line)
	b.bar = line
	if p.Finished {
		fmt.Fprintln(b.out)
		b.bar = ""
	}
}

// renderProgress is one bar line: share done, windows, records, rate, elapsed
// time and the estimated time left.
func renderProgress(p jobs.BackfillProgress, elapsed time.Duration) string {
	const width = 30
	frac := p.Fraction()
	done := int(frac * width)
	bar := strings.Repeat("#", done) + strings.Repeat("-", width-done)
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(p.Counts.Read) / s
	}
	eta := "--"
	switch {
	case p.Finished:
		eta = "0s"
	case frac > 0 && elapsed > 0:
		eta = roundDuration(time.Duration(float64(elapsed) * (1 - frac) / frac)).String()
	}
	return fmt.Sprintf("[%s] %3.0f %%  window %d/%d  read %d  staged %d  written %d  %.0f rec/s  elapsed %s  ETA %s",
		bar, frac*100, min(p.Done+1, p.Windows), p.Windows, p.Counts.Read, p.Counts.Staged, p.Counts.Written, rate,
		roundDuration(elapsed), eta)
}

func roundDuration(d time.Duration) time.Duration { return d.Round(time.Second) }
