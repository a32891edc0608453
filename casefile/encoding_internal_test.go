package casefile

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// guessEncoding names the code page of short sheets of names, the case
// files' usual shape, in each language of the region.
func TestGuessEncoding(t *testing.T) {
	for _, tc := range []struct {
		want  string
		enc   encoding.Encoding
		names string
	}{
		{"windows-874", charmap.Windows874, "สมชาย ใจดี\nมาลี ศรีสุข\n"},
		{"euc-kr", korean.EUCKR, "김민준\n이서연 박지호\n"},
		{"windows-1258", charmap.Windows1258, "Phạm Đức Thắng\nNguyễn Thị Hương\n"},
		{"windows-1252", charmap.Windows1252, "José Pérez\nZoë Müller\n"},
		{"shift_jis", japanese.ShiftJIS, "山田太郎\nさとう はなこ\n"},
		{"gb18030", simplifiedchinese.GB18030, "王小明\n李华\n"},
		{"big5", traditionalchinese.Big5, "陳美玲\n黃志偉\n"},
		{"gb18030", simplifiedchinese.GB18030, "张伟\n刘洋 陈静\n"},
		{"big5", traditionalchinese.Big5, "張偉\n劉洋 陳靜\n"},
		{"euc-kr", korean.EUCKR, "정수빈\n한지민 강동원\n"},
		{"shift_jis", japanese.ShiftJIS, "佐藤健\nタナカ ユキ\n"},
		{"windows-874", charmap.Windows874, "นายประเสริฐ วงศ์ใหญ่\n"},
	} {
		// Windows-1258 writes tone marks as combining characters
		text := tc.names
		if tc.want == "windows-1258" {
			text = "Pha\u0323m \u0110\u01b0\u0301c Th\u0103\u0301ng\nNguy\u00ea\u0303n Thi\u0323 H\u01b0\u01a1ng\n"
		}
		b, err := tc.enc.NewEncoder().Bytes([]byte("ref,type,name\n" + strings.ReplaceAll(text, "\n", ",P1,Victim\n")))
		if err != nil {
			t.Fatalf("%s: %v", tc.want, err)
		}
		if got, _ := guessEncoding(b); got != tc.want {
			t.Errorf("%s text guessed as %q", tc.want, got)
		}
	}
}

func TestSniffDelimiter(t *testing.T) {
	for _, tc := range []struct {
		head string
		want rune
	}{
		{"id;title;agency;country\nX;Some, title;A;KH\n", ';'},
		{"id,title,agency,country\nX,\"a;b\",A,KH\n", ','},
		{"ref\ttype\tname\nP1\tVictim\tA, B\n", '\t'},
		{"ref|type|name\nP1|Victim|A\n", '|'},
		{"id\nX\n", ','},
		// ',' splits the header more, but only ';' splits the rows as many
		{"a,b,c;d\n1;2,3\n", ';'},
	} {
		if got := sniffDelimiter([]byte(tc.head)); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.head, got, tc.want)
		}
	}
}

func TestLookupEncoding(t *testing.T) {
	for name, want := range map[string]string{"windows-874": "windows-874", "TIS-620": "windows-874", "cp949": "euc-kr", "EUC-KR": "euc-kr",
		"windows-1258": "windows-1258", "gb18030": "gb18030", "big5": "big5", "shift_jis": "shift_jis", "Shift-JIS": "shift_jis", "cp1252": "windows-1252", "utf-16le": "utf-16le"} {
		if _, got, err := LookupEncoding(name); err != nil || got != want {
			t.Errorf("%s: %q %v", name, got, err)
		}
	}
	if enc, _, err := LookupEncoding("UTF-8"); enc != nil || err != nil {
		t.Errorf("UTF-8 is read as is: %v %v", enc, err)
	}
	if _, _, err := LookupEncoding("ebcdic-klingon"); err == nil || !strings.Contains(err.Error(), "windows-874") {
		t.Errorf("unknown: %v", err)
	}
}
