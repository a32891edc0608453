package graphiql

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// The tests below serve the real embedded assets, which web/graphiql/build.sh
// (make graphiql) copies in before the package is compiled.
func requireAssets(t *testing.T) {
	t.Helper()
	if !AssetsBuilt() {
		t.Fatalf("%s (web/graphiql/build.sh), then run the tests again; missing: %v",
			MissingMessage, missingFiles(subFS(vendorFS, "assets")))
	}
}

func get(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodGet, target, header...)
}

func do(t *testing.T, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var (
	attrRE   = regexp.MustCompile(`(?i)\b(src|href)\s*=\s*"([^"]*)"`)
	scriptRE = regexp.MustCompile(`(?i)<script\b[^>]*\bsrc="([^"]*)"`)
	linkRE   = regexp.MustCompile(`(?i)<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]*)"`)
	configRE = regexp.MustCompile(`(?s)<script type="application/json" id="graphiql-config">(.*?)</script>`)
)

func pageConfigOf(t *testing.T, body string) pageConfig {
	t.Helper()
	m := configRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no graphiql-config block in page:\n%s", body)
	}
	var cfg pageConfig
	if err := json.Unmarshal([]byte(m[1]), &cfg); err != nil {
		t.Fatalf("graphiql-config is not valid JSON: %v\n%s", err, m[1])
	}
	return cfg
}

func TestPageServed(t *testing.T) {
	requireAssets(t)
	h := Handler(Options{Endpoint: "/graphql", Title: "scamgraph GraphiQL"})
	rec := get(t, h, "/")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET / = %d, want 200\n%s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q, want text/html", ct)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("page Cache-Control = %q, want no-cache", cc)
	}
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "connect-src 'self'", "default-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	body := rec.Body.String()
	for _, want := range []string{`<div id="graphiql"`, "<title>scamgraph GraphiQL</title>"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "graphiql-banner") {
		t.Errorf("page has a banner although Options.Banner is empty")
	}
	cfg := pageConfigOf(t, body)
	if cfg.Endpoint != "/graphql" {
		t.Errorf("configured endpoint = %q, want /graphql", cfg.Endpoint)
	}
	if !strings.Contains(cfg.DefaultQuery, "countries(first: 5)") {
		t.Errorf("default query = %q, want the countries query", cfg.DefaultQuery)
	}

	// HEAD and conditional requests work on the page too.
	if rec := do(t, h, http.MethodHead, "/"); rec.Code != http.StatusOK {
		t.Errorf("HEAD / = %d, want 200", rec.Code)
	}
	if rec := get(t, h, "/", "If-None-Match", rec.Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("GET / with matching If-None-Match = %d, want 304", rec.Code)
	}
}

func TestPageHasNoExternalURLs(t *testing.T) {
	requireAssets(t)
	body := get(t, Handler(Options{Banner: "development mode"}), "/").Body.String()
	for _, bad := range []string{"http://", "https://", "unpkg", "jsdelivr", "cdnjs", "esm.sh"} {
		if strings.Contains(strings.ToLower(body), bad) {
			t.Errorf("page contains %q:\n%s", bad, body)
		}
	}
	attrs := attrRE.FindAllStringSubmatch(body, -1)
	if len(attrs) < 6 {
		t.Fatalf("found %d src/href attributes, want at least 6 (4 scripts, 2 stylesheets):\n%s", len(attrs), body)
	}
	for _, m := range attrs {
		u := m[2]
		if u == "data:," { // the empty favicon, which saves a request
			continue
		}
		if !strings.HasPrefix(u, AssetPath) {
			t.Errorf("%s=%q is not a local asset URL under %s", m[1], u, AssetPath)
		}
	}
}

