package cablesearch

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Station tables. data/stations.txt lists the valid station tokens: every
// station of the 251,287 official IDs (oracle cable2month.csv) minus the
// garbled tokens of cablemap's malformed/invalid ID lists, plus a few posts
// that only appear in REF lines (SECDEF, USDOC...). data/station_aliases.tsv
// maps written forms to canonical tokens (CABLE-FORMAT.md b.9). Both are
// embedded so the program needs no external data.

//go:embed data/stations.txt
var stationsData string

//go:embed data/station_aliases.tsv
var stationAliasesData string

var (
	stationsOnce   sync.Once
	validStations  map[string]bool
	stationAliases map[string]string
	stationList    []string
	// fuzzyCache remembers the result of the edit-distance search for
	// unknown tokens (the same typos recur across a corpus build); it
	// stops growing at fuzzyCacheMax entries.
	fuzzyCache  sync.Map // string -> string ("" for no match)
	fuzzyCached atomic.Int64
)

const fuzzyCacheMax = 100000

func loadStations() {
	stationsOnce.Do(func() {
		validStations = make(map[string]bool, 320)
		for _, line := range strings.Split(stationsData, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			validStations[line] = true
			stationList = append(stationList, line)
		}
		sort.Strings(stationList)
		stationAliases = make(map[string]string, 200)
		for _, line := range strings.Split(stationAliasesData, "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			alias, canon, ok := strings.Cut(line, "\t")
			if ok {
				stationAliases[strings.TrimSpace(alias)] = strings.TrimSpace(canon)
			}
		}
	})
}

// ValidStation reports whether tok (upper case, no spaces) is a canonical
// or official station token, such as "MOSCOW" or "USUNNEWYORK".
func ValidStation(tok string) bool {
	loadStations()
	return validStations[tok]
}

// Stations returns the valid station tokens in sorted order.
func Stations() []string {
	loadStations()
	return append([]string(nil), stationList...)
}

// normStationKey upper-cases s and drops spaces, apostrophes, hyphens and
// dots; a digit 0 between letters is read as the letter O ("0TTAWA").
func normStationKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 32)
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c)
		case c == '0':
			b.WriteByte('O')
		case c == ' ', c == '\'', c == '-', c == '.', c == '\t', c == '\n', c == '\r':
		default:
			if c >= 0x80 { // ’ and other non-ASCII punctuation
				continue
			}
			return ""
		}
	}
	return b.String()
}

// CanonicalStation maps a station name as written ("SECSTATE", "RIO DE
// JANEIRO", "HCMC") to its canonical token ("STATE", "RIODEJANEIRO",
// "HOCHIMINHCITY"); ok is false for an unknown station.
//
// An EMBASSY/AMEMBASSY prefix is dropped ("EMBASSY VIENNA" -> "VIENNA"), and
// a token that is one edit (insertion, deletion, substitution or
// transposition) away from exactly one valid station of at least five
// letters is repaired ("COLOMOBO" -> "COLOMBO").
func CanonicalStation(s string) (station string, ok bool) {
	return canonicalStation(s, 5)
}

// canonicalStation is CanonicalStation with the minimum token length for
// the edit-distance repair (0 disables it).
func canonicalStation(s string, fuzzyMin int) (string, bool) {
	loadStations()
	k := normStationKey(s)
	if k == "" {
		return s, false
	}
	if st, ok := exactStation(k); ok {
		return st, true
	}
	for _, p := range [...]string{"AMEMBASSY", "EMBASSY"} {
		if strings.HasPrefix(k, p) && len(k) > len(p) {
			if st, ok := exactStation(k[len(p):]); ok {
				return st, true
			}
			k = k[len(p):]
			break
		}
	}
	if fuzzyMin > 0 && len(k) >= fuzzyMin && len(k) <= 30 {
		if st := fuzzyStation(k); st != "" {
			return st, true
		}
	}
	return k, false
}

func exactStation(k string) (string, bool) {
	if c, ok := stationAliases[k]; ok {
		return c, true
	}
	if validStations[k] {
		return k, true
	}
	return "", false
}

// fuzzyStation returns the only valid station within one edit of k, or "".
func fuzzyStation(k string) string {
	if v, ok := fuzzyCache.Load(k); ok {
		return v.(string)
	}
	found := ""
	for _, st := range stationList {
		if len(st) < 5 || absDiff(len(st), len(k)) > 1 {
			continue
		}
		if withinOneEdit(k, st) {
			if found != "" && found != st {
				found = ""
				goto done
			}
			found = st
		}
	}
	if c, ok := stationAliases[found]; ok {
		found = c
	}
done:
	if fuzzyCached.Load() < fuzzyCacheMax {
		fuzzyCached.Add(1)
		fuzzyCache.Store(k, found)
	}
	return found
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or adjacent transposition.
func withinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if la == lb {
		// substitution or transposition at i
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	if lb-la != 1 {
		return false
	}
	return a[i:] == b[i+1:]
}
