package xmlscan

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Digits reports whether s is a non-empty string of ASCII digits.
func Digits[T ~string | ~[]byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// Trim removes leading and trailing XML whitespace.
func Trim[T ~string | ~[]byte](s T) T {
	i, j := 0, len(s)
	for i < j && Space(s[i]) {
		i++
	}
	for j > i && Space(s[j-1]) {
		j--
	}
	return s[i:j]
}

// Space reports whether c is XML whitespace.
func Space(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Float parses a decimal number, returning NaN for an empty, malformed or
// non-finite value.
func Float[T ~string | ~[]byte](b T) float64 {
	b = Trim(b)
	if len(b) == 0 {
		return math.NaN()
	}
	// Fast path: an integer of up to 15 digits, the usual cadence, heart rate or
	// elevation.
	if len(b) <= 15 {
		digits := b
		if b[0] == '-' || b[0] == '+' {
			digits = b[1:]
		}
		if Digits(digits) {
			var v int64
			for i := 0; i < len(digits); i++ {
				v = v*10 + int64(digits[i]-'0')
			}
			if b[0] == '-' {
				return -float64(v)
			}
			return float64(v)
		}
	}
	// Fast path: a decimal of up to 15 digits without exponent, such as a latitude. The
	// digits and the power of ten are exact in a float64, so one division gives the
	// correctly rounded value, as strconv does.
	if v, ok := decimal(b); ok {
		return v
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

// pow10 holds the powers of ten that decimal divides by.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// decimal parses b, an optional sign and then digits with at most one '.', at most
// 15 digits in all; ok is false for anything else.
func decimal[T ~string | ~[]byte](b T) (v float64, ok bool) {
	i := 0
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		i = 1
	}
	var m int64
	digits, frac := 0, -1
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case '0' <= c && c <= '9':
			m = m*10 + int64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 {
		return 0, false
	}
	v = float64(m)
	if frac > 0 {
		v /= pow10[frac]
	}
	if b[0] == '-' {
		v = -v
	}
	return v, true
}

// timeLayouts are the layouts tried when the fast path of Time fails. A time
// without a zone is taken as UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999Z07",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// Time parses an XML timestamp to Unix seconds, or NaN.
func Time[T ~string | ~[]byte](b T) float64 {
	b = Trim(b)
	if t, ok := fastTime(b); ok {
		return t
	}
	if len(b) == 0 || len(b) > 64 {
		return math.NaN()
	}
	s := string(b)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return float64(t.Unix()) + float64(t.Nanosecond())/1e9
		}
	}
	return math.NaN()
}

// fastTime parses "2006-01-02T15:04:05" with an optional fraction and an optional
// zone (Z, ±hh:mm, ±hhmm or ±hh; none means UTC) without allocating.
func fastTime[T ~string | ~[]byte](b T) (float64, bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') ||
		b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	num := func(i, n int) int {
		v := 0
		for j := i; j < i+n; j++ {
			c := b[j]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 ||
		minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return 0, false
	}
	if day > daysIn(year, month) {
		return 0, false
	}
	i := 19
	frac := 0.0
	if i < len(b) && (b[i] == '.' || b[i] == ',') {
		i++
		start := i
		var v int64
		scale := 1.0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			if i-start < 15 {
				v = v*10 + int64(b[i]-'0')
				scale *= 10
			}
			i++
		}
		if i == start {
			return 0, false
		}
		frac = float64(v) / scale
	}
	offset := 0
	if i < len(b) {
		switch b[i] {
		case 'Z', 'z':
			i++
		case '+', '-':
			sign := 1
			if b[i] == '-' {
				sign = -1
			}
			rest := b[i+1:]
			var hh, mm int
			switch {
			case len(rest) == 5 && rest[2] == ':':
				hh, mm = num(i+1, 2), num(i+4, 2)
			case len(rest) == 4:
				hh, mm = num(i+1, 2), num(i+3, 2)
			case len(rest) == 2:
				hh, mm = num(i+1, 2), 0
			default:
				return 0, false
			}
			if hh < 0 || hh > 23 || mm < 0 || mm > 59 {
				return 0, false
			}
			offset = sign * (hh*3600 + mm*60)
			i = len(b)
		default:
			return 0, false
		}
	}
	if i != len(b) {
		return 0, false
	}
	days := daysFromCivil(year, month, day)
	secs := days*86400 + int64(hour*3600+minute*60+sec-offset)
	return float64(secs) + frac, true
}

// daysIn returns the number of days in a month of the proleptic Gregorian calendar.
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian date
// (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 { // year 0000 in January or February
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// UTF8Label reports whether an encoding label names UTF-8 or a subset of it, or
// UTF-16 (which the caller has already converted to UTF-8): a document so labelled is read as it
// is, without a warning.
func UTF8Label(label string) bool {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii", "utf-16", "utf16", "utf-16le", "utf-16be":
		return true
	}
	return false
}
