package exportmeta

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Garmin Connect export ("Export your data" at garmin.com) keeps, under
// DI_CONNECT/DI-Connect-Fitness/, two files that AddGarminJSON reads:
//
//	<user>_0_summarizedActivities.json (also _1_, _2_, ... in large exports)
//	    [{"summarizedActivitiesExport": [{"activityId": 123, "name": "Morning Run",
//	      "activityType": "running", "sportType": "RUNNING",
//	      "startTimeGmt": 1678291323000.0, "startTimeLocal": 1678298523000.0,
//	      "beginTimestamp": 1678291323000, "distance": 1000000.0, "duration": 3600000.0,
//	      ...}, ...]}]
//	<user>_gear.json
//	    [{"gearDTOS": [{"gearPk": 42, "uuid": "...", "displayName": "...",
//	      "customMakeModel": "Nike Pegasus 39", "gearTypeName": "Shoes", ...}, ...],
//	      "gearActivityDTOs": {"42": [{"activityId": 123, "gearPk": 42, ...}, ...]},
//	      "gearActivityTypeDTOS": [...], ...}]
//
// Times are Unix milliseconds; startTimeLocal is the local wall clock written as if it
// were UTC. distance is in centimetres. These shapes are those that third-party readers
// of real exports rely on; Garmin documents neither. The reader is lenient beyond them:
// the outer array may be missing, numbers may be quoted, times may be strings such as
// "2023-03-08 16:02:03", activityType may be an object with a "typeKey" (as the Connect
// API writes it), and gearActivityDTOs may be a list of {"activityId", "gearPk"} objects
// rather than a map keyed by gearPk.

// garminDoc is one object of a Garmin export file; which fields it has tells the files apart.
type garminDoc struct {
	Activities   json.RawMessage `json:"summarizedActivitiesExport"`
	Gear         json.RawMessage `json:"gearDTOS"`
	GearActivity json.RawMessage `json:"gearActivityDTOs"`
}

type garminActivity struct {
	ID             json.RawMessage `json:"activityId"`
	Name           json.RawMessage `json:"name"`
	ActivityName   json.RawMessage `json:"activityName"`
	Type           json.RawMessage `json:"activityType"`
	StartTimeGmt   json.RawMessage `json:"startTimeGmt"` // also matches "startTimeGMT"
	BeginTimestamp json.RawMessage `json:"beginTimestamp"`
	StartTimeLocal json.RawMessage `json:"startTimeLocal"`
	Distance       json.RawMessage `json:"distance"` // centimetres
}

type garminGear struct {
	Pk              json.RawMessage `json:"gearPk"`
	UUID            json.RawMessage `json:"uuid"`
	DisplayName     json.RawMessage `json:"displayName"`
	CustomMakeModel json.RawMessage `json:"customMakeModel"`
	MakeName        json.RawMessage `json:"gearMakeName"`
	ModelName       json.RawMessage `json:"gearModelName"`
}

type garminGearActivity struct {
	ID   json.RawMessage `json:"activityId"`
	Pk   json.RawMessage `json:"gearPk"`
	UUID json.RawMessage `json:"uuid"`
}

// AddGarminJSON adds the contents of one JSON file of a Garmin Connect export, read from
// r: a summarizedActivities file (activities) or a gear file (the gear of each activity),
// told apart by their content. name names the file in errors. The files may come in any
// order: gear added before its activities is kept and applied when they arrive. The gear
// name is the gear's displayName, else its customMakeModel, else its make and model.
//
// Garmin entries have no File: the export keeps the activity files apart from the
// summaries (in DI-Connect-Uploaded-Files archives), under names this package does not tie
// to activity ids, so Lookup finds Garmin entries by start.
// An activity without a decimal activityId is skipped, and values of the wrong type are
// treated as missing. AddGarminJSON fails, adding nothing, if r fails, the JSON is
// malformed, or it is neither kind of file; with ErrTooMany, adding the activities
// before MaxEntries, if the file holds more.
func (c *Catalog) AddGarminJSON(name string, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("exportmeta: %s: %w", name, err)
	}
	var top json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return fmt.Errorf("exportmeta: %s: %w", name, err)
	}
	var docs []json.RawMessage
	if top = bytes.TrimSpace(top); len(top) > 0 && top[0] == '[' {
		if err := json.Unmarshal(top, &docs); err != nil {
			return fmt.Errorf("exportmeta: %s: %w", name, err)
		}
	} else {
		docs = []json.RawMessage{top}
	}

	var es []Entry
	gear := map[string]string{}
	known := false
	for _, raw := range docs {
		var d garminDoc
		if !isObject(raw) || json.Unmarshal(raw, &d) != nil {
			continue
		}
		if d.Activities != nil {
			known = true
			es = append(es, garminActivities(d.Activities)...)
		}
		if d.Gear != nil || d.GearActivity != nil {
			known = true
			for id, g := range garminGearOf(d.Gear, d.GearActivity) {
				gear[id] = g
			}
		}
	}
	if !known {
		return fmt.Errorf("exportmeta: %s: neither summarizedActivitiesExport nor gearDTOS found", name)
	}
	if err := c.merge(es, gear); err != nil {
		return fmt.Errorf("exportmeta: %s: %w", name, err)
	}
	return nil
}

