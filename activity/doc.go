// Package activity holds the domain types shared by the readers (fitparse) and the
// analysis: an Activity is one recorded session of one sport, as a series of Samples.
//
// It imports only the standard library, so that fitparse and analysis need not
// import each other and the decoders' types never leak into the analysis.
package activity
