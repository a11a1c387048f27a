// Package reliability holds the project's fault tests, and no code of
// its own: builds killed with SIGKILL at seeded random points, readers
// that keep searching an index while another process rebuilds or
// updates it, two builds of one index excluding each other, and a build
// over the bad-input catalogue (testdata/bad). The tests re-execute
// their own test binary as the child process that builds. RELIABILITY.md
// at the project root lists what is promised and which test shows it.
//
// It may import the root package, analysis, index, query and
// internal/testcorpus; nothing imports it.
package reliability
