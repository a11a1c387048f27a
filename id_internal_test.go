package cablesearch

import "testing"

// One table per rule of CanonicalID (CABLE-FORMAT.md b.2).
var canonicalIDTests = []struct {
	rule, in, want string
}{
	{"valid", "09MOSCOW521", "09MOSCOW521"},
	{"lower case", "09moscow521", "09MOSCOW521"},
	{"alias", "05RIO123", "05RIODEJANEIRO123"},
	{"alias SECSTATE", "06SECSTATE123", "06STATE123"},
	{"SECDEF stays", "06SECDEF123", "06SECDEF123"},
	{"alias TAIPEI", "02TAIPEI12", "02AITTAIPEI12"},
	{"hyphens", "06PORT-OF-SPAIN123", "06PORTOFSPAIN123"},
	{"embassy infix", "05EMBASSYVIENNA1", "05VIENNA1"},
	{"embassy unknown", "05EMBASSYBLABLA1", "05BLABLA1"},
	{"amembassy", "09AMEMBASSYHANOI1284", "09HANOI1284"},
	{"efto", "09EFTOYEREVAN678", "09YEREVAN678"},
	{"noforn", "85NOFORNMOGADISHU1643", "85MOGADISHU1643"},
	{"sified", "09SIFIEDABUJA1673", "09ABUJA1673"},
	{"section", "09SECTION01OF03SANJOSE525", "09SANJOSE525"},
	{"section garbled", "09SECTIOQ1OF06HARARE876", "09HARARE876"},
	{"section 0QF", "09SECTION0QF05HANOI297", "09HANOI297"},
	{"section O", "06SECTION01O02HONGKONG2311", "06HONGKONG2311"},
	{"section no caption", "0901OF02RPODUBAI288", "09DUBAI288"},
	{"tosec", "90STATE255577TOSEC140323", "90STATE255577"},
	{"zfr", "06MADRID002583ZFR2585", "06MADRID2583"},
	{"zdk", "07OSLO000160ZDK164", "07OSLO160"},
	{"suspected duplicate", "08ACCRA001382SUSPECTEDDUPLICATE1392", "08ACCRA1392"},
	{"doubled year", "7575LIBREVILLE1895", "75LIBREVILLE1895"},
	{"one edit", "07SOIA828", "07SOFIA828"},
	{"transposition", "08AITTAIPIE1698", "08AITTAIPEI1698"},
	{"table", "092OF5", "09STATE126780"},
	{"truncated", "06ASTANA", "06ASTANA204"},
	{"padded serial", "09MOSCOW000521", "09MOSCOW521"},
	{"not an id", "HELLO", "HELLO"},
	{"empty", "", ""},
}

func TestCanonicalID(t *testing.T) {
	for _, tt := range canonicalIDTests {
		if got := CanonicalID(tt.in); got != tt.want {
			t.Errorf("%s: CanonicalID(%q) = %q, want %q", tt.rule, tt.in, got, tt.want)
		}
	}
}

func TestSplitID(t *testing.T) {
	tests := []struct {
		in              string
		yy              int
		station, serial string
		ok              bool
	}{
		{"09MOSCOW521", 9, "MOSCOW", "521", true},
		{"66BUENOSAIRES2481", 66, "BUENOSAIRES", "2481", true},
		{"10UNESCOPARISFR187", 10, "UNESCOPARISFR", "187", true},
		{"09MOSCOW", 0, "", "", false},
		{"MOSCOW521", 0, "", "", false},
		{"0952", 0, "", "", false},
		{"09MOSCOW52X", 0, "", "", false},
	}
	for _, tt := range tests {
		yy, st, se, ok := SplitID(tt.in)
		if yy != tt.yy || st != tt.station || se != tt.serial || ok != tt.ok {
			t.Errorf("SplitID(%q) = %d, %q, %q, %v, want %d, %q, %q, %v", tt.in, yy, st, se, ok, tt.yy, tt.station, tt.serial, tt.ok)
		}
	}
}

