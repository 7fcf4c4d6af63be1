package fitparse

import (
	"errors"

	"github.com/cadence-run/cadence/activity"
)

// ParseData parses data, the bytes Read returned, as Parse does: a caller that needs
// the bytes themselves (to hash them, say) reads once and parses them here. A Strava
// route (routes/*.gpx: a planned course without times) gives a *SkipError.
func (in Input) ParseData(data []byte) ([]*activity.Activity, error) {
	acts, err := Parse(in.Name, data)
	if err != nil && errors.Is(err, ErrNoActivity) && inRoutesFolder(in.Name) {
		return nil, &SkipError{File: in.Name, Reason: "a route (planned course without times), not an activity"}
	}
	return acts, err
}
