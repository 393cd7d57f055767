package quality

import (
	"embed"
	"fmt"
	"html/template"
	"math"
	"strings"
)

//go:embed report.html.tmpl
var htmlFS embed.FS

var htmlTmpl = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"pct":   func(f float64) string { return fmt.Sprintf("%.1f %%", f) },
	"lower": strings.ToLower,
	"grade": Grade,
	"trend": trendSVG,
	"signed": func(f float64) string {
		if f >= 0 {
			return fmt.Sprintf("+%.1f", f)
		}
		return fmt.Sprintf("%.1f", f)
	},
	"pending":      func(r Report, kind string) int { return r.PendingCount(kind) },
	"gradeLetters": func() []string { return GradeLetters },
	"cellGrades":   cellGrades,
	"top":          func(r Report) []RuleCount { return r.topRules() },
	"draftText": func(v string) string {
		var s string
		if _, err := fmt.Sscanf(v, "%q", &s); err == nil {
			return s
		}
		return v
	},
}).ParseFS(htmlFS, "report.html.tmpl"))

func writeHTML(w interface{ Write([]byte) (int, error) }, rep Report) error {
	return htmlTmpl.Execute(w, rep)
}

// trendSVG draws the score over past runs as an inline SVG polyline.
func trendSVG(points []Point) template.HTML {
	const width, height, pad = 640.0, 160.0, 24.0
	if len(points) == 0 {
		return ""
	}
	lo, hi := 100.0, 0.0
	for _, p := range points {
		lo, hi = math.Min(lo, p.Score), math.Max(hi, p.Score)
	}
	lo, hi = math.Max(0, math.Floor(lo/10)*10), math.Min(100, math.Ceil(hi/10)*10)
	if hi-lo < 10 {
		lo = math.Max(0, hi-10)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="trend" viewBox="0 0 %.0f %.0f" role="img" aria-label="quality score over the last %d runs">`, width, height, len(points))
	fmt.Fprintf(&b, `<text x="2" y="%.0f">%.0f %%</text><text x="2" y="%.0f">%.0f %%</text>`, pad-8, hi, height-4, lo)
	b.WriteString(`<polyline fill="none" stroke="#2563eb" stroke-width="2" points="`)
	for i, p := range points {
		x := pad + 20 + (width-2*pad-20)*float64(i)/math.Max(1, float64(len(points)-1))
		y := pad + (height-2*pad)*(1-(p.Score-lo)/(hi-lo))
		fmt.Fprintf(&b, "%.1f,%.1f ", x, y)
	}
	b.WriteString(`"/>`)
	last := points[len(points)-1]
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" text-anchor="end">run %d: %.1f %%</text></svg>`, width-4, pad-8, last.RunID, last.Score)
	return template.HTML(b.String())
}

// cellGrade is one channel × locale grade of a product, for the report.
type cellGrade struct{ Name, Grade string }

// cellGrades reads GradesText back.
func cellGrades(text string) []cellGrade {
	var out []cellGrade
	for _, f := range strings.Fields(text) {
		if at := strings.LastIndex(f, ":"); at > 0 {
			out = append(out, cellGrade{Name: f[:at], Grade: f[at+1:]})
		}
	}
	return out
}
