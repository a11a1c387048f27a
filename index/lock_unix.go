//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package index

import (
	"errors"
	"os"
	"syscall"
)

// tryLockFile takes an exclusive flock on the file at path, creating it,
// without waiting. held reports that another process (or another open of
// the file) has it. The lock dies with the process, so a killed build's
// file never blocks; unlock removes the file.
func tryLockFile(path string) (unlock func(), held bool, err error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, false, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, true, nil
			}
			return nil, false, err
		}
		// The holder we waited for may have removed the file between our
		// open and our flock: then we locked a file no one else will
		// open, and must lock the one now at path instead.
		fst, err1 := f.Stat()
		pst, err2 := os.Stat(path)
		if err1 != nil || err2 != nil || !os.SameFile(fst, pst) {
			f.Close()
			continue
		}
		if err := f.Truncate(0); err == nil {
			f.WriteAt(pidLine(), 0)
		}
		return func() {
			// Remove while still locked, then unlock by closing.
			os.Remove(path)
			f.Close()
		}, false, nil
	}
}