func TestReferencedAssetsAreServed(t *testing.T) {
	requireAssets(t)
	h := Handler(Options{})
	body := get(t, h, "/").Body.String()

	type ref struct{ url, wantType string }
	var refs []ref
	for _, m := range scriptRE.FindAllStringSubmatch(body, -1) {
		refs = append(refs, ref{m[1], "text/javascript"})
	}
	for _, m := range linkRE.FindAllStringSubmatch(body, -1) {
		refs = append(refs, ref{m[1], "text/css"})
	}
	if len(refs) != 8 { // React, ReactDOM, GraphiQL, its explorer plugin, init.js; three stylesheets
		t.Fatalf("page references %d scripts and stylesheets, want 8:\n%s", len(refs), body)
	}

	// Minimum sizes of the vendored builds; much smaller means a broken copy.
	minSize := map[string]int{
		fileGraphiQLJS:  300_000,
		fileGraphiQLCSS: 50_000,
		fileReact:       5_000,
		fileReactDOM:    100_000,
	}
	seen := map[string]bool{}
	for _, r := range refs {
		name := strings.TrimPrefix(r.url, AssetPath)
		name, version, _ := strings.Cut(name, "?v=")
		seen[name] = true
		if version == "" {
			t.Errorf("%s has no ?v= content version, so long caching would serve stale files", r.url)
		}
		rec := get(t, h, r.url)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", r.url, rec.Code)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, r.wantType) {
			t.Errorf("GET %s Content-Type = %q, want %s", r.url, ct, r.wantType)
		}
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("GET %s Cache-Control = %q, want a year", r.url, cc)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s lacks X-Content-Type-Options: nosniff", r.url)
		}
		size := rec.Body.Len()
		want := 500
		if n, ok := minSize[name]; ok {
			want = n
		}
		if size < want {
			t.Errorf("GET %s: %d bytes, want at least %d", r.url, size, want)
		}
		data := rec.Body.String()
		if r.wantType == "text/css" {
			// Fonts and images must be inlined or local, never fetched from afar.
			if m := regexp.MustCompile(`(?i)url\(\s*['"]?(https?:)?//|@import`).FindString(data); m != "" {
				t.Errorf("%s loads something from outside: %q", r.url, m)
			}
		}
	}
	for _, name := range []string{fileReact, fileReactDOM, fileGraphiQLJS, fileGraphiQLCSS, fileInit, filePageCSS} {
		if !seen[name] {
			t.Errorf("page does not reference %s", name)
		}
	}
	if !strings.Contains(get(t, h, AssetPath+fileGraphiQLJS).Body.String(), "GraphiQL") {
		t.Errorf("%s does not look like the GraphiQL build", fileGraphiQLJS)
	}
}

func TestEndpointBannerAndTitleAreEscaped(t *testing.T) {
	requireAssets(t)
	endpoint := `/graphql?x=</script><script>alert("e")</script>&y='1'`
	banner := `development mode: <b>authentication</b> is "off" & <script>alert(1)</script>`
	title := `scamgraph </title><script>alert(2)</script>`
	query := "{ countries(first: 1) { edges { node { name } } } } # </script><!--"
	body := get(t, Handler(Options{Endpoint: endpoint, Banner: banner, Title: title, DefaultQuery: query}), "/").Body.String()

	for _, raw := range []string{"<script>alert", "<b>authentication</b>", "</script><!--"} {
		if strings.Contains(body, raw) {
			t.Errorf("page contains unescaped %q:\n%s", raw, body)
		}
	}
	wantBanner := `<div id="graphiql-banner" role="status">development mode: &lt;b&gt;authentication&lt;/b&gt; is &#34;off&#34; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</div>`
	if !strings.Contains(body, wantBanner) {
		t.Errorf("page lacks escaped banner %q:\n%s", wantBanner, body)
	}
	if !strings.Contains(body, "<title>scamgraph &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;</title>") {
		t.Errorf("title not escaped:\n%s", body)
	}
	// The values reach the script as JSON that decodes to exactly what was set.
	cfg := pageConfigOf(t, body)
	if cfg.Endpoint != endpoint {
		t.Errorf("configured endpoint = %q, want %q", cfg.Endpoint, endpoint)
	}
	if cfg.DefaultQuery != query {
		t.Errorf("configured default query = %q, want %q", cfg.DefaultQuery, query)
	}
	// The banner is above the editor.
	if b, e := strings.Index(body, "graphiql-banner"), strings.Index(body, `<div id="graphiql"`); b < 0 || b > e {
		t.Errorf("banner is not placed before the editor")
	}
}

