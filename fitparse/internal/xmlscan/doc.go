// Package xmlscan is the fast tokenizer of cadence's GPX and TCX readers: a byte-level
// scanner over a document held in memory that delivers the tokens encoding/xml would,
// as the readers use them (local names, the attributes they ask for, character data),
// without encoding/xml's allocations and per-byte reads; and the parsers of the
// numbers and times those documents hold (Float, Time).
//
// The scanner reads the XML that watches and services write: UTF-8 (or ASCII, or
// UTF-16 that the caller has converted), ASCII element and attribute names, quoted
// attribute values, comments, processing instructions, CDATA sections, the five
// predefined entities and character references. On anything else Next returns
// ErrFallback, and the caller reads the whole document again with encoding/xml: a
// DOCTYPE or other directive, another encoding, an unknown entity, a non-ASCII name,
// an unquoted attribute, a syntax error, a mismatched end tag, a document that ends
// early. So every error, and every warning about a truncated file, still comes from
// encoding/xml, and the scanner only has to agree with it on the documents it reads to
// the end of the root element.
//
// It does not check namespaces (names are matched by their local part), does not
// deliver comments, processing instructions or directives, does not convert
// encodings, and knows nothing of GPX or TCX: that is the readers' part, in fitparse.
package xmlscan
