package cablesearch

// CanonicalID repairs and canonicalises a reference ID: malformed and
// invalid IDs are mapped to their good form, an EMBASSY infix is dropped
// and the station goes through the alias table ("05RIO123" ->
// "05RIODEJANEIRO123"). It returns the input upper-cased when nothing
// applies.
func CanonicalID(raw string) string { return raw } // STUB: owned by the ids/refs/tags work

// SplitID splits a canonical ID into its two-digit year, station and
// serial. ok is false when id does not have the shape YY+STATION+SERIAL.
func SplitID(id string) (yy int, station, serial string, ok bool) { return 0, "", "", false } // STUB

// ParseCitation reads one citation of a cable in any written form
// ("09MOSCOW521", "09 MOSCOW 521", "MOSCOW 00000521", "08 MOSCOW 3060",
// "(99) ROME 2196", "2007 MANAGUA 2135") and returns its canonical ID.
// defaultYear (four digits) is used when the citation has no year.
func ParseCitation(s string, defaultYear int) (id string, ok bool) { return "", false } // STUB

// CanonicalStation maps a station name as written ("SECSTATE", "RIO DE
// JANEIRO", "HCMC") to its canonical token ("STATE", "RIODEJANEIRO",
// "HOCHIMINHCITY"); ok is false for an unknown station.
func CanonicalStation(s string) (station string, ok bool) { return s, false } // STUB
