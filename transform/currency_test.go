package transform

import "testing"

func TestFormatAmount(t *testing.T) {
	cases := []struct{ in, cur, want string }{
		{"180", "EUR", "180.00"}, {"180.00", "EUR", "180.00"}, {"180.000", "EUR", "180.00"},
		{"12.5", "USD", "12.50"}, {"12.345", "EUR", "12.345"}, {"1e2", "EUR", "100.00"},
		{"180", "JPY", "180"}, {"180.00", "JPY", "180"}, {"1.5", "KWD", "1.500"}, {"-0.5", "EUR", "-0.50"},
	}
	for _, c := range cases {
		if got, err := FormatAmount(c.in, c.cur); err != nil || got != c.want {
			t.Errorf("FormatAmount(%q, %s) = %q, %v; want %q", c.in, c.cur, got, err, c.want)
		}
	}
	for _, bad := range [][2]string{{"12", "eur"}, {"12", "EURO"}, {"12", ""}, {"twelve", "EUR"}, {"1/3", "EUR"}} {
		if got, err := FormatAmount(bad[0], bad[1]); err == nil {
			t.Errorf("FormatAmount(%q, %q) = %q, want an error", bad[0], bad[1], got)
		}
	}
}
