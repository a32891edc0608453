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

// Open recognises the format of the case file at path (unless
// opts.Format is given) and returns its source. A folder or a .zip is a set of CSV sheets,
// and so is an .xlsx workbook (its worksheets);
// JSON lines whose objects have "schema" are FollowTheMoney; one JSON
// object is a JSON case file. opts.Encoding names the code page the file
// was saved in ("" is UTF-8, or UTF-16 with a byte order mark). The whole file is checked to be valid
// text before the source is returned, so a file in another encoding is
// refused whole (a FileError naming the encoding it looks like) before
// anything of it is read or written.
func Open(path string, opts Options) (Source, error) {
	name, format := opts.FileName, opts.Format
	if name == "" {
		name = filepath.Base(path)
	}
	enc, canon, err := LookupEncoding(opts.Encoding)
	if err != nil {
		return nil, &RunError{err}
	}
	te := textEncoding{enc, canon}
	if opts.Mapping != "" {
		// someone else's sheet, whatever --format says: the mapping
		// names its columns
		return openMapped(path, name, opts, te)
	}
	if format == "" {
		if format, err = detect(path, te); err != nil {
			return nil, err
		}
	}
	switch format {
	case FormatJSON:
		s := NewJSONSource(path)
		s.name = name
		s.te = te
		return s, te.checkText(s.rawOpen, name)
	case FormatCSV:
		s, err := NewCSVSource(path, name)
		if err != nil {
			return nil, err
		}
		s.te = te
		s.reading = newCellReading(opts)
		if s.workbook() {
			// A workbook's text is UTF-8 XML: no code page to check.
			return s, nil
		}
		for _, sheet := range []string{"case.csv", "entities.csv", "links.csv"} {
			if err := te.checkText(func() (io.ReadCloser, error) { return s.rawSheet(sheet) }, name+"/"+sheet); err != nil {
				return nil, err
			}
		}
		return s, nil
	case FormatFTM:
		s := NewFtMSource(path, name)
		s.te = te
		return s, te.checkText(func() (io.ReadCloser, error) { return os.Open(path) }, name)
	}
	return nil, &RunError{fmt.Errorf("unknown format %q: json, csv or ftm", format)}
}

// Detect recognises a case file's format from its content.
func Detect(path string) (string, error) { return detect(path, textEncoding{}) }

func detect(path string, te textEncoding) (string, error) {
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
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if bytes.HasPrefix(head[:n], []byte("PK\x03\x04")) {
		// a .zip of CSV sheets or an .xlsx workbook (a zip too):
		// CSVSource tells them apart
		return FormatCSV, nil
	}
	if bytes.HasPrefix(head[:n], []byte("\xd0\xcf\x11\xe0")) {
		return "", &FileError{Location{File: filepath.Base(path)}, "an Excel 97-2003 workbook (.xls) or a workbook with a password: save it as an .xlsx workbook without a password (or as CSV sheets)"}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", &RunError{err}
	}
	text, _, _ := te.decoded(f)
	br := bufio.NewReader(text)
	line, err := br.ReadBytes('\n')
	if err != nil && err != io.EOF {
		return "", &RunError{err}
	}
	line = bytes.TrimSpace(line)
	var obj map[string]json.RawMessage
	if json.Unmarshal(line, &obj) == nil {
		if _, ok := obj["schema"]; ok {
			return FormatFTM, nil
		}
	}
	if bytes.HasPrefix(line, []byte("{")) {
		return FormatJSON, nil
	}
	return "", &FileError{Location{File: filepath.Base(path)}, "not a case file: expected a JSON case file, FollowTheMoney JSON lines, CSV sheets in a folder or .zip, or an .xlsx workbook"}
}

// hashSource is the sha256 of the file, or of a folder's sheets in name
// order, then of the mappings it is read through: the same sheet read
// through a changed mapping is another import.
func hashSource(path string, mappings ...string) (string, error) {
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
	for _, m := range mappings {
		if m != "" {
			files = append(files, m)
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
