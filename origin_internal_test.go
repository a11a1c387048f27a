package cablesearch

import "testing"

func TestOrigin(t *testing.T) {
	tests := []struct{ station, want string }{
		{"MOSCOW", "Embassy Moscow"},
		{"STATE", "Secretary of State"},
		{"BRUSSELS", "Embassy Brussels"},
		{"UNVIEVIENNA", "UNVIE"},
		{"NOSUCHPOST", ""},
	}
	for _, tt := range tests {
		if got := OriginOf(tt.station); got != tt.want {
			t.Errorf("OriginOf(%q) = %q, want %q", tt.station, got, tt.want)
		}
	}
	senders := []struct{ from, want string }{
		{"AMEMBASSY KINGSTON", "Embassy Kingston"},
		{"AMCONSUL CASABLANCA", "Consulate Casablanca"},
		{"SECSTATE WASHDC", "Secretary of State"},
		{"USMISSION GENEVA", "Mission Geneva"},
		{"CDR USCENTCOM", ""},
		{"", ""},
	}
	for _, tt := range senders {
		if got := originFromSender(tt.from); got != tt.want {
			t.Errorf("originFromSender(%q) = %q, want %q", tt.from, got, tt.want)
		}
	}
}
