// Package exportmeta reads the metadata that bulk exports keep beside the activity files:
// activity names and gear from Strava's activities.csv, and from a Garmin Connect export's JSON.
//
// A Catalog collects the entries of one or more exports and finds the entry that belongs
// to an activity file, by the file's path or else by its start time. It imports only the
// standard library.
//
// Names, types and gear are untrusted text. The readers keep them as written, except that
// each is cut to 200 runes, invalid UTF-8 becomes U+FFFD, and control characters (C0 and
// C1, so CR, LF, TAB and ESC among them), line and paragraph separators and bidirectional
// embedding, override and isolate characters become spaces, so that the text is safe to
// print on one line of a terminal. It is not escaped for HTML or for spreadsheets: a name
// such as "=HYPERLINK(...)" is kept as it is, and callers escape for their own output.
package exportmeta
