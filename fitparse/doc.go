// Package fitparse reads activity files (FIT, GPX, TCX, and those inside gzip and zip
// archives) into activity.Activity values. It is the only package that imports the FIT
// decoder and the XML readers.
//
// The format is decided from the content (the FIT signature, the XML root element), not
// from the file name, so a misnamed file is still read.
package fitparse
