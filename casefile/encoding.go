package casefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Case files are UTF-8 (with or without a byte order mark) or UTF-16 with a
// byte order mark. Anything else is refused whole, never stored as U+FFFD:
// a name turned into "Jos\uFFFD P\uFFFDrez" cannot be searched, joined or
// corrected afterwards. The importer names the encoding the bytes look like,
// and --encoding (Options.Encoding) decodes a file saved in a code page,
// as Excel does in Southeast and East Asia.

// encodingAliases are the Windows and common names htmlindex and ianaindex
// do not know, for the code pages Excel writes in the region.
var encodingAliases = map[string]string{
	"cp949": "euc-kr", "uhc": "euc-kr", "ks_c_5601": "euc-kr", "windows-949": "euc-kr",
	"cp874": "windows-874", "tis620": "windows-874", "thai": "windows-874",
	"cp1252": "windows-1252", "cp1258": "windows-1258", "cp1250": "windows-1250", "cp1251": "windows-1251",
	"cp936": "gbk", "cp950": "big5", "cp932": "shift_jis", "sjis": "shift_jis", "windows-31j": "shift_jis",
	"utf8": "utf-8", "utf16le": "utf-16le", "utf16be": "utf-16be",
}

// EncodingExamples are names --encoding takes, for the error that refuses
// an unknown one.
const EncodingExamples = "windows-1252, windows-874 (tis-620, Thai), euc-kr (cp949, Korean), windows-1258 (Vietnamese), gb18030, big5, shift_jis, utf-16le"

// LookupEncoding finds an encoding by its WHATWG, IANA or Windows name
// and returns it with its canonical name. "" is UTF-8: nil, "".
func LookupEncoding(name string) (encoding.Encoding, string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		return nil, "", nil
	}
	if a, ok := encodingAliases[n]; ok {
		n = a
	}
	enc, err := htmlindex.Get(n)
	if err != nil {
		if enc, err = ianaindex.IANA.Encoding(n); err != nil || enc == nil {
			return nil, "", fmt.Errorf("unknown encoding %q: give one such as %s", name, EncodingExamples)
		}
	}
	canon, err := htmlindex.Name(enc)
	if err != nil {
		canon = n
	}
	if canon == "utf-8" {
		// Decoding UTF-8 would turn bad bytes into U+FFFD; reading as is
		// refuses them instead.
		return nil, "", nil
	}
	return enc, canon, nil
}

// textEncoding is how a source reads its files: nil enc is UTF-8 (or UTF-16
// with a byte order mark).
type textEncoding struct {
	enc  encoding.Encoding
	name string
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decoded returns rc's text as UTF-8: a byte order mark wins over te (the
// file says what it is), else te decodes it, else it is read as is. what
// names the encoding read, for messages; guess is whether the bytes are
// taken as UTF-8 for want of anything else.
func (te textEncoding) decoded(rc io.ReadCloser) (r io.ReadCloser, what string, guess bool) {
	br := bufio.NewReaderSize(rc, 64<<10)
	head, _ := br.Peek(3)
	var dec transform.Transformer
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		_, _ = br.Discard(3)
		what = "UTF-8"
	case bytes.HasPrefix(head, bomUTF16LE):
		_, _ = br.Discard(2)
		dec, what = xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewDecoder(), "UTF-16LE"
	case bytes.HasPrefix(head, bomUTF16BE):
		_, _ = br.Discard(2)
		dec, what = xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewDecoder(), "UTF-16BE"
	case te.enc != nil:
		dec, what = te.enc.NewDecoder(), te.name
	default:
		what, guess = "UTF-8", true
	}
	var out io.Reader = br
	if dec != nil {
		out = transform.NewReader(br, dec)
	}
	return readCloser{out, rc}, what, guess
}

type readCloser struct {
	io.Reader
	c io.Closer
}

func (r readCloser) Close() error { return r.c.Close() }

