//go:build unix

package cablesearch

import (
	"syscall"
	"time"
)

// processCPUTime is the user+system CPU time of the process, used by the
// benchmark to report throughput per CPU-second on a shared machine.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
