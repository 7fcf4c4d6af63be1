// Package fitfast is cadence's own FIT decoder for the common case: it reads the
// fields of the seven messages that cadence uses (record, event, session, lap,
// file_id, activity, sport) where they lie, the developer data ids and field
// descriptions, and the developer fields of records that its Listener asks for (a
// foot pod's running dynamics), and skips everything else by its size, in one walk
// over the bytes. muktihari's decoder builds a proto.Message for every message and a
// proto.Field for every field; this one decodes several times faster.
//
// Decode gives exactly what muktihari's decoder gives, because it declines (reports
// false, and the caller falls back to muktihari's decoder) every file that holds
// anything where the two could differ: a damaged or truncated sequence, bytes after
// the last sequence, an invalid base type, a message that refers to a missing
// definition, a field that cadence reads but which is shorter than its profile type
// or given twice, a timestamp that is not four bytes, a compressed_speed_distance with
// a value (its components accumulate), a developer field description with an
// invalid base type, and a developer field the Listener reads that is not exactly one
// value of its base type. Developer data holds within one sequence, as in muktihari's
// decoder: a field is read with the first description of it in its sequence, met at
// any point before the record. fitparse's TestFITFactoryMatchesStandard,
// TestFITFastMatchesOnRandomFiles, TestFITDevFieldsMatchOnRandomFiles and
// FuzzFITFactory compare the two decoders.
//
// It does not check CRCs, turn raw values into units, split records into sessions or
// read any other message or field: the Listener gets raw values, and the caller
// (fitparse) does the rest.
package fitfast
