// Package fitwrite writes FIT files for a watch to load: today, one kind, a structured
// running workout (FIT file type workout) whose steps can hold a cadence target.
//
// It knows the FIT format and nothing about running advice: which steps a workout has,
// how long and at what cadence, is package report's to decide (report.WriteWorkout,
// from the practice the advice prescribes). The command reaches it only through
// package report, because report is what cadence writes for people, and the command
// may import only four of the module's packages. The bytes are made by
// github.com/muktihari/fit's encoder from its generated profile types (header, field
// definitions and CRCs), not by hand.
//
// # The cadence unit
//
// The FIT profile (Garmin's Profile.xlsx, as shipped in the FIT SDK's profile.js,
// workout_step field 5 custom_target_value_low, sub-field custom_target_cadence_low
// when target_type is cadence) gives the cadence target in "rpm": cycles per minute,
// the unit of every cadence field in FIT. For running, one cycle is two steps:
// Garmin's running files hold strides per minute in their cadence fields (a
// Forerunner 70 run in the test corpus has a session avg_running_cadence of 66, 132
// steps/min), and Garmin's apps show twice the stored value. So a running workout's
// cadence target is written in strides per minute, half the steps per minute:
// 170-180 steps/min is written 85-90. A whole number of strides cannot hold an odd
// step rate, so StepsToRPM rounds the low end down and the high end up: the range
// written always contains the range asked for. No workout file written by Garmin
// with a running cadence target was found to confirm this, and it has not been tried
// on a watch.
package fitwrite
