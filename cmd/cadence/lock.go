package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// One lock protocol keeps two cadence processes from writing one report folder at
// once: acquireLock (lock_unix.go, lock_other.go) takes dir/.cadence.lock and writes
// in it who holds it, "report PID" or "watch PID". A report that finds the folder
// locked by a watch stops at once, since the watch keeps the folder up to date for as
// long as it runs; behind another report it waits, at most lockWait. A watch never
// waits.

// lockName is the lock file in a report folder.
const lockName = ".cadence.lock"

// maxHolder is the most that is read of a lock file: its holder's line.
const maxHolder = 64

// lockWait is how long a report waits for another report to finish writing into its
// folder; tests shorten it.
var lockWait = 10 * time.Minute

// lockPoll is how often a waiting report tries the lock again.
const lockPoll = 250 * time.Millisecond

// errFolderBusy says that another cadence holds a report folder's lock.
var errFolderBusy = errors.New("another cadence is writing a report into")

// errWatchHolds says that a cadence watch holds a report folder's lock.
var errWatchHolds = errors.New("a cadence watch keeps this folder up to date")

// errNotRegular says that a path in the report folder is not a regular file (a
// symbolic link, a FIFO, a device or a folder), which cadence never made there.
var errNotRegular = errors.New("not a regular file (cadence only reads the files it wrote)")

// holderLine is what a lock file says of its holder.
func holderLine(kind string) string {
	return kind + " " + strconv.Itoa(os.Getpid()) + "\n"
}

// parseHolder reads a lock file's line: the holder's kind and process id, or "" and
// 0 when the line is not one cadence writes.
func parseHolder(s string) (kind string, pid int) {
	f := strings.Fields(s)
	if len(f) < 2 || (f[0] != "report" && f[0] != "watch") {
		return "", 0
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil || pid <= 0 {
		return "", 0
	}
	return f[0], pid
}

// describeHolder names the holder of a lock for a message: "a cadence watch (process
// 123)", or "another cadence" when the lock does not say. A way out that
// acquireLock added after the holder (where a stale lock file is not cleared by the
// system: "(if no cadence runs, delete …)") is kept.
func describeHolder(holder string) string {
	hint := ""
	if i := strings.Index(holder, " (if no cadence runs"); i >= 0 {
		holder, hint = holder[:i], holder[i:]
	}
	kind, pid := parseHolder(holder)
	if kind == "" {
		return "another cadence" + hint
	}
	return fmt.Sprintf("a cadence %s (process %d)", kind, pid) + hint
}

// lockFolder takes the report folder's lock for a report. It also tells early, before
// any work, when the folder cannot be written. Behind a watch it returns an error
// wrapping errWatchHolds at once; behind another report it says it waits, and waits
// at most lockWait.
func lockFolder(e *env, dir string) (unlock func(), err error) {
	deadline := time.Now().Add(lockWait)
	said := false
	for {
		unlock, holder, err := acquireLock(dir, "report")
		if !errors.Is(err, errFolderBusy) {
			return unlock, err
		}
		if kind, _ := parseHolder(holder); kind == "watch" {
			return nil, fmt.Errorf("%w: %s keeps %s up to date and adds the files of the folders it watches by itself; this report was not written (stop the watch first, or write into another folder)",
				errWatchHolds, describeHolder(holder), dir)
		}
		if !time.Now().Before(deadline) {
			return nil, fmt.Errorf("%w %s: %s still holds it after %v; this report was not written (try again later)", errFolderBusy, dir, describeHolder(holder), lockWait)
		}
		if !said {
			said = true
			fmt.Fprintf(e.stderr, "cadence: %s is writing a report into %s; waiting for it to finish (at most %v)\n", describeHolder(holder), dir, lockWait)
		}
		time.Sleep(min(lockPoll, time.Until(deadline)+time.Millisecond))
	}
}

// tryLockFolder takes the report folder's lock for a watch, never waiting: while
// another cadence holds it, it returns errFolderBusy and the holder, named for a
// message ("a cadence report (process 123)").
func tryLockFolder(dir string) (unlock func(), holder string, err error) {
	unlock, holder, err = acquireLock(dir, "watch")
	if errors.Is(err, errFolderBusy) {
		return nil, describeHolder(holder), err
	}
	return unlock, "", err
}

// readRegular returns the bytes of the regular file at path, refusing a symbolic
// link, a FIFO, a device, or a file of more than max bytes: the report folder is
// trusted only for the files cadence wrote there.
func readRegular(path string, max int64) ([]byte, error) {
	f, info, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info.Size() > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(data)) > max {
		err = fmt.Errorf("%s: larger than %d bytes", path, max)
	}
	return data, err
}
