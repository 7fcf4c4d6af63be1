package main

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The report folder is laid out the way people browse it: index.html, the year pages,
// the trend picture and the click tracks at the top, and each run's dashboard,
// thumbnail, advice and page in the folder of its year, 2024/; a year that would hold
// more than maxFolderFiles files is split by month, 2024/03/, and a month (or the
// undated runs) still too large into parts, 2024/03/part-2/. No folder holds more
// than maxFolderFiles files of runs.

// maxFolderFiles is the most files of runs one folder of the report holds.
var maxFolderFiles = 1000

// maxFolderDepth is how deep the report's run folders go: year, month, part.
const maxFolderDepth = 3

// runFolderPart matches the name of a folder the report makes for runs: a year, a
// month, "undated", or a part.
var runFolderPart = regexp.MustCompile(`^([0-9]{2}|[0-9]{4}|undated|part-[0-9]+)$`)

// runFiles is how many files a run has in its folder: advice and page, and with
// cadence its dashboard and thumbnail.
func runFiles(pr *plannedRun) int {
	if pr.r.Cadence != nil {
		return 4
	}
	return 2
}

// assignFolders sets the folder of every run, runs sorted by start: its year, or
// its year and month when the year would hold more than maxFolderFiles files, or a
// part of that when the month would still.
func assignFolders(runs []*plannedRun) {
	var keys []string
	byYear := map[string][]*plannedRun{}
	for _, pr := range runs {
		key := "undated"
		if st := pr.r.Start; st != nil && st.Year() >= 1 && st.Year() <= 9999 {
			key = fmt.Sprintf("%04d", st.Year())
		}
		if byYear[key] == nil {
			keys = append(keys, key)
		}
		byYear[key] = append(byYear[key], pr)
	}
	for _, key := range keys {
		group := byYear[key]
		switch {
		case countFiles(group) <= maxFolderFiles:
			setFolder(group, key)
		case key == "undated":
			splitParts(group, key)
		default:
			var months []string
			byMonth := map[string][]*plannedRun{}
			for _, pr := range group {
				m := key + "/" + fmt.Sprintf("%02d", int(pr.r.Start.Month()))
				if byMonth[m] == nil {
					months = append(months, m)
				}
				byMonth[m] = append(byMonth[m], pr)
			}
			for _, m := range months {
				if countFiles(byMonth[m]) <= maxFolderFiles {
					setFolder(byMonth[m], m)
				} else {
					splitParts(byMonth[m], m)
				}
			}
		}
	}
}

func countFiles(runs []*plannedRun) int {
	n := 0
	for _, pr := range runs {
		n += runFiles(pr)
	}
	return n
}

func setFolder(runs []*plannedRun, folder string) {
	for _, pr := range runs {
		pr.folder = folder
	}
}

// splitParts puts runs, in order, into folder/part-1, folder/part-2 and so on, each
// of at most maxFolderFiles files.
func splitParts(runs []*plannedRun, folder string) {
	part, n := 1, 0
	for _, pr := range runs {
		if n+runFiles(pr) > maxFolderFiles && n > 0 {
			part, n = part+1, 0
		}
		pr.folder = folder + "/part-" + strconv.Itoa(part)
		n += runFiles(pr)
	}
}

// upTo returns the relative link from a file in folder (a slash path under the
// report) to the file name at the top of the report.
func upTo(folder, name string) string {
	if folder == "" {
		return name
	}
	return strings.Repeat("../", strings.Count(folder, "/")+1) + name
}

// makeFolders makes the run folders under dir, refusing any part that is there but
// is not a folder (a file, or a symbolic link, which could lead outside the report).
func makeFolders(dir string, runs []*plannedRun) error {
	made := map[string]bool{}
	for _, pr := range runs {
		if made[pr.folder] {
			continue
		}
		p := dir
		for _, part := range strings.Split(pr.folder, "/") {
			p = filepath.Join(p, part)
			info, err := os.Lstat(p)
			if os.IsNotExist(err) {
				err = os.Mkdir(p, 0o755)
				if err == nil {
					continue
				}
				info, err = os.Lstat(p) // made meanwhile?
			}
			if err != nil {
				return err
			}
			if !info.IsDir() {
				return fmt.Errorf("%s is not a folder cadence made (a file or a symbolic link); move it away, and run again", p)
			}
		}
		made[pr.folder] = true
	}
	return nil
}

// reportPath reports whether f, a name from a manifest, is one that cadence writes:
// a file name at the top of the report, or under run folders, relative, clean, not
// hidden.
func reportPath(f string) bool {
	if f == "" || path.Clean(f) != f || !filepath.IsLocal(filepath.FromSlash(f)) || strings.Contains(f, `\`) {
		return false
	}
	parts := strings.Split(f, "/")
	if len(parts) > maxFolderDepth+1 || strings.HasPrefix(parts[len(parts)-1], ".") {
		return false
	}
	for _, p := range parts[:len(parts)-1] {
		if !runFolderPart.MatchString(p) {
			return false
		}
	}
	return true
}

// removeEmptyFolders removes the run folders of the files named, deepest first, that
// are left empty.
func removeEmptyFolders(dir string, files []string) {
	seen := map[string]bool{}
	var folders []string
	for _, f := range files {
		for d := path.Dir(f); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			folders = append(folders, d)
		}
	}
	sort.Slice(folders, func(i, j int) bool { return strings.Count(folders[i], "/") > strings.Count(folders[j], "/") })
	for _, d := range folders {
		os.Remove(filepath.Join(dir, filepath.FromSlash(d))) // fails, harmlessly, unless empty
	}
}

// oldFile returns the path in files (a run's files in the last manifest) whose name is
// name, or "".
func oldFile(files []string, name string) string {
	for _, f := range files {
		if path.Base(f) == name && reportPath(f) {
			return f
		}
	}
	return ""
}

// moveFile moves the report's file from to to, both slash paths under dir, when from
// is a regular file and to is not there.
func moveFile(dir, from, to string) bool {
	if from == to || !exists(dir, from) {
		return false
	}
	if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(to))); err == nil {
		return false
	}
	return os.Rename(filepath.Join(dir, filepath.FromSlash(from)), filepath.Join(dir, filepath.FromSlash(to))) == nil
}
