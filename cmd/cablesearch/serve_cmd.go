package main

import (
	"context"
	"errors"
	"io"
)

// runServe implements `cablesearch serve`.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("serve: not implemented yet") // STUB
}
