// Package explorer serves the link-chart explorer (/explore): the page an
// investigator opens first, which draws the network the API answers with
// Cytoscape.js. Like GraphiQL (package graphiql) it works on a closed
// network: Cytoscape.js is copied from npm into the assets folder by
// web/explorer/build.sh (make explorer) and embedded here beside the page's
// own script and stylesheet, and the page's Content-Security-Policy lets it
// load nothing from anywhere else and talk to its own origin only.
package explorer

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/biter777/countries"

	"github.com/scamgraph/scamgraph/graph"
)

// Cytoscape.js, filled by web/explorer/build.sh. Without a build the folder
// holds only its README and the page says so (HTTP 503).
//
//go:embed assets
var vendorFS embed.FS

// The page, its script and its stylesheet.
//
//go:embed static
var staticFS embed.FS

// Path is where the page is served; its files are under Path + "/assets/".
const Path = "/explore"

// MissingMessage is what the page says when the assets were not built.
const MissingMessage = "explorer assets missing: run make explorer"

// csp allows the page its own scripts, styles and API only. Images may be
// data: and blob: URLs: the PNG export is one. Styles may be inline:
// Cytoscape.js sets style attributes on the elements it draws in (the
// browser test saw the page refused without it); scripts may not.
const csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data: blob:; " +
	"font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

var contentTypes = map[string]string{
	".json": "application/json",
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
}

// Handler serves the page at Path and its files under Path/assets/.
func Handler() http.Handler {
	vendor, _ := fs.Sub(vendorFS, "assets")
	static, _ := fs.Sub(staticFS, "static")
	_, err := fs.Stat(vendor, "cytoscape.min.js")
	built := err == nil
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", csp)
		switch name, isAsset := strings.CutPrefix(r.URL.Path, Path+"/assets/"); {
		case r.URL.Path == Path || r.URL.Path == Path+"/":
			if !built {
				h.Set("Content-Type", "text/plain; charset=utf-8")
				http.Error(w, MissingMessage, http.StatusServiceUnavailable)
				return
			}
			h.Set("Cache-Control", "no-cache")
			serveFile(w, r, static, "explore.html")
		case isAsset && name == countryCodesFile:
			h.Set("Cache-Control", "no-cache")
			h.Set("Content-Type", "application/json")
			_, _ = w.Write(countryCodes())
		case isAsset && !strings.Contains(name, "/"):
			h.Set("Cache-Control", "no-cache")
			if _, err := fs.Stat(static, name); err == nil {
				serveFile(w, r, static, name)
			} else {
				serveFile(w, r, vendor, name)
			}
		default:
			http.NotFound(w, r)
		}
	})
}

// serveFile writes one embedded file, with its content type, or 404.
func serveFile(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string) {
	ct, ok := contentTypes[path.Ext(name)]
	data, err := fs.ReadFile(fsys, name)
	if !ok || err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ct)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(data)
}

// countryCodesFile maps the API's country codes (ISO 3166-1 alpha-2) to
// the ids of world-atlas's outlines (ISO 3166-1 numeric, three digits),
// for the flows map to place a country.
const countryCodesFile = "country-codes.json"

var countryCodes = sync.OnceValue(func() []byte {
	out := map[string]string{}
	for _, c := range graph.AllCountries() {
		if n := int(countries.ByName(c.Code)); n > 0 {
			out[c.Code] = fmt.Sprintf("%03d", n)
		}
	}
	b, _ := json.Marshal(out)
	return b
})
