package index

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// An index is built in a sibling temporary folder ".NAME.tmp-PID-NANOS"
// and published by swapping it with NAME only when complete (on Linux an
// atomic rename exchange; elsewhere two renames, with NAME's old copy
// parked as ".NAME.old-PID-NANOS" in between and restored by the next run
// if a crash falls between them). A killed build leaves only its
// temporary folder, which the next build removes once its process is
// gone.

func tempPrefix(dir string) string { return "." + filepath.Base(dir) + ".tmp-" }
func oldPrefix(dir string) string  { return "." + filepath.Base(dir) + ".old-" }

// newTempDir returns the path of a fresh sibling temporary folder (not
// yet created).
func newTempDir(dir string) string {
	return filepath.Join(filepath.Dir(dir), fmt.Sprintf("%s%d-%d", tempPrefix(dir), os.Getpid(), time.Now().UnixNano()))
}

// ownerPID returns the PID in a temporary folder name.
func ownerPID(name, prefix string) int {
	rest := strings.TrimPrefix(name, prefix)
	pid, _ := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
	return pid
}

// cleanStale removes temporary folders of dir left by dead processes, and
// restores a parked old index if a crash left dir missing.
func cleanStale(dir string) error {
	parent := filepath.Dir(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil // the parent is created later; nothing to clean
	}
	_, dirErr := os.Stat(dir)
	for _, e := range entries {
		name := e.Name()
		for _, prefix := range []string{tempPrefix(dir), oldPrefix(dir)} {
			if !strings.HasPrefix(name, prefix) {
				continue
			}
			pid := ownerPID(name, prefix)
			if pid == os.Getpid() || processAlive(pid) {
				continue
			}
			path := filepath.Join(parent, name)
			if prefix == oldPrefix(dir) && errors.Is(dirErr, fs.ErrNotExist) {
				if err := os.Rename(path, dir); err != nil {
					return fmt.Errorf("index: restore %s: %w", path, err)
				}
				dirErr = nil
				continue
			}
			if err := os.RemoveAll(path); err != nil {
				return fmt.Errorf("index: remove stale %s: %w", path, err)
			}
		}
	}
	return nil
}

// publish moves the complete index in tmp to dir, replacing the index
// there if any. dir must be missing, empty or an index (checked by the
// caller).
func publish(tmp, dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("index: publish: %w", err)
		}
		return nil
	}
	if err := exchange(tmp, dir); err == nil {
		// tmp now holds the previous index; readers that have it open keep
		// their files until they close them.
		if err := os.RemoveAll(tmp); err != nil {
			return fmt.Errorf("index: remove previous index: %w", err)
		}
		return nil
	}
	old := filepath.Join(filepath.Dir(dir), fmt.Sprintf("%s%d-%d", oldPrefix(dir), os.Getpid(), time.Now().UnixNano()))
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("index: publish: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return fmt.Errorf("index: publish: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("index: remove previous index: %w", err)
	}
	return nil
}

// clone copies the index in src to the new folder dst for an update.
// Segment files (*.zap) are never changed once written (scorch writes new
// segments and deletes merged ones), so they are hard-linked when the
// file system allows; everything else (root.bolt, index_meta.json) is
// copied.
func clone(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(path, ".zap") {
			if err := os.Link(path, target); err == nil {
				return nil
			}
		}
		return copyFile(path, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// dirSize is the total size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
