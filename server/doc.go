// Package server owns cablesearch's HTTP interface: the JSON API
// (search, one cable, export of a result set, health) and the web page,
// rendered on the server from templates and static files embedded in the
// binary (assets/), so that a single executable serves an offline-built
// index with no network access and no build step.
//
// New returns an http.Handler over an open, read-only index; the caller
// (cmd/cablesearch serve) owns the listener, the http.Server timeouts and
// graceful shutdown. API.md documents the routes, parameters and answers.
//
// # Routes
//
//	GET /api/search   query --json over HTTP (paging, facets, sort, filters)
//	GET /api/cable/ID show --json over HTTP (any citation form of ID)
//	GET /api/export   a result set as CSV or JSON lines, one row per paragraph
//	GET /healthz      "ok" and the number of cables
//	GET /             the search page (every state in the URL)
//	GET /cable/ID     a cable's page with ¶ anchors (#p12)
//	GET /static/...   the embedded CSS and JavaScript
//
// # Safety
//
// Cable text is untrusted. Pages are rendered with html/template, which
// escapes everything; the only raw HTML is the <mark>...</mark> of the
// search snippets, and safeSnippet re-escapes a snippet so that nothing
// else can get through. Responses carry a Content-Security-Policy that
// allows only this server's own scripts and styles. Static files come
// from an embed.FS, which cannot name a path outside itself.
//
// At most Options.MaxConcurrent searches run at once; a request waits
// for a slot at most Options.QueueTimeout and its search then runs at
// most Options.Timeout (503 past either). Answers are cached
// (Options.CacheEntries; the index is read-only, so they never go stale)
// and identical concurrent searches run once. Page sizes are clamped
// (Options.MaxPageSize) and deep offsets refused (Options.MaxOffset).
//
// It imports the root package, index and query; never cmd.
package server
