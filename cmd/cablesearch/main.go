// Command cablesearch builds and searches full-text indexes of US
// diplomatic cables.
//
// Usage:
//
//	cablesearch parse [--json] PATH...
//	cablesearch index [--index DIR] [--workers N] [--update] PATH...
//	cablesearch query [--index DIR] [--json] [--limit N] [--facets LIST] QUERY
//	cablesearch show [--index DIR] [--json] ID
//	cablesearch serve [--index DIR] [--addr HOST:PORT]
//
// PATH may be a file, a folder (walked recursively) or an archive (.gz,
// .zip, .tar, .tar.gz, .7z). The index folder defaults to $CABLESEARCH_INDEX,
// or ./cablesearch.index. A query that starts with "-" goes after "--".
//
// Exit status: 0 on success, 1 on failure, 2 on a usage error. Bad input
// (an empty file, a truncated page, a cable with no ID) is reported on
// stderr one line each and counted, and does not fail a run unless
// --strict is given.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/pflag"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError marks an error in the command line (exit status 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// errReported is returned when the problems were already printed (one line
// each) and the exit status must say failure.
var errReported = errors.New("errors reported")

func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, pflag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "cablesearch:", err)
		fmt.Fprintln(stderr, "run 'cablesearch help' for usage")
		return 2
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintln(stderr, "cablesearch:", err)
		return 1
	}
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() map[string]command {
	return map[string]command{
		"parse": {"print parsed cables without indexing", runParse},
		"index": {"build or update an index from files, folders and archives", runIndex},
		"query": {"search an index", runQuery},
		"show":  {"print one cable with its references and the cables citing it", runShow},
		"serve": {"serve an index over HTTP: JSON API and web page", runServe},
	}
}

// run is the whole program: it parses args and runs one subcommand.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmds := commands()
	if len(args) == 0 {
		printUsage(stderr, cmds)
		return &usageError{"no command given"}
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		printUsage(stdout, cmds)
		return nil
	}
	c, ok := cmds[name]
	if !ok {
		return &usageError{fmt.Sprintf("unknown command %q", name)}
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func printUsage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("cablesearch: full-text search over US diplomatic cables\n\nUsage: cablesearch COMMAND [FLAGS] ARGS\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-8s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\nRun 'cablesearch COMMAND --help' for a command's flags.\n")
	io.WriteString(w, b.String())
}

// newFlagSet returns a flag set for a subcommand that reports to stderr and
// never exits.
func newFlagSet(name, usage string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet("cablesearch "+name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: cablesearch %s %s\n\nFlags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return &usageError{err.Error()}
	}
	return nil
}
