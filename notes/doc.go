// Package notes reads a runner's pain diary: a CSV file with the columns
// date,site,pain_during,pain_next_morning,note, one row a note, pain on a scale of
// 0 to 10.
//
// The reader keeps every good row and answers every bad one with a Problem that
// names its line and the reason, so that one mistyped score costs one note, never the
// file. It reads the header's columns in any order and of any case, and ignores
// columns it does not know (with one Problem saying so); a file whose first row is a
// note rather than a header is read in the standard column order. It strips a byte
// order mark, takes CRLF or LF line ends, skips empty lines, and reads quoted fields
// with commas or doubled quotes inside; a quoted field may run over several lines
// (as a spreadsheet writes a note with line breaks), but a quote left open is
// answered on its own line and the reader goes on at the next one.
//
// Memory is bounded whatever the input: a line is at most MaxLineBytes, a file at
// most MaxBytes and MaxRows rows (the rest are not read, and a Problem says so), a site at most
// MaxSiteRunes and a note at most MaxTextRunes. Text is untrusted: invalid UTF-8
// becomes U+FFFD and control characters, line separators and bidirectional controls
// become spaces, so that a site or a note is safe on one line of a terminal. It is
// not escaped for HTML; callers escape for their own output.
//
// The package imports only the standard library. The pipeline (ingest) opens the
// file, as it opens exportmeta's side files, and the running rules (coach) use its
// Note as their own type, coach.Note.
package notes
