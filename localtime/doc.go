// Package localtime finds the time zone of a place from its coordinates, offline, so that
// an activity recorded with GPS is shown in the runner's local time.
//
// The boundaries come from github.com/zsefvlol/timezonemapper, a Go translation of
// drtimcooper/LatLongToTimezone: the zone map is compiled into a tree of comparisons on
// latitude and longitude, so a lookup is plain code (well under a microsecond, once the
// zone's time.Location is cached), with nothing to load and no heap to hold, and it adds
// about 1.8 MB to the binary. Nothing is read from the network or the file system: the
// tz rules come from the embedded copy of the IANA database (time/tzdata) whenever the
// system has none.
//
// It replaced github.com/ringsaturn/tzf, whose boundaries are more exact but which added
// 11 MiB to the binary, took about 2 s on the first lookup near a border or a coast and
// pushed peak memory to some 180 MB. Here we only need the UTC offset of the start of a
// run, and for that the cheaper map is good enough. Its known limits:
//
//   - The boundaries date from 2019 (the library's map was last updated on 2019-10-22).
//     Zones created since are missing: Ciudad Juárez gets America/Ojinaga, which has been
//     one hour ahead of the city's real zone (America/Ciudad_Juarez) since late 2022.
//     Renamed zones keep their old name (Kyiv is Europe/Kiev); time/tzdata still knows
//     those names as links, so they load and give the right offsets.
//   - The map has no ocean zones: the tree returns the land zone of some nearby region
//     for a point at sea, rather than a nautical zone such as Etc/GMT+3. A run that
//     starts on a boat far from shore may therefore get a wrong offset.
//   - Near a border the simplified boundaries can put a point in the zone next door.
package localtime
