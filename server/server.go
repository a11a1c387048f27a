package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"path"
	"runtime"
	"strings"
	"time"

	"github.com/cablesearch/cablesearch/index"
)

// Options configure the handler. The zero value of every field means its
// default, applied in setDefaults.
type Options struct {
	// Timeout bounds one search or cable lookup once it runs. Default
	// 10 s. A search cut at the timeout answers 503.
	Timeout time.Duration
	// QueueTimeout bounds the wait for a search slot when MaxConcurrent
	// searches are running. Default 30 s; a request that waited that long
	// answers 503 (the server is overloaded).
	QueueTimeout time.Duration
	// ExportTimeout bounds one export. Default 60 s.
	ExportTimeout time.Duration
	// MaxConcurrent is the number of searches run at once; the others
	// wait (within their timeout). Default 4 × GOMAXPROCS.
	MaxConcurrent int
	// DefaultPageSize is the number of hits of /api/search without limit=.
	// Default 10.
	DefaultPageSize int
	// MaxPageSize clamps limit= of /api/search. Default 100.
	MaxPageSize int
	// MaxOffset is the largest offset= accepted (deep paging costs
	// offset+limit hits of memory). Default 10,000.
	MaxOffset int
	// PageSize is the number of hits on one page of the web page.
	// Default 20.
	PageSize int
	// MaxExport clamps the number of cables of one export. Default 10,000.
	MaxExport int
	// MaxFacetSize clamps facet_size=. Default 100.
	MaxFacetSize int
	// CacheEntries is the number of search answers kept (least recently
	// used dropped first; the index does not change while it is served,
	// so an answer never goes stale). Only pages of at most MaxPageSize
	// hits are kept, which bounds an entry to about 100 KB. Default 500;
	// negative for no cache.
	CacheEntries int
	// Log receives one line per failed request (5xx) and per panic; nil
	// means the standard logger.
	Log *log.Logger
	// AccessLog, when true, also logs one line per request.
	AccessLog bool
}

func (o *Options) setDefaults() {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.QueueTimeout <= 0 {
		o.QueueTimeout = 30 * time.Second
	}
	if o.ExportTimeout <= 0 {
		o.ExportTimeout = 60 * time.Second
	}
	if o.MaxConcurrent <= 0 {
		o.MaxConcurrent = 4 * runtime.GOMAXPROCS(0)
	}
	if o.DefaultPageSize <= 0 {
		o.DefaultPageSize = 10
	}
	if o.MaxPageSize <= 0 {
		o.MaxPageSize = 100
	}
	o.DefaultPageSize = min(o.DefaultPageSize, o.MaxPageSize)
	if o.MaxOffset <= 0 {
		o.MaxOffset = 10000
	}
	if o.PageSize <= 0 {
		o.PageSize = 20
	}
	if o.MaxExport <= 0 {
		o.MaxExport = 10000
	}
	if o.MaxFacetSize <= 0 {
		o.MaxFacetSize = 100
	}
	if o.CacheEntries == 0 {
		o.CacheEntries = 500
	}
	if o.Log == nil {
		o.Log = log.Default()
	}
}

//go:embed assets
var assets embed.FS

// server is the state behind the handler New returns.
type server struct {
	ix    *index.Index
	opts  Options
	sem   chan struct{}
	tmpl  map[string]*template.Template
	etags map[string]string // static file name -> ETag
	cache *resultCache      // nil when disabled
}

// New returns the HTTP handler serving ix: the JSON API, the web page and
// its static files (see the package documentation and API.md). ix must
// stay open while the handler is in use.
func New(ix *index.Index, opts Options) http.Handler {
	opts.setDefaults()
	s := &server{
		ix:   ix,
		opts: opts,
		sem:  make(chan struct{}, opts.MaxConcurrent),
		tmpl: parseTemplates(),
	}
	s.etags = staticETags()
	if opts.CacheEntries > 0 {
		s.cache = newResultCache(opts.CacheEntries)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/search", s.apiSearch)
	mux.HandleFunc("GET /api/cable/{id...}", s.apiCable)
	mux.HandleFunc("GET /api/export", s.apiExport)
	mux.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "server: no such API route: "+r.URL.Path)
	})
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /{$}", s.pageSearch)
	mux.HandleFunc("GET /cable/{id...}", s.pageCable)
	mux.HandleFunc("GET /static/{file...}", s.static)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "server: method "+r.Method+" not allowed")
			return
		}
		s.pageError(w, r, http.StatusNotFound, "No such page.")
	})
	return s.wrap(mux)
}

