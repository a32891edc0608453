// Package graphiql serves the GraphiQL playground for the GraphQL API.
//
// Investigators run the API on closed networks, so everything the browser
// needs is served from the Go binary: the GraphiQL and React UMD builds are
// copied into the assets folder by web/graphiql/build.sh (make graphiql) and
// embedded here, next to this package's own start-up script and stylesheet.
// The page refers to local URLs only and its Content-Security-Policy forbids
// loading scripts, styles, fonts or images from anywhere else.
//
// Mount the handler at "/":
//
//	mux.Handle("/", graphiql.Handler(graphiql.Options{Endpoint: "/graphql"}))
//
// It answers "/" with the playground page, AssetPath+name with the assets,
// and everything else with 404.
package graphiql

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The GraphiQL and React builds, filled by web/graphiql/build.sh. Without a
// build the folder holds only its README and the page reports the missing
// assets (HTTP 503).
//
//go:embed assets
var vendorFS embed.FS

// This package's own browser code, always present.
//
//go:embed static
var staticFS embed.FS

// AssetPath is the URL path under which the assets are served.
const AssetPath = "/graphiql/assets/"

// Defaults for the zero fields of Options.
const (
	DefaultEndpoint = "/graphql"
	DefaultTitle    = "GraphiQL"
	DefaultQuery    = `{
  countries(first: 5) {
    edges {
      node {
        code
        name
      }
    }
  }
}
`
)

// MissingMessage is what the page says when the assets were not built.
const MissingMessage = "GraphiQL assets missing: run make graphiql"

// Options configures the playground page.
type Options struct {
	// Endpoint is the URL that GraphQL requests are sent to, normally a path
	// on the same origin such as "/graphql". Empty means DefaultEndpoint.
	Endpoint string
	// Title is the page title. Empty means DefaultTitle.
	Title string
	// Banner is a short notice shown above the editor, such as
	// "development mode: authentication is off". Empty means no banner.
	Banner string
	// DefaultQuery is shown in the editor on a first visit (GraphiQL then
	// keeps the user's own tabs in the browser's local storage). Empty means
	// the package's DefaultQuery.
	DefaultQuery string
}

// Files the page loads, by role. The vendor ones come from the assets folder.
const (
	fileGraphiQLJS  = "graphiql.min.js"
	fileGraphiQLCSS = "graphiql.min.css"
	fileExplorerJS  = "plugin-explorer.umd.js"
	fileExplorerCSS = "plugin-explorer.css"
	fileReact       = "react.production.min.js"
	fileReactDOM    = "react-dom.production.min.js"
	fileInit        = "init.js"
	filePageCSS     = "page.css"
)

var requiredVendorFiles = []string{fileReact, fileReactDOM, fileGraphiQLJS, fileGraphiQLCSS, fileExplorerJS, fileExplorerCSS}

// AssetsBuilt reports whether the embedded assets folder holds the GraphiQL
// build, that is whether web/graphiql/build.sh ran before compiling. A server
// can log a warning at start-up when it is false.
func AssetsBuilt() bool {
	return len(missingFiles(subFS(vendorFS, "assets"))) == 0
}

// Handler returns the playground: the page at "/" and the assets under
// AssetPath. Options are read once, when Handler is called.
func Handler(opts Options) http.Handler {
	return newHandler(opts, subFS(vendorFS, "assets"), subFS(staticFS, "static"))
}

func subFS(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // dir is a constant that the embed pattern guarantees
	}
	return s
}

func missingFiles(vendor fs.FS) []string {
	var missing []string
	for _, name := range requiredVendorFiles {
		if st, err := fs.Stat(vendor, name); err != nil || st.Size() == 0 {
			missing = append(missing, name)
		}
	}
	return missing
}

type handler struct {
	page       []byte // rendered page; nil when assets are missing
	pageETag   string
	csp        string
	missing    []string
	assets     map[string]*asset
	renderFail error
}

