//go:build !unix

package index

// processAlive cannot tell here; temporary folders of other builds are
// taken as stale (run one build per index at a time).
func processAlive(pid int) bool { return false }
