package index

import "golang.org/x/sys/unix"

// exchange atomically swaps the folders a and b (renameat2
// RENAME_EXCHANGE): readers of b see either the old or the new index,
// never none.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