// checkText reads a whole file through te and refuses it, naming the line,
// if it is not valid text: bytes that are not UTF-8 (then it names the
// encoding they look like), a replacement character (what a decoder makes
// of bytes the encoding does not have) or a NUL (UTF-16 without a byte
// order mark). It runs before any record is read, so a refused file
// writes nothing. The message never quotes the bytes: they are victims'
// data.
func (te textEncoding) checkText(open func() (io.ReadCloser, error), file string) error {
	rc, err := open()
	if err != nil || rc == nil {
		return err
	}
	r, what, guess := te.decoded(rc)
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		text, err := br.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) {
			// a line longer than the buffer: check it piecewise, keeping
			// an incomplete rune for the next piece
			cut := len(text)
			for k := 1; k < utf8.UTFMax && k <= len(text); k++ {
				if utf8.RuneStart(text[len(text)-k]) {
					if !utf8.FullRune(text[len(text)-k:]) {
						cut = len(text) - k
					}
					break
				}
			}
			if reason := badText(text[:cut], what, guess); reason != "" {
				return te.refuse(file, line, reason, guess, open)
			}
			carry := append([]byte(nil), text[cut:]...)
			text, err = br.ReadSlice('\n')
			text = append(carry, text...)
		}
		if reason := badText(text, what, guess); reason != "" {
			return te.refuse(file, line, reason, guess, open)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var ferr *FileError
			if errors.As(err, &ferr) {
				return ferr
			}
			return &FileError{Location{File: file, Line: line}, "cannot read: " + err.Error()}
		}
	}
}

// badText says what is wrong with one line of decoded text, or "".
func badText(b []byte, what string, guess bool) string {
	if !utf8.Valid(b) {
		return "not " + what
	}
	if bytes.ContainsRune(b, utf8.RuneError) {
		if guess {
			return "a replacement character (U+FFFD): text already damaged by a wrong encoding"
		}
		return "not " + what + ": bytes " + what + " does not have"
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "a NUL byte: UTF-16 without a byte order mark? Save it as UTF-8"
	}
	return ""
}

// refuse is the FileError for a file that is not valid text; for bytes
// that are not UTF-8 it names the encoding they look like.
func (te textEncoding) refuse(file string, line int, reason string, guess bool, open func() (io.ReadCloser, error)) error {
	reason = fmt.Sprintf("%s (line %d)", reason, line)
	if guess && strings.HasPrefix(reason, "not UTF-8") {
		if rc, err := open(); err == nil {
			sample, _ := io.ReadAll(io.LimitReader(rc, 256<<10))
			rc.Close()
			if name, lang := guessEncoding(sample); name != "" {
				reason += fmt.Sprintf("; it looks like %s (%s): give --encoding %s", name, lang, name)
			} else {
				reason += "; save it as UTF-8, or give --encoding (such as " + EncodingExamples + ")"
			}
		}
	} else if !guess {
		reason += "; save it as UTF-8, or give the --encoding it was saved in"
	}
	return &FileError{Location{File: file}, reason} // the line is in reason
}

// candidate is an encoding guessEncoding tries, with the script the names
// of its language are written in.
type candidate struct {
	name, lang string
	enc        encoding.Encoding
	// letter says whether a decoded non-ASCII rune is one the language
	// writes names with; prev is the rune before it.
	letter func(prev, r rune) bool
	// common, when set, says whether such a letter is one of the
	// language's frequent ones (nil: every letter is): bytes of another
	// double-byte code page decode to letters too, but mostly to rare ones.
	common func(r rune) bool
}

// encodedIn says whether r encodes in enc to two bytes whose first is in
// [lo, hi] and whose second is at least minTrail: the frequent rows of a
// double-byte code page.
func encodedIn(enc encoding.Encoding, r rune, lo, hi, minTrail byte) bool {
	b, err := enc.NewEncoder().Bytes([]byte(string(r)))
	return err == nil && len(b) == 2 && b[0] >= lo && b[0] <= hi && b[1] >= minTrail
}

