package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrLocked is wrapped by the error of a build started while another
// build of the same index folder is running.
var ErrLocked = errors.New("index locked")

// Two builds of one index folder would each build beside it and the last
// to finish would silently win, after both had paid for a whole build. A
// build therefore holds the lock file DIR.lock (beside the index folder,
// so that swapping the folder does not move it) from its start to its
// end. On Unix the lock is a flock(2) on that file: the kernel releases
// it when the process ends however it ends, so a killed build never
// blocks the next one, whatever the file says. Elsewhere the file is
// created exclusively and holds the builder's PID; a build killed there
// leaves it behind, and the error says to remove it.

// LockPath returns the lock file of the index folder dir: dir + ".lock".
func LockPath(dir string) string { return filepath.Clean(dir) + ".lock" }

// lockBuild takes the build lock of dir without waiting. The returned
// function releases it. When another build holds it, the error wraps
// ErrLocked and names that build's PID.
func lockBuild(dir string) (unlock func(), err error) {
	dir = filepath.Clean(dir)
	path := LockPath(dir)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("index: lock %s: %w", dir, err)
	}
	unlock, held, err := tryLockFile(path)
	if err != nil {
		return nil, fmt.Errorf("index: lock %s: %w", dir, err)
	}
	if held {
		who := "another process"
		if pid := lockOwner(path); pid > 0 {
			who = "pid " + strconv.Itoa(pid)
		}
		return nil, fmt.Errorf("index: another build of %s is running (%s); wait for it, or remove %s if that process is gone: %w", dir, who, path, ErrLocked)
	}
	return unlock, nil
}

// lockOwner reads the PID written in a lock file, or 0.
func lockOwner(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// pidLine is what a lock file holds: the builder's PID.
func pidLine() []byte { return []byte(strconv.Itoa(os.Getpid()) + "\n") }
