package audit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Report is the outcome of Verify.
type Report struct {
	Dir      string
	Files    []string // the files checked, oldest first
	Records  int      // records checked up to the break, or all of them
	FirstSeq uint64
	LastSeq  uint64 // the last good record
	LastHash string // its hash: the head of the chain, to compare with a copy kept elsewhere
	OK       bool
	Break    *Break   // the first break in the chain, when not OK
	Notes    []string // facts that are not breaks but an auditor should know
}

// Break is where and why the chain is broken.
type Break struct {
	File   string // file name within Dir
	Line   int    // 1-based
	Reason string
}

func (b *Break) String() string { return fmt.Sprintf("%s:%d: %s", b.File, b.Line, b.Reason) }

// Verify checks the whole log in dir, file by file in seq order: every line
// is a record whose hash recomputes, every file starts with a "rotate"
// header whose seq its name carries, Seq goes up by one and PrevHash is the
// previous Hash, across files too. It stops at the first break and reports
// its file and line.
//
// Only the first record of the oldest file present may point to a record
// that is not there, and only when it does not have seq 1: that is where
// retention deleted older files (Report.Notes says so). Deleting newest
// records, or rewriting the chain from some record on, is not detectable
// here: compare LastHash with a head logged earlier.
//
// The error is for a check that could not run (no folder, no log files,
// unreadable file); a broken chain is Report.OK false with Report.Break.
func Verify(dir string) (Report, error) {
	rep := Report{Dir: dir}
	files, err := listFiles(dir)
	if err != nil {
		return rep, err
	}
	if len(files) == 0 {
		return rep, fmt.Errorf("audit: no audit files (audit-*.jsonl) in %s", dir)
	}
	c := chainCheck{rep: &rep}
	for _, f := range files {
		rep.Files = append(rep.Files, f.name)
		brk, err := c.file(filepath.Join(dir, f.name), f)
		if err != nil {
			return rep, err
		}
		if brk != nil {
			rep.Break = brk
			return rep, nil
		}
	}
	rep.OK = true
	for _, q := range quarantined(dir) {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s holds a torn tail that Open moved aside after a crash; an audit-repair record names it", q))
	}
	return rep, nil
}

// chainCheck carries the chain from line to line and file to file.
type chainCheck struct {
	rep      *Report
	started  bool
	prevSeq  uint64
	prevHash string
	prevAt   string // where the previous record is, for messages
}

// file checks one file; it returns the first break, or an error if the file
// cannot be read.
func (c *chainCheck) file(path string, f logFile) (*Break, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer fh.Close()
	r := bufio.NewReaderSize(fh, 64<<10)
	brk := func(line int, format string, args ...any) *Break {
		return &Break{File: f.name, Line: line, Reason: fmt.Sprintf(format, args...)}
	}
	n := 0
	for {
		line, err := r.ReadBytes('\n')
		if len(line) == 0 && errors.Is(err, io.EOF) {
			break
		}
		n++
		if errors.Is(err, io.EOF) {
			return brk(n, "the last line is incomplete (no newline): a torn write or a cut file; opening the log moves a torn tail aside"), nil
		}
		if err != nil {
			return nil, fmt.Errorf("audit: reading %s line %d: %w", path, n, err)
		}
		rec, err := parseLine(line[:len(line)-1])
		if err != nil {
			return brk(n, "%v", err), nil
		}
		if n == 1 {
			if rec.Kind != KindRotate {
				return brk(n, "the file does not start with a rotate header (kind %q, seq %d): its beginning is missing", rec.Kind, rec.Seq), nil
			}
			if rec.Seq != f.firstSeq {
				return brk(n, "the file name says the first seq is %d, its header has seq %d", f.firstSeq, rec.Seq), nil
			}
		}
		switch {
		case !c.started && rec.Seq == 1:
			if rec.PrevHash != "" {
				return brk(n, "the first record of the log (seq 1) has a prevHash"), nil
			}
		case !c.started:
			// Only the first line of the oldest file gets here (see above).
			c.rep.Notes = append(c.rep.Notes, fmt.Sprintf(
				"the oldest file present, %s, starts at seq %d: the records before it were deleted (retention, Options.MaxFiles); its prevHash %s points into them and is not checked",
				f.name, rec.Seq, rec.PrevHash))
		case rec.Seq != c.prevSeq+1:
			if rec.Seq > c.prevSeq {
				return brk(n, "seq %d follows seq %d (%s): %d record(s) missing here", rec.Seq, c.prevSeq, c.prevAt, rec.Seq-c.prevSeq-1), nil
			}
			return brk(n, "seq %d follows seq %d (%s): repeated or out of order", rec.Seq, c.prevSeq, c.prevAt), nil
		case rec.PrevHash != c.prevHash:
			return brk(n, "prevHash is not the hash of the previous record, seq %d (%s): a record was replaced", c.prevSeq, c.prevAt), nil
		}
		if !c.started {
			c.started, c.rep.FirstSeq = true, rec.Seq
		}
		c.prevSeq, c.prevHash, c.prevAt = rec.Seq, rec.Hash, fmt.Sprintf("%s:%d", f.name, n)
		c.rep.Records++
		c.rep.LastSeq, c.rep.LastHash = rec.Seq, rec.Hash
	}
	if n == 0 {
		return brk(1, "the file is empty: it has no rotate header"), nil
	}
	return nil, nil
}
