// Package ingest turns the paths a command is given into counted activities: every
// input under them is read once (or taken from the history when it is unchanged),
// parsed, analysed, named from the export's side files, given its local time, marked
// when it is a copy of another activity, and, for runs, compared with the longest run
// of the 30 days before it.
//
// It is the one place where files, the history and the running rules meet, between
// the command (flags, help, exit codes, the progress bar, watch's event loop) below
// which it sits, and the domain packages it calls: fitparse (bytes to activities),
// analysis (activities to numbers), history (the SQLite cache), coach (spikes),
// exportmeta (names and gear) and localtime (time zones). It prints nothing: problems
// that are not an input's own come back through Options.Warn, and each input's own
// error or skip note is on its Item.
package ingest
