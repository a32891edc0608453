package casefile

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The formats as Open, Detect, Source.Format, a report and the import
// command's --format name them: graph.ImportFormat's values in lower case
// (graph.ImportFormat.FileFormat; casefile's tests check they agree).
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
	FormatFTM  = "ftm"
)

// Formats lists them, in the order the usage text gives them.
var Formats = []string{FormatJSON, FormatCSV, FormatFTM}

// Open recognises the format of the case file at path (unless format is
// given) and returns its source. A folder or a .zip is a set of CSV sheets;
// JSON lines whose objects have "schema" are FollowTheMoney; one JSON
// object is a JSON case file.
func Open(path, name, format string) (Source, error) {
	if format == "" {
		var err error
		if format, err = Detect(path); err != nil {
			return nil, err
		}
	}
	switch format {
	case FormatJSON:
		s := NewJSONSource(path)
		s.name = name
		return s, nil
	case FormatCSV:
		return NewCSVSource(path, name)
	case FormatFTM:
		return NewFtMSource(path, name), nil
	}
	return nil, &RunError{fmt.Errorf("unknown format %q: json, csv or ftm", format)}
}

// Detect recognises a case file's format from its content.
func Detect(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", &RunError{fmt.Errorf("%s: %w", path, err)}
	}
	if info.IsDir() {
		return FormatCSV, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", &RunError{err}
	}
	defer f.Close()
	br := bufio.NewReader(f)
	head, _ := br.Peek(4)
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return FormatCSV, nil
	}
	line, err := br.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return "", &RunError{err}
	}
	line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
	var obj map[string]json.RawMessage
	if json.Unmarshal(line, &obj) == nil {
		if _, ok := obj["schema"]; ok {
			return FormatFTM, nil
		}
	}
	if bytes.HasPrefix(line, []byte("{")) {
		return FormatJSON, nil
	}
	return "", &FileError{Location{File: filepath.Base(path)}, "not a case file: expected a JSON case file, FollowTheMoney JSON lines, or CSV sheets in a folder or .zip"}
}

// hashSource is the sha256 of the file, or of a folder's sheets in name order.
func hashSource(path string) (string, error) {
	h := sha256.New()
	info, err := os.Stat(path)
	if err != nil {
		return "", &RunError{err}
	}
	files := []string{path}
	if info.IsDir() {
		files = nil
		for _, n := range []string{"case.csv", "entities.csv", "links.csv"} {
			files = append(files, filepath.Join(path, n))
		}
	}
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", &RunError{err}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
