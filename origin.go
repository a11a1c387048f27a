package cablesearch

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed data/origins.tsv
var originsTSV string

var (
	originsOnce sync.Once
	origins     map[string]string
)

// OriginOf returns the human label of the post behind a canonical station
// token ("MOSCOW" -> "Embassy Moscow", "STATE" -> "Secretary of State"),
// as the WikiLeaks metadata writes it. It is used for sources that carry
// no origin (plain telegrams). It returns "" for a station it does not
// know.
func OriginOf(station string) string {
	originsOnce.Do(func() {
		origins = make(map[string]string, 300)
		for _, line := range strings.Split(originsTSV, "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			st, label, ok := strings.Cut(line, "\t")
			if ok {
				origins[st] = label
			}
		}
	})
	return origins[station]
}

// originFromSender derives an origin label from the FM line of the header
// when the station is unknown to the table: "AMEMBASSY KINGSTON" ->
// "Embassy Kingston", "AMCONSUL CASABLANCA" -> "Consulate Casablanca",
// "SECSTATE WASHDC" -> "Secretary of State", "USMISSION GENEVA" ->
// "Mission Geneva".
func originFromSender(from string) string {
	f := strings.Fields(strings.ToUpper(from))
	if len(f) == 0 {
		return ""
	}
	name := func(words []string) string {
		for i, w := range words {
			words[i] = w[:1] + strings.ToLower(w[1:])
		}
		return strings.Join(words, " ")
	}
	switch f[0] {
	case "SECSTATE":
		return "Secretary of State"
	case "AMEMBASSY":
		if len(f) > 1 {
			return "Embassy " + name(f[1:])
		}
	case "AMCONSUL":
		if len(f) > 1 {
			return "Consulate " + name(f[1:])
		}
	case "USMISSION":
		if len(f) > 1 {
			return "Mission " + name(f[1:])
		}
	}
	return ""
}
