//go:build !linux

package index

import "errors"

// exchange is not available here; publish falls back to two renames.
func exchange(a, b string) error { return errors.New("rename exchange not supported") }
