package cablesearch

// parseReferences finds the REF block(s) in the caption text of a cable and
// returns the canonical IDs of the cited cables (deduplicated, in order,
// without selfID) and the non-cable references. year is the citing
// cable's four-digit year, used for citations without a year.
func parseReferences(text string, year int, selfID string) ([]string, []Reference) { return nil, nil } // STUB
