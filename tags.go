package cablesearch

// parseTags locates the TAGS line(s) in the caption text and returns the
// tags as found (upper-cased, split, deduplicated) and corrected.
func parseTags(text string) (raw, corrected []string) { return nil, nil } // STUB

// LookupTag returns the kind, category and meaning of a TAGS code from the
// bundled vocabulary; an unknown code comes back with Kind "unknown".
func LookupTag(code string) Tag { return Tag{Code: code, Kind: "unknown"} } // STUB