func newHandler(opts Options, vendor, static fs.FS) *handler {
	if opts.Endpoint == "" {
		opts.Endpoint = DefaultEndpoint
	}
	if opts.Title == "" {
		opts.Title = DefaultTitle
	}
	if opts.DefaultQuery == "" {
		opts.DefaultQuery = DefaultQuery
	}
	h := &handler{
		assets:  map[string]*asset{},
		missing: missingFiles(vendor),
		csp:     contentSecurityPolicy(opts.Endpoint),
	}
	for _, src := range []fs.FS{vendor, static} {
		entries, _ := fs.ReadDir(src, ".")
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			ct, ok := contentTypes[path.Ext(e.Name())]
			if !ok {
				continue // README.md and the like are not served
			}
			data, err := fs.ReadFile(src, e.Name())
			if err != nil || len(data) == 0 {
				continue
			}
			h.assets[e.Name()] = newAsset(data, ct)
		}
	}
	if len(h.missing) > 0 {
		return h
	}
	var buf bytes.Buffer
	err := pageTemplate.Execute(&buf, pageData{
		Title:  opts.Title,
		Banner: strings.TrimSpace(opts.Banner),
		Config: pageConfig{
			Endpoint:     opts.Endpoint,
			DefaultQuery: opts.DefaultQuery,
			Examples:     Examples(),
		},
		GraphiQLCSS: h.assetURL(fileGraphiQLCSS),
		PageCSS:     h.assetURL(filePageCSS),
		React:       h.assetURL(fileReact),
		ReactDOM:    h.assetURL(fileReactDOM),
		GraphiQLJS:  h.assetURL(fileGraphiQLJS),
		ExplorerJS:  h.assetURL(fileExplorerJS),
		ExplorerCSS: h.assetURL(fileExplorerCSS),
		Init:        h.assetURL(fileInit),
	})
	if err != nil {
		h.renderFail = err
		return h
	}
	h.page = buf.Bytes()
	h.pageETag = etagOf(h.page, "")
	return h
}

// assetURL is the asset's URL with a content hash, so that the assets can be
// cached for a year and a new build is still picked up at once.
func (h *handler) assetURL(name string) string {
	u := AssetPath + name
	if a, ok := h.assets[name]; ok {
		u += "?v=" + a.version
	}
	return u
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/":
		h.servePage(w, r)
	case strings.HasPrefix(r.URL.Path, AssetPath):
		h.serveAsset(w, r, strings.TrimPrefix(r.URL.Path, AssetPath))
	default:
		http.NotFound(w, r)
	}
}

func allowRead(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}

func (h *handler) servePage(w http.ResponseWriter, r *http.Request) {
	if !allowRead(w, r) {
		return
	}
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if h.page == nil {
		hd.Set("Cache-Control", "no-store")
		hd.Set("Content-Type", "text/html; charset=utf-8")
		status, msg := http.StatusServiceUnavailable, MissingMessage
		if h.renderFail != nil {
			status, msg = http.StatusInternalServerError, "GraphiQL page failed to render: "+h.renderFail.Error()
		}
		w.WriteHeader(status)
		_ = errorTemplate.Execute(w, errorData{Message: msg, Missing: h.missing})
		return
	}
	hd.Set("Content-Type", "text/html; charset=utf-8")
	// The page names the current asset versions, so it must be revalidated.
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Content-Security-Policy", h.csp)
	hd.Set("ETag", h.pageETag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(h.page))
}

func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	a, ok := h.assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if !allowRead(w, r) {
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", a.contentType)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	data, etag := a.data, a.etag
	if a.compressible {
		hd.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			if gz := a.gzipped(); gz != nil {
				data, etag = gz, a.gzipETag
				hd.Set("Content-Encoding", "gzip")
			}
		}
	}
	hd.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

var contentTypes = map[string]string{
	".js":  "text/javascript; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".map": "application/json",
	".txt": "text/plain; charset=utf-8",
}

type asset struct {
	data         []byte
	contentType  string
	version      string // short content hash, used in URLs
	etag         string
	compressible bool

	gzOnce   sync.Once
	gz       []byte
	gzipETag string
}

