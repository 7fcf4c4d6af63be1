package history

import "database/sql"

// binaryResults is the schema version from which results are stored in the binary
// form of codec.go.
const binaryResults = 3

// convertChunk is how many rows resultsToBinary holds at once, so that migrating a
// large history takes bounded memory.
const convertChunk = 500

// resultsToBinary rewrites, within the migration's transaction tx, every activity
// whose result is JSON in the binary form, so that a history written by an older
// cadence reruns as fast as a new one without reading a file again. A row that does
// not decode, or holds what the binary form refuses, is left as it was: it is read
// as before.
func resultsToBinary(tx *sql.Tx) error {
	type row struct {
		id  int64
		enc []byte
	}
	var last int64
	for {
		rows, err := tx.Query(`SELECT rowid, result FROM activities WHERE rowid > ? ORDER BY rowid LIMIT ?`, last, convertChunk)
		if err != nil {
			return err
		}
		var batch []row
		n := 0
		for rows.Next() {
			var id int64
			var res []byte
			if err := rows.Scan(&id, &res); err != nil {
				rows.Close()
				return err
			}
			n++
			last = id
			if len(res) == 0 || res[0] != '{' {
				continue
			}
			r, err := decodeResult(res)
			if err != nil {
				continue
			}
			if enc, err := encodeResult(r); err == nil {
				batch = append(batch, row{id, enc})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, b := range batch {
			if _, err := tx.Exec(`UPDATE activities SET result = ? WHERE rowid = ?`, b.enc, b.id); err != nil {
				return err
			}
		}
		if n < convertChunk {
			return nil
		}
	}
}