// guessCandidates are the code pages Excel saves CSV in, in the region and
// in Western Europe, in the order a tie is resolved: a decoding that gives
// only Hangul syllables or kana is stronger evidence than one that gives
// Han characters, which almost any double-byte text decodes to.
//
// Why not a detector library: the Go ports of ICU's detector
// (github.com/saintfish/chardet, its fork github.com/gogs/chardet, both
// unmaintained since 2021) have no Thai or Vietnamese detector, and on a
// sheet of a few names they call Korean, Thai and Chinese text ISO-8859-1
// (measured). Case files are short and their non-ASCII text is names, so a
// scorer over golang.org/x/text's decoders that asks "does every non-ASCII
// character decode to a letter of the language" tells them apart better.
var guessCandidates = []candidate{
	{"euc-kr", "Korean, CP949", korean.EUCKR, func(_, r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 },
		// KS X 1001's 2,350 syllables; CP949 adds 8,822 rare ones below 0xB0
		func(r rune) bool { return encodedIn(korean.EUCKR, r, 0xB0, 0xC8, 0xA1) }},
	{"shift_jis", "Japanese", japanese.ShiftJIS, func(_, r rune) bool {
		return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 0x30FC || r == 0x3000
	}, func(r rune) bool { return r < 0xFF61 || r > 0xFF9F }}, // half-width katakana: bytes A1-DF of other code pages
	{"windows-874", "Thai", charmap.Windows874, thaiLetter, nil},
	{"gb18030", "Chinese", simplifiedchinese.GB18030, func(_, r rune) bool { return unicode.Is(unicode.Han, r) || r == 0x3000 || r == 0x00B7 },
		func(r rune) bool {
			return r == 0x3000 || r == 0x00B7 || encodedIn(simplifiedchinese.GBK, r, 0xB0, 0xF7, 0xA1)
		}}, // GB2312
	{"big5", "traditional Chinese", traditionalchinese.Big5, func(_, r rune) bool { return unicode.Is(unicode.Han, r) || r == 0x3000 },
		func(r rune) bool { return r == 0x3000 || encodedIn(traditionalchinese.Big5, r, 0xA4, 0xC6, 0x40) }}, // Big5's frequent characters
	{"windows-1258", "Vietnamese", charmap.Windows1258, vietnameseLetter, nil},
	{"windows-1252", "Western European", charmap.Windows1252, func(_, r rune) bool { return unicode.IsLetter(r) }, nil},
}

// thaiLetter: Thai consonants and vowels; a vowel or tone mark written
// above or below must follow a consonant or another mark.
func thaiLetter(prev, r rune) bool {
	switch {
	case r == 0x0E31 || (r >= 0x0E34 && r <= 0x0E3A) || (r >= 0x0E47 && r <= 0x0E4E):
		return prev >= 0x0E01 && prev <= 0x0E4E
	case r >= 0x0E01 && r <= 0x0E30, r >= 0x0E32 && r <= 0x0E33, r >= 0x0E40 && r <= 0x0E46:
		return true
	}
	return false
}

// vietnameseLetter: Latin letters, and the tone marks Windows-1258 writes
// as combining characters after a vowel.
func vietnameseLetter(prev, r rune) bool {
	if unicode.Is(unicode.Mn, r) {
		return strings.ContainsRune("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY", prev)
	}
	return unicode.IsLetter(r)
}

func asciiLetter(r rune) bool { return r < 0x80 && (r|0x20 >= 'a' && r|0x20 <= 'z') }

// vietnameseOnly are letters Windows-1258 has and Windows-1252 has not at
// the same bytes: seeing one (or a combining tone mark) prefers 1258.
const vietnameseOnly = "ĂăĐđƠơƯư"

// guessEncoding names the encoding sample's bytes most likely are, and its
// language, or "" when none of the candidates decodes it to letters.
func guessEncoding(sample []byte) (name, lang string) {
	// drop a last line cut in the middle of a character
	if i := bytes.LastIndexByte(sample, '\n'); i > 0 && len(sample) == 256<<10 {
		sample = sample[:i]
	}
	best, bestScore := -1, 0.0
	for i, c := range guessCandidates {
		text, err := c.enc.NewDecoder().Bytes(sample)
		if err != nil || bytes.ContainsRune(text, utf8.RuneError) {
			continue
		}
		var n, good, common int
		vietnamese := false
		prev := rune(0)
		latin := strings.HasPrefix(c.name, "windows-125")
		for _, r := range string(text) {
			// Thai and CJK names are not written with a Latin letter
			// inside a word: trail bytes in the ASCII range (Big5, CP949,
			// Shift-JIS) read in a code page that has no such trails do.
			if !latin && asciiLetter(r) && prev >= 0x80 {
				n++
			}
			if r >= 0x80 {
				n++
				if unicode.IsControl(r) || unicode.In(r, unicode.Co) {
					n = -1
					break
				}
				if (latin || !asciiLetter(prev)) && c.letter(prev, r) {
					good++
					if c.common == nil || c.common(r) {
						common++
					}
				}
				if strings.ContainsRune(vietnameseOnly, r) || unicode.Is(unicode.Mn, r) {
					vietnamese = true
				}
			}
			prev = r
		}
		if n <= 0 {
			continue
		}
		score := float64(good+common) / float64(2*n)
		if c.name == "windows-1258" && !vietnamese {
			score -= 0.01 // the same text as Windows-1252: say the commoner
		}
		if score > bestScore+1e-9 {
			best, bestScore = i, score
		}
	}
	if best < 0 || bestScore < 0.8 {
		return "", ""
	}
	return guessCandidates[best].name, guessCandidates[best].lang
}