func newAsset(data []byte, contentType string) *asset {
	sum := sha256.Sum256(data)
	v := hex.EncodeToString(sum[:])[:16]
	return &asset{
		data:         data,
		contentType:  contentType,
		version:      v,
		etag:         `"` + v + `"`,
		compressible: len(data) > 1024,
		gzipETag:     `"` + v + `-gz"`,
	}
}

// gzipped compresses the asset on first use; nil if that does not help.
func (a *asset) gzipped() []byte {
	a.gzOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if _, err := zw.Write(a.data); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		if buf.Len() < len(a.data) {
			a.gz = buf.Bytes()
		}
	})
	return a.gz
}

// acceptsGzip reports whether an Accept-Encoding header value allows gzip.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "x-gzip" {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q == 0 {
					return false
				}
			}
		}
		return true
	}
	return false
}

func etagOf(data []byte, suffix string) string {
	sum := sha256.Sum256(data)
	return `"` + hex.EncodeToString(sum[:])[:16] + suffix + `"`
}

// contentSecurityPolicy allows the page to load code, styles and fonts from
// this server only, and to send queries to this server or, when Endpoint is
// an absolute URL, to that endpoint's origin.
func contentSecurityPolicy(endpoint string) string {
	connect := "'self'"
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" && !strings.ContainsAny(u.Host, " ;,'\"") {
		switch u.Scheme {
		case "http", "https", "ws", "wss":
			connect += " " + u.Scheme + "://" + u.Host
		}
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self' data:",
		"connect-src " + connect,
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'self'",
	}, "; ")
}

type pageConfig struct {
	Endpoint     string    `json:"endpoint"`
	DefaultQuery string    `json:"defaultQuery"`
	Examples     []Example `json:"examples"`
}

// Example is a query the playground opens as a tab of its own on a first
// visit: the README's examples (static/examples.json, which a test in
// package server keeps equal to them).
type Example struct {
	Name  string `json:"name"`
	Query string `json:"query"`
}

// Examples are the README's example queries, in order.
func Examples() []Example {
	var out []Example
	raw, err := staticFS.ReadFile("static/examples.json")
	if err == nil {
		err = json.Unmarshal(raw, &out)
	}
	if err != nil {
		panic("graphiql: static/examples.json: " + err.Error()) // embedded, so a test catches it
	}
	return out
}

type pageData struct {
	Title       string
	Banner      string
	Config      pageConfig // JSON-encoded by html/template in the script block
	GraphiQLCSS string
	ExplorerJS  string
	ExplorerCSS string
	PageCSS     string
	React       string
	ReactDOM    string
	GraphiQLJS  string
	Init        string
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{{.GraphiQLCSS}}">
<link rel="stylesheet" href="{{.ExplorerCSS}}">
<link rel="stylesheet" href="{{.PageCSS}}">
<script type="application/json" id="graphiql-config">{{.Config}}</script>
</head>
<body>
{{- if .Banner}}
<div id="graphiql-banner" role="status">{{.Banner}}</div>
{{- end}}
<div id="graphiql" class="graphiql-loading">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript.</noscript>
<script src="{{.React}}"></script>
<script src="{{.ReactDOM}}"></script>
<script src="{{.GraphiQLJS}}"></script>
<script src="{{.ExplorerJS}}"></script>
<script src="{{.Init}}"></script>
</body>
</html>
`))

type errorData struct {
	Message string
	Missing []string
}

var errorTemplate = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Message}}</title>
</head>
<body>
<h1>{{.Message}}</h1>
{{- if .Missing}}
<p>The GraphiQL playground is served from files embedded in the server binary, and this binary was built without them. Run <code>make graphiql</code> (or <code>web/graphiql/build.sh</code>) and rebuild the server.</p>
<p>Missing: {{range $i, $f := .Missing}}{{if $i}}, {{end}}<code>{{$f}}</code>{{end}}</p>
{{- end}}
</body>
</html>
`))
