package main

import (
	"context"
	"errors"
	"io"
)

// runQuery implements `cablesearch query`.
func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("query: not implemented yet") // STUB
}