func garminActivities(raw json.RawMessage) []Entry {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	es := make([]Entry, 0, len(list))
	for _, item := range list {
		var a garminActivity
		if !isObject(item) || json.Unmarshal(item, &a) != nil {
			continue
		}
		id := jsonID(a.ID)
		if id == "" {
			continue
		}
		name := jsonString(a.Name)
		if name == "" {
			name = jsonString(a.ActivityName)
		}
		typ := jsonString(a.Type)
		if typ == "" && isObject(a.Type) {
			var t struct {
				TypeKey json.RawMessage `json:"typeKey"`
			}
			if json.Unmarshal(a.Type, &t) == nil {
				typ = jsonString(t.TypeKey)
			}
		}
		start := jsonTime(a.StartTimeGmt)
		if start.IsZero() {
			start = jsonTime(a.BeginTimestamp)
		}
		dist := math.NaN()
		if cm, ok := jsonNumber(a.Distance); ok && cm >= 0 {
			dist = cm / 100
		}
		es = append(es, Entry{
			Source:     Garmin,
			ID:         id,
			Name:       cleanText(name),
			Type:       cleanText(typ),
			Start:      start,
			LocalStart: jsonTime(a.StartTimeLocal),
			DistanceM:  dist,
		})
	}
	return es
}

// garminGearOf maps activity ids to gear names, from a gear file's gearDTOS and
// gearActivityDTOs.
func garminGearOf(dtos, links json.RawMessage) map[string]string {
	names := map[string]string{} // gearPk or uuid → name
	var list []json.RawMessage
	if json.Unmarshal(dtos, &list) == nil {
		for _, item := range list {
			var g garminGear
			if !isObject(item) || json.Unmarshal(item, &g) != nil {
				continue
			}
			name := strings.TrimSpace(jsonString(g.DisplayName))
			if name == "" {
				name = strings.TrimSpace(jsonString(g.CustomMakeModel))
			}
			if name == "" {
				name = strings.TrimSpace(jsonString(g.MakeName) + " " + jsonString(g.ModelName))
			}
			if name == "" {
				continue
			}
			if pk := jsonID(g.Pk); pk != "" {
				names[pk] = name
			}
			if u := jsonString(g.UUID); u != "" {
				names[u] = name
			}
		}
	}

	perActivity := map[string][]string{}
	add := func(id, key string) {
		name, ok := names[key]
		if id == "" || !ok {
			return
		}
		for _, have := range perActivity[id] {
			if have == name {
				return
			}
		}
		perActivity[id] = append(perActivity[id], name)
	}
	var byPk map[string][]garminGearActivity
	var flat []garminGearActivity
	switch {
	case isObject(links) && json.Unmarshal(links, &byPk) == nil:
		for pk, acts := range byPk {
			for _, a := range acts {
				add(jsonID(a.ID), pk)
			}
		}
	case json.Unmarshal(links, &flat) == nil:
		for _, a := range flat {
			key := jsonID(a.Pk)
			if key == "" {
				key = jsonString(a.UUID)
			}
			add(jsonID(a.ID), key)
		}
	}

	out := make(map[string]string, len(perActivity))
	for id, gs := range perActivity {
		slices.Sort(gs) // map order above is random
		out[id] = cleanText(strings.Join(gs, ", "))
	}
	return out
}

func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}

// jsonString returns a JSON string's value, or a number's text, or "".
func jsonString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return string(raw)
	}
	return ""
}

// jsonNumber returns a finite JSON number, or a string holding one.
func jsonNumber(raw json.RawMessage) (float64, bool) {
	s := strings.TrimSpace(jsonString(raw))
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// jsonID returns an activity or gear id in decimal, or "" if raw holds none. Ids written
// as floats ("123.0", "1.23e2") are accepted when they are whole numbers.
func jsonID(raw json.RawMessage) string {
	s := strings.TrimSpace(jsonString(raw))
	if isDecimalID(s) {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v >= 1<<53 || v != math.Trunc(v) {
		return ""
	}
	return strconv.FormatInt(int64(v), 10)
}

// Garmin times outside these bounds are taken for garbage.
var (
	minGarminTime = time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)
	maxGarminTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

var garminTimeLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	time.RFC3339Nano,
}

// jsonTime reads Unix milliseconds (a number or a numeric string) or a date-time string
// as UTC, or returns the zero time.
func jsonTime(raw json.RawMessage) time.Time {
	var t time.Time
	if ms, ok := jsonNumber(raw); ok {
		if ms > float64(minGarminTime.UnixMilli()) && ms < float64(maxGarminTime.UnixMilli()) {
			t = time.UnixMilli(int64(math.Round(ms))).UTC()
		}
	} else if s := strings.TrimSpace(jsonString(raw)); s != "" && len(s) <= 64 {
		for _, layout := range garminTimeLayouts {
			if p, err := time.Parse(layout, s); err == nil {
				t = p.UTC()
				break
			}
		}
	}
	if t.Before(minGarminTime) || !t.Before(maxGarminTime) {
		return time.Time{}
	}
	return t
}
