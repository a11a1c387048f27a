//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package index

import (
	"errors"
	"io/fs"
	"os"
)

// tryLockFile creates the file at path exclusively and writes the PID in
// it; held reports that it exists already. Without flock a killed build
// leaves the file behind, and the user removes it as the error says.
func tryLockFile(path string) (unlock func(), held bool, err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	f.Write(pidLine())
	f.Close()
	return func() { os.Remove(path) }, false, nil
}