func TestMissingAssetsSay503(t *testing.T) {
	vendor := fstest.MapFS{"README.md": {Data: []byte("filled by web/graphiql/build.sh\n")}}
	h := newHandler(Options{}, vendor, subFS(staticFS, "static"))
	rec := get(t, h, "/")
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("GET / without assets = %d, want 503", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), MissingMessage) {
		t.Errorf("page without assets does not say %q:\n%s", MissingMessage, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q, want text/html", ct)
	}
	if rec := get(t, h, AssetPath+fileGraphiQLJS); rec.Code != http.StatusNotFound {
		t.Errorf("GET missing asset = %d, want 404", rec.Code)
	}
	if MissingMessage != "GraphiQL assets missing: run make graphiql" {
		t.Errorf("MissingMessage changed: %q", MissingMessage)
	}
}

func TestPartialAssetsSay503(t *testing.T) {
	vendor := fstest.MapFS{
		fileGraphiQLJS:  {Data: []byte("x")},
		fileGraphiQLCSS: {Data: []byte("x")},
		fileReact:       {Data: []byte("x")},
	}
	rec := get(t, newHandler(Options{}, vendor, subFS(staticFS, "static")), "/")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), fileReactDOM) {
		t.Errorf("GET / with %s missing = %d, want 503 naming it:\n%s", fileReactDOM, rec.Code, rec.Body)
	}
}

func TestRoutingAndMethods(t *testing.T) {
	h := Handler(Options{})
	for _, target := range []string{"/index.html", "/graphql", "/graphiql/assets/", "/graphiql/assets/README.md",
		"/graphiql/assets/nope.js", "/graphiql/assets/../assets/README.md", "/graphiql/assets/.gitignore"} {
		if rec := get(t, h, target); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", target, rec.Code)
		}
	}
	rec := do(t, h, http.MethodPost, "/")
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST / = %d (Allow %q), want 405 with Allow: GET, HEAD", rec.Code, rec.Header().Get("Allow"))
	}
	if rec := do(t, h, http.MethodPost, AssetPath+fileInit); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST asset = %d, want 405", rec.Code)
	}
}

func TestAssetGzipAndRevalidation(t *testing.T) {
	h := Handler(Options{})
	name := AssetPath + fileInit
	if AssetsBuilt() {
		name = AssetPath + fileGraphiQLJS
	}
	plain := get(t, h, name)
	if plain.Code != http.StatusOK || plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("GET %s = %d, Content-Encoding %q", name, plain.Code, plain.Header().Get("Content-Encoding"))
	}
	zipped := get(t, h, name, "Accept-Encoding", "br;q=1.0, gzip;q=0.8")
	if zipped.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET %s accepting gzip: Content-Encoding %q", name, zipped.Header().Get("Content-Encoding"))
	}
	if zipped.Header().Get("ETag") == plain.Header().Get("ETag") {
		t.Errorf("gzip and identity responses share the ETag %s", plain.Header().Get("ETag"))
	}
	if !strings.Contains(zipped.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary = %q, want Accept-Encoding", zipped.Header().Get("Vary"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, plain.Body.Bytes()) {
		t.Errorf("gzip body does not decompress to the asset")
	}
	if rec := get(t, h, name, "If-None-Match", plain.Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("GET %s with matching If-None-Match = %d, want 304", name, rec.Code)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                    false,
		"gzip":                true,
		"GZIP":                true,
		"gzip, deflate, br":   true,
		"br, gzip;q=0.5":      true,
		"gzip;q=0":            false,
		"gzip; q=0.000":       false,
		"deflate, br":         false,
		"x-gzip":              true,
		"identity;q=1, *;q=0": false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestContentSecurityPolicyEndpointOrigin(t *testing.T) {
	for endpoint, want := range map[string]string{
		"/graphql":                           "connect-src 'self';",
		"https://api.example.test/graphql":   "connect-src 'self' https://api.example.test;",
		"http://127.0.0.1:8080/graphql":      "connect-src 'self' http://127.0.0.1:8080;",
		"javascript:alert(1)":                "connect-src 'self';",
		"https://a.test;script-src *@b.test": "connect-src 'self';",
	} {
		if got := contentSecurityPolicy(endpoint); !strings.Contains(got, want) {
			t.Errorf("contentSecurityPolicy(%q) = %q, want it to contain %q", endpoint, got, want)
		}
	}
}