// wrap adds the headers every answer carries, the access log and panic
// recovery around h.
func (s *server) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.opts.Log.Printf("server: panic serving %s: %v", r.URL.Path, v)
				if !sw.wrote {
					writeError(sw, http.StatusInternalServerError, "server: internal error")
				}
			}
			if s.opts.AccessLog {
				s.opts.Log.Printf("%s %s %d %s", r.Method, r.URL.RequestURI(), sw.status, time.Since(start).Round(time.Microsecond))
			}
		}()
		h.ServeHTTP(sw, r)
	})
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Flush lets streamed answers (exports) reach the client early.
func (w *statusWriter) Flush() {
	w.wrote = true
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// errBusy is returned when no search slot freed up within QueueTimeout.
var errBusy = errors.New("server: too many searches at once; try again")

// limited runs f under a search slot, waiting for one at most
// QueueTimeout, with a context that expires Timeout after the slot was
// taken: the queue and the search have separate budgets, so that under
// load a request waits its turn rather than failing, and a slow query is
// still cut at Timeout.
func (s *server) limited(ctx context.Context, f func(ctx context.Context) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	qctx, cancel := context.WithTimeout(ctx, s.opts.QueueTimeout)
	select {
	case s.sem <- struct{}{}:
		cancel()
	case <-qctx.Done():
		cancel()
		if err := ctx.Err(); err != nil {
			return err
		}
		return errBusy
	}
	defer func() { <-s.sem }()
	sctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	err := f(sctx)
	if err == nil && sctx.Err() != nil {
		// A search cut short may return partial results without an
		// error; those must not pass for complete ones.
		err = sctx.Err()
	}
	return err
}

// writeJSON writes v as indented-free JSON with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "server: encode answer: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

// apiError is the body of every API error answer.
type apiError struct {
	Error string `json:"error"`
}

// writeError answers {"error": msg} with status code; 503 answers also
// carry Retry-After.
func writeError(w http.ResponseWriter, code int, msg string) {
	if code == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	b, _ := json.Marshal(apiError{Error: msg})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

// healthz answers 200 "ok" with the number of cables, or 503 when the
// index cannot be read.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	n, err := s.ix.DocCount()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "server: index: "+err.Error())
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, struct {
		Status string `json:"status"`
		Cables uint64 `json:"cables"`
	}{"ok", n})
}

// static serves a file of assets/static. The file name comes from an
// embed.FS, which has no parent folder and no absolute paths; names with
// dot segments are refused before they get there.
func (s *server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "" || !fs.ValidPath(name) || strings.Contains(name, "\\") {
		s.pageError(w, r, http.StatusNotFound, "No such file.")
		return
	}
	b, err := fs.ReadFile(assets, "assets/static/"+name)
	if err != nil {
		s.pageError(w, r, http.StatusNotFound, "No such file.")
		return
	}
	hd := w.Header()
	hd.Set("ETag", s.etags[name])
	hd.Set("Cache-Control", "no-cache")
	switch path.Ext(name) {
	case ".css":
		hd.Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		hd.Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		hd.Set("Content-Type", "image/svg+xml")
	default:
		hd.Set("Content-Type", "application/octet-stream")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// staticETags hashes every static file once.
func staticETags() map[string]string {
	tags := map[string]string{}
	fs.WalkDir(assets, "assets/static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(assets, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		tags[strings.TrimPrefix(p, "assets/static/")] = `"` + hex.EncodeToString(sum[:8]) + `"`
		return nil
	})
	return tags
}
