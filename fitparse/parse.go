package fitparse

import (
	"bytes"
	"errors"
	"math"
	"time"

	"github.com/cadence-run/cadence/activity"
)

// Format names a file format as sniffed from its content.
type Format string

// The formats Sniff recognises.
const (
	FormatFIT     Format = "fit"
	FormatGPX     Format = "gpx"
	FormatTCX     Format = "tcx"
	FormatGzip    Format = "gzip"
	FormatZip     Format = "zip"
	FormatUnknown Format = ""
)

// Sniff decides the format of data from its first bytes. GPX and TCX are recognised by
// their root element, in UTF-8 or in UTF-16 with or without a byte order mark (the
// readers convert UTF-16); an empty zip archive counts as a zip archive.
func Sniff(data []byte) Format {
	switch {
	case isFIT(data):
		return FormatFIT
	case len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b:
		return FormatGzip
	case len(data) >= 4 && (string(data[:4]) == "PK\x03\x04" || string(data[:4]) == "PK\x05\x06"):
		// A zip archive, or an empty one (only the end of its directory).
		return FormatZip
	}
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	if big, ok := xmlUTF16(head); ok {
		head = xmlFromUTF16(head, big)
	}
	if i := xmlRoot(head); i != "" {
		switch i {
		case "gpx":
			return FormatGPX
		case "TrainingCenterDatabase":
			return FormatTCX
		}
	}
	return FormatUnknown
}

// xmlRoot returns the local name of the first element in head, or "".
func xmlRoot(head []byte) string {
	for {
		i := bytes.IndexByte(head, '<')
		if i < 0 || i+1 >= len(head) {
			return ""
		}
		head = head[i+1:]
		switch head[0] {
		case '?', '!':
			continue
		}
		end := bytes.IndexAny(head, " \t\r\n/>")
		if end < 0 {
			return ""
		}
		name := head[:end]
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		return string(name)
	}
}

// Parse reads one file's content. name is used in messages and as Activity.File.
// Compressed content (gzip) is decompressed within the package's size limit; a zip
// archive is not a single file and gives an error here (see Expand). An activity keeps
// at most MaxSamples samples, with a warning when the file holds more.
//
// Parse returns the activities it could read; a file it could read only in part gives
// activities with warnings and a nil error. Errors are *ParseError values.
func Parse(name string, data []byte) ([]*activity.Activity, error) {
	return parse(name, data, nil)
}

// parseInput parses an input's bytes as Input.Parse does, telling grow how many
// bytes decompressing takes (see gunzipCounted).
func parseInput(name string, data []byte, grow func(inflated int64)) ([]*activity.Activity, error) {
	acts, err := parse(name, data, grow)
	if err != nil && errors.Is(err, ErrNoActivity) && inRoutesFolder(name) {
		return nil, &SkipError{File: name, Reason: "a route (planned course without times), not an activity"}
	}
	return acts, err
}

// parse is Parse, telling reserve (when not nil) how large the buffer for
// decompressed content grows.
func parse(name string, data []byte, reserve func(int64)) ([]*activity.Activity, error) {
	var acts []*activity.Activity
	var err error
	switch Sniff(data) {
	case FormatFIT:
		acts, err = parseFIT(name, data)
	case FormatGPX:
		acts, err = parseGPX(name, data)
	case FormatTCX:
		acts, err = parseTCX(name, data)
	case FormatGzip:
		inner, err := gunzipCounted(data, MaxFileSize, reserve)
		if err != nil {
			return nil, &ParseError{File: name, Offset: -1, Err: err}
		}
		return parse(name, inner, nil)
	case FormatZip:
		return nil, &ParseError{File: name, Offset: -1, Err: Error("a zip archive inside a compressed file is not supported")}
	default:
		if len(data) == 0 {
			return nil, &ParseError{File: name, Offset: -1, Err: ErrEmpty}
		}
		return nil, &ParseError{File: name, Offset: -1, Err: ErrUnknownFormat}
	}
	for _, a := range acts {
		capSamples(a)
	}
	return acts, err
}

// unixTime converts Unix seconds to a UTC time, rounded to the microsecond so that a
// time read as "…:05.150Z" gives back .150 exactly.
func unixTime(sec float64) time.Time {
	whole := math.Floor(sec)
	us := math.Round((sec - whole) * 1e6)
	return time.Unix(int64(whole), int64(us)*1000).UTC()
}
