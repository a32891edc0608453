package names

// compoundSurnames are the two-syllable Korean surnames: in 남궁민, 남궁
// is the surname, where in 남민수 it is 남.
var compoundSurnames = map[string]bool{
	"남궁": true, "황보": true, "제갈": true, "선우": true, "독고": true, "사공": true, "서문": true,
}

// koreanSurnameSpellings are the ways Korean surnames are written in
// Latin letters besides (and including) their Revised Romanisation: the
// spellings passports, older systems (McCune-Reischauer) and families
// use. 이 is Lee, Yi, Rhee or I; 박 is Park, Pak or Bak.
var koreanSurnameSpellings = map[string][]string{
	"김": {"kim", "gim"}, "이": {"lee", "yi", "rhee", "i", "ri", "rhie"}, "박": {"park", "pak", "bak", "bahk"},
	"최": {"choi", "choe", "chey"}, "정": {"jeong", "chung", "jung", "chong", "cheong"}, "강": {"kang", "gang"},
	"조": {"cho", "jo", "joe"}, "윤": {"yoon", "yun"}, "장": {"jang", "chang"}, "임": {"lim", "im", "rim", "yim"},
	"한": {"han"}, "오": {"oh", "o"}, "서": {"seo", "suh", "so"}, "신": {"shin", "sin"}, "권": {"kwon", "gwon"},
	"황": {"hwang"}, "안": {"ahn", "an"}, "송": {"song"}, "류": {"ryu", "yoo", "yu", "ryoo"}, "유": {"yoo", "yu", "you"},
	"홍": {"hong"}, "전": {"jeon", "chun", "jun", "chon"}, "고": {"ko", "go", "koh"}, "문": {"moon", "mun"},
	"양": {"yang", "ryang"}, "손": {"son", "sohn"}, "배": {"bae", "pae"}, "백": {"baek", "paik", "paek", "baik"},
	"허": {"heo", "huh", "hur", "ho"}, "남": {"nam"}, "노": {"noh", "roh", "no", "ro"}, "하": {"ha"},
	"곽": {"kwak", "gwak"}, "성": {"sung", "seong", "song"}, "차": {"cha"}, "주": {"joo", "ju", "chu"},
	"우": {"woo", "u"}, "구": {"koo", "gu", "ku"}, "민": {"min"}, "나": {"na", "ra"}, "진": {"jin", "chin"},
	"지": {"ji", "chi"}, "엄": {"eom", "um", "uhm"}, "채": {"chae"}, "원": {"won"}, "천": {"cheon", "chun"},
	"방": {"bang", "pang"}, "공": {"kong", "gong"}, "현": {"hyun", "hyeon"}, "함": {"ham"}, "변": {"byun", "byeon", "pyun"},
	"염": {"yeom", "yum"}, "여": {"yeo", "yuh"}, "추": {"choo", "chu"}, "도": {"do", "doh"}, "석": {"seok", "suk"},
	"선": {"sun", "seon"}, "설": {"seol", "sul"}, "길": {"gil", "kil"}, "연": {"yeon", "yun"}, "위": {"wi", "wee"},
	"표": {"pyo"}, "명": {"myung", "myeong"}, "기": {"ki", "gi"}, "반": {"ban", "bahn"}, "왕": {"wang"},
	"금": {"geum", "keum"}, "옥": {"ok"}, "육": {"yuk", "yook"}, "인": {"in"}, "맹": {"maeng"}, "제": {"je", "jae"},
	"탁": {"tak"}, "국": {"guk", "kook"}, "어": {"eo", "uh"}, "은": {"eun"}, "용": {"yong"}, "경": {"kyung", "gyeong"},
	"봉": {"bong"}, "편": {"pyeon", "pyun"}, "남궁": {"namgung", "namkung"}, "황보": {"hwangbo"}, "제갈": {"jegal"},
	"선우": {"sunwoo", "seonu"}, "독고": {"dokgo"}, "사공": {"sagong"},
}

// KoreanSurnameSpellings are the Latin spellings of a Korean surname
// given in Hangul, its Revised Romanisation first; for a surname the
// table lacks, that romanisation alone.
func KoreanSurnameSpellings(surname string) []string {
	rr := ""
	for _, s := range HangulSyllables(surname) {
		rr += s
	}
	out := []string{rr}
	for _, s := range koreanSurnameSpellings[surname] {
		if s != rr {
			out = append(out, s)
		}
	}
	if rr == "" {
		return nil
	}
	return out
}
