package synthetic

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Two case files for the entity-resolution benchmark (issue 16): the same
// people as two agencies write them. The first holds people's names
// in their own script (Hangul, Han, Vietnamese with its diacritics); the
// second writes most of them again in Latin letters, some with only a
// birth year, beside look-alikes (the same romanised name, another birth
// year) and people of its own. Every name is made up from the syllable
// tables below; no record describes a real person.

// ResolutionCaseIDs are the ids of the two case files.
var ResolutionCaseIDs = [2]string{"BENCH-RES-A", "BENCH-RES-B"}

// namePart is one syllable or name as its own script writes it and as a
// romanisation does.
type namePart struct{ native, latin string }

var (
	koreanSurnames = []namePart{{"김", "Kim"}, {"이", "Lee"}, {"박", "Park"}, {"최", "Choi"}, {"정", "Jeong"}, {"강", "Kang"}, {"조", "Cho"},
		{"윤", "Yoon"}, {"장", "Jang"}, {"임", "Lim"}, {"한", "Han"}, {"오", "Oh"}, {"서", "Seo"}, {"신", "Shin"}, {"권", "Kwon"}}
	koreanSyllables = []namePart{{"민", "min"}, {"준", "jun"}, {"서", "seo"}, {"연", "yeon"}, {"지", "ji"}, {"우", "woo"}, {"현", "hyeon"},
		{"수", "su"}, {"하", "ha"}, {"은", "eun"}, {"도", "do"}, {"윤", "yun"}, {"예", "ye"}, {"진", "jin"}, {"영", "yeong"}, {"호", "ho"},
		{"성", "seong"}, {"희", "hui"}, {"태", "tae"}, {"경", "gyeong"}}
	chineseSurnames = []namePart{{"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"刘", "Liu"}, {"陈", "Chen"}, {"杨", "Yang"},
		{"赵", "Zhao"}, {"吴", "Wu"}, {"周", "Zhou"}, {"徐", "Xu"}, {"孙", "Sun"}, {"马", "Ma"}}
	chineseSyllables = []namePart{{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"强", "qiang"}, {"磊", "lei"},
		{"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"},
		{"华", "hua"}, {"平", "ping"}, {"刚", "gang"}, {"桂", "gui"}, {"丹", "dan"}}
	vietSurnames = []namePart{{"Nguyễn", "Nguyen"}, {"Trần", "Tran"}, {"Lê", "Le"}, {"Phạm", "Pham"}, {"Hoàng", "Hoang"},
		{"Vũ", "Vu"}, {"Đặng", "Dang"}, {"Bùi", "Bui"}, {"Đỗ", "Do"}, {"Ngô", "Ngo"}}
	vietMiddles = []namePart{{"Văn", "Van"}, {"Thị", "Thi"}, {"Minh", "Minh"}, {"Đức", "Duc"}, {"Ngọc", "Ngoc"}, {"Quang", "Quang"}}
	vietGivens  = []namePart{{"Hùng", "Hung"}, {"Lan", "Lan"}, {"Mai", "Mai"}, {"Tâm", "Tam"}, {"Nam", "Nam"}, {"Hoa", "Hoa"},
		{"Long", "Long"}, {"Hương", "Huong"}, {"Anh", "Anh"}, {"Dũng", "Dung"}, {"Thảo", "Thao"}, {"Phúc", "Phuc"}, {"Khánh", "Khanh"}}
)

// resolutionPerson is one made-up person: the name in its own script, in
// Latin letters, the birth date and the nationality.
type resolutionPerson struct {
	native, latin, birthDate, nationality string
}

func newResolutionPerson(rng *rand.Rand) resolutionPerson {
	pick := func(s []namePart) namePart { return s[rng.IntN(len(s))] }
	p := resolutionPerson{birthDate: fmt.Sprintf("%d-%02d-%02d", 1970+rng.IntN(35), 1+rng.IntN(12), 1+rng.IntN(28))}
	switch rng.IntN(3) {
	case 0:
		s, g1, g2 := pick(koreanSurnames), pick(koreanSyllables), pick(koreanSyllables)
		p.native, p.latin, p.nationality = s.native+g1.native+g2.native, s.latin+" "+title(g1.latin)+"-"+g2.latin, "KR"
	case 1:
		s, g1, g2 := pick(chineseSurnames), pick(chineseSyllables), pick(chineseSyllables)
		p.native, p.latin, p.nationality = s.native+g1.native+g2.native, s.latin+" "+title(g1.latin)+g2.latin, "CN"
	default:
		s, m, g := pick(vietSurnames), pick(vietMiddles), pick(vietGivens)
		p.native, p.latin, p.nationality = s.native+" "+m.native+" "+g.native, s.latin+" "+m.latin+" "+g.latin, "VN"
	}
	return p
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// WriteResolutionCases returns the two case files of n people each, as
// JSON. Of the second file's people, 60% are the first file's people
// written in Latin letters (half with only a birth year), 20% are
// look-alikes of the first file's (the same Latin name, a birth year ten
// or more years off) and 20% are people of their own. same[i] says whether
// the i-th person of each file (ref P<i>) is one person.
func WriteResolutionCases(n int, seed uint64) (a, b []byte, same []bool, err error) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	first := make([]resolutionPerson, n)
	for i := range first {
		first[i] = newResolutionPerson(rng)
	}
	type entity struct {
		Ref         string   `json:"ref"`
		Type        string   `json:"type"`
		Name        string   `json:"name"`
		BirthDate   string   `json:"birthDate"`
		Nationality []string `json:"nationality"`
	}
	file := func(caseID, agency string, people []entity) ([]byte, error) {
		return json.Marshal(map[string]any{
			"case":     map[string]any{"id": caseID, "title": "[FICTIONAL] entity-resolution benchmark", "agency": agency, "country": "TH", "fictional": true},
			"entities": people, "links": []any{}})
	}
	var as, bs []entity
	for i, p := range first {
		as = append(as, entity{Ref: fmt.Sprintf("P%d", i), Type: "Person", Name: p.native, BirthDate: p.birthDate, Nationality: []string{p.nationality}})
		other := p
		switch r := rng.IntN(10); {
		case r < 6:
			same = append(same, true)
			other.native = p.latin
			if rng.IntN(2) == 0 {
				other.birthDate = p.birthDate[:4]
			}
		case r < 8:
			same = append(same, false)
			other.native = p.latin
			year, _ := strconv.Atoi(p.birthDate[:4])
			other.birthDate = fmt.Sprintf("%d%s", 1970+(year-1970+10+rng.IntN(15))%35, p.birthDate[4:])
		default:
			same = append(same, false)
			other = newResolutionPerson(rng)
			other.native = other.latin
		}
		bs = append(bs, entity{Ref: fmt.Sprintf("P%d", i), Type: "Person", Name: other.native, BirthDate: other.birthDate, Nationality: []string{other.nationality}})
	}
	if a, err = file(ResolutionCaseIDs[0], "Bench Agency A", as); err != nil {
		return nil, nil, nil, err
	}
	b, err = file(ResolutionCaseIDs[1], "Bench Agency B", bs)
	return a, b, same, err
}
