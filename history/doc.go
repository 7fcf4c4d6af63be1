// Package history is the runner's archive as cadence remembers it: an embedded SQLite
// database that keeps what was read from every input, so that a folder read before is
// not decoded again, and the rules that count every activity once.
//
// The database is a cache, never the source of truth: every row can be rebuilt from
// the activity files, so deleting it loses nothing but time. It is the only package
// that imports the SQLite driver.
//
// The main tables, for anyone who opens the file with sqlite3:
//
//	inputs      one row per file (or archive member) read: key (the absolute path,
//	            "archive.zip:member" for a member), size, mtime_ns, crc32, sha256 of the
//	            bytes, analysis (the version and options the results were made with),
//	            error or skip (why it gave no activity), read_at, athlete (whose
//	            input it is: --athlete, the folder's name with --athletes, or ''
//	            for the default athlete)
//	activities  one row per activity in an input: input, idx, sport, start (RFC 3339
//	            in the activity's local time), start_unix, distance_m, moving_s,
//	            elapsed_s, pace_s_per_km, cadence_spm, running_cadence_spm, overstride,
//	            name, format, samples, and result: the whole analysis, in the
//	            compact binary form of codec.go (JSON before schema version 3:
//	            the migration rewrites it, and a row it cannot is read as JSON)
//	meta        schema_version and the cadence version that last migrated the file
package history