func TestParseCitation(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" = rejected
	}{
		{"09MOSCOW521", "09MOSCOW521"},
		{"09 MOSCOW 521", "09MOSCOW521"},
		{"MOSCOW 00000521", "09MOSCOW521"},
		{"08 MOSCOW 3060", "08MOSCOW3060"},
		{"(99) ROME 2196", "99ROME2196"},
		{"2007 MANAGUA 2135", "07MANAGUA2135"},
		{"SECSTATE 74879", "09STATE74879"},
		{"'08 BUENOS AIRES 1491", "08BUENOSAIRES1491"},
		{"RIO DE JANEIRO 128", "09RIODEJANEIRO128"},
		{"QUITO 4525-91", "91QUITO4525"},
		{"HCMC 196", "09HOCHIMINHCITY196"},
		{"08ECTION01OF02MANAMA492", "08MANAMA492"},
		{"10-OTTAWA-57", "10OTTAWA57"},
		{"ex officio customs", ""},
		{"moscow", ""},
		{"521", ""},
		{"human rights report 2004", ""},
		{"MOSCOW 521 and more", ""},
		{"09BLABLA12", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := ParseCitation(tt.in, 2009)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseCitation(%q) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
	// Without a default year, only citations that carry one are read.
	noYear := []struct{ in, want string }{
		{"09 MOSCOW 521", "09MOSCOW521"},
		{"(99) ROME 2196", "99ROME2196"},
		{"00 STATE 1234", "00STATE1234"},
		{"MOSCOW 521", ""},
		{"870 ULAANBAATAR", ""},
	}
	for _, tt := range noYear {
		got, ok := ParseCitation(tt.in, 0)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseCitation(%q, 0) = %q, %v, want %q", tt.in, got, ok, tt.want)
		}
	}
	if got, _ := ParseCitation("STATE 1234", 2000); got != "00STATE1234" {
		t.Errorf("ParseCitation(%q, 2000) = %q, want 00STATE1234", "STATE 1234", got)
	}
}

func TestCanonicalStation(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"SECSTATE", "STATE", true},
		{"RIO DE JANEIRO", "RIODEJANEIRO", true},
		{"HCMC", "HOCHIMINHCITY", true},
		{"N'DJAMENA", "NDJAMENA", true},
		{"Port-au-Prince", "PORTAUPRINCE", true},
		{"0TTAWA", "OTTAWA", true},
		{"EMBASSY VIENNA", "VIENNA", true},
		{"UNVIE", "UNVIEVIENNA", true},
		{"COLOMOBO", "COLOMBO", true},
		{"MOSCOW", "MOSCOW", true},
		{"NOWHERE", "NOWHERE", false},
	}
	for _, tt := range tests {
		got, ok := CanonicalStation(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CanonicalStation(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestStationTables checks the embedded tables without the shared corpus:
// every alias points at a valid station, and no alias is shadowed.
func TestStationTables(t *testing.T) {
	loadStations()
	if n := len(Stations()); n < 280 {
		t.Fatalf("Stations() has %d tokens, want >= 280", n)
	}
	for a, c := range stationAliases {
		if !ValidStation(c) {
			t.Errorf("alias %s -> %s: target is not a valid station", a, c)
		}
	}
	for _, st := range []string{"MOSCOW", "STATE", "USUNNEWYORK", "UNVIEVIENNA", "SECDEF", "AITTAIPEI"} {
		if !ValidStation(st) {
			t.Errorf("ValidStation(%q) = false", st)
		}
	}
}

func BenchmarkCanonicalID(b *testing.B) {
	ids := []string{"09MOSCOW521", "08ECTION01OF02MANAMA492", "05RIO123", "09EFTOLONDON2468", "07SOIA828"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		CanonicalID(ids[i%len(ids)])
	}
}
