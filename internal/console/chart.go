package console

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// chart is a line chart drawn as inline SVG by the template: no script, no
// library. Coordinates are in the SVG's viewBox units.
type chart struct {
	Title         string
	Width, Height float64
	// Plot is the drawing area: left, top, right, bottom.
	Left, Top, Right, Bottom float64
	Lines                    []chartLine
	XTicks, YTicks           []tick
}

type chartLine struct {
	Name, Color string
	// Points is the polyline's points attribute.
	Points string
	Dots   []dot
	// Last is the newest value, for the legend.
	Last string
}

type dot struct {
	X, Y  float64
	Title string
	// Hollow marks a point of a backfill run.
	Hollow bool
}

type tick struct {
	Pos   float64
	Label string
	// Anchor is the label's text-anchor: start, middle or end.
	Anchor string
}

// palette holds distinguishable colours legible on white.
var palette = []string{"#1f5fbf", "#b3261e", "#1c7c42", "#a45c00", "#6b3fa0", "#00838f", "#c2185b", "#5b6475"}

// series is one line's values at the chart's times.
type series struct {
	Name   string
	Values []float64
	// Hollow marks values of backfill runs.
	Hollow []bool
}

// newChart lays out series over times (one time per value, oldest first)
// in a viewBox width wide, with the y axis from 0 to yMax (at least 1);
// unit follows each value in dot titles.
func newChart(title string, width float64, times []time.Time, ss []series, yMax float64, unit string) chart {
	c := chart{Title: title, Width: width, Height: 240, Left: 48, Top: 12, Right: width - 16, Bottom: 208}
	yMax = math.Max(yMax, 1)
	x := c.xScale(times)
	y := func(v float64) float64 { return c.Bottom - (c.Bottom-c.Top)*v/yMax }
	for i, s := range ss {
		l := chartLine{Name: s.Name, Color: palette[i%len(palette)]}
		var pts []string
		for j, v := range s.Values {
			if math.IsNaN(v) {
				continue
			}
			px, py := x(j), y(v)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px, py))
			title := fmt.Sprintf("%s %s: %s%s", s.Name, times[j].Format("2006-01-02 15:04 MST"), trimFloat(v), unit)
			l.Dots = append(l.Dots, dot{X: px, Y: py, Title: title, Hollow: j < len(s.Hollow) && s.Hollow[j]})
			l.Last = trimFloat(v) + unit
		}
		l.Points = strings.Join(pts, " ")
		c.Lines = append(c.Lines, l)
	}
	for i := 0; i <= 4; i++ {
		v := yMax * float64(i) / 4
		c.YTicks = append(c.YTicks, tick{Pos: y(v), Label: trimFloat(v)})
	}
	c.XTicks = c.timeTicks(times, x)
	return c
}

// xScale places each time proportionally between the first and the last.
func (c chart) xScale(times []time.Time) func(int) float64 {
	if len(times) < 2 || !times[len(times)-1].After(times[0]) {
		return func(int) float64 { return (c.Left + c.Right) / 2 }
	}
	span := times[len(times)-1].Sub(times[0]).Seconds()
	return func(i int) float64 {
		return c.Left + (c.Right-c.Left)*times[i].Sub(times[0]).Seconds()/span
	}
}

// timeTicks labels the first, middle and last times with their dates.
func (c chart) timeTicks(times []time.Time, x func(int) float64) []tick {
	if len(times) == 0 {
		return nil
	}
	idx := []int{0}
	if len(times) > 2 {
		idx = append(idx, len(times)/2)
	}
	if len(times) > 1 {
		idx = append(idx, len(times)-1)
	}
	var out []tick
	for k, i := range idx {
		anchor := "middle"
		switch {
		case k == 0 && len(idx) > 1:
			anchor = "start"
		case k == len(idx)-1 && len(idx) > 1:
			anchor = "end"
		}
		out = append(out, tick{Pos: x(i), Label: times[i].Format("2006-01-02"), Anchor: anchor})
	}
	return out
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}
