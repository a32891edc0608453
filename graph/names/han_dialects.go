package names

// hanCompoundSurnames are two-character Han surnames: in 欧阳明 the
// surname is 欧阳.
var hanCompoundSurnames = map[string]bool{
	"欧阳": true, "歐陽": true, "司马": true, "司馬": true, "上官": true, "诸葛": true, "諸葛": true, "司徒": true, "东方": true, "東方": true,
}

// hanSurnameSpellings are the spellings of common Han surnames besides
// pinyin, from general knowledge of the romanisations used in Malaysia,
// Singapore, Indonesia, Hong Kong and Taiwan: Hokkien (黄 Ng, Wee, Oei;
// 陈 Tan), Cantonese (黄 Wong, 陈 Chan), Teochew, Hakka (陈 Chin) and
// Wade-Giles. Simplified and traditional forms are both listed.
var hanSurnameSpellings = func() map[string][]string {
	m := map[string][]string{}
	for _, e := range []struct {
		chars     []string
		spellings []string
	}{
		{[]string{"黄", "黃"}, []string{"wong", "ng", "wee", "oei", "ooi", "bong", "hwang", "oey"}},
		{[]string{"陈", "陳"}, []string{"chan", "tan", "chin", "chun", "tjhin", "ding"}},
		{[]string{"李"}, []string{"lee", "lie", "lei", "ly"}},
		{[]string{"林"}, []string{"lim", "lam", "lum", "liem"}},
		{[]string{"王"}, []string{"wong", "ong", "heng", "ang"}},
		{[]string{"张", "張"}, []string{"cheung", "chong", "teo", "teoh", "chang", "tio", "thio"}},
		{[]string{"刘", "劉"}, []string{"lau", "lao", "low", "lew", "liew"}},
		{[]string{"杨", "楊"}, []string{"yeung", "yong", "yeo", "yew", "yio", "young"}},
		{[]string{"吴", "吳"}, []string{"ng", "goh", "woo", "ngo", "go"}},
		{[]string{"郑", "鄭"}, []string{"cheng", "chang", "tay", "teh", "chiang", "tee"}},
		{[]string{"周"}, []string{"chow", "chew", "chau", "chou", "chiu"}},
		{[]string{"徐"}, []string{"chee", "tsui", "hsu", "choi", "tsu"}},
		{[]string{"孙", "孫"}, []string{"suen", "soon", "sng", "sun"}},
		{[]string{"马", "馬"}, []string{"mah", "beh", "bay", "mar"}},
		{[]string{"朱"}, []string{"chu", "choo", "chue", "tsu"}},
		{[]string{"胡"}, []string{"woo", "oh", "aw", "foo", "wu"}},
		{[]string{"郭"}, []string{"kwok", "kuek", "quek", "kok", "koay", "kuo"}},
		{[]string{"何"}, []string{"ho", "hoh", "hoe"}},
		{[]string{"高"}, []string{"ko", "kou", "koh", "kao"}},
		{[]string{"罗", "羅"}, []string{"law", "lo", "loh", "lor", "lowe"}},
		{[]string{"梁"}, []string{"leung", "leong", "neo", "nio", "liong"}},
		{[]string{"宋"}, []string{"soong", "sung", "song"}},
		{[]string{"谢", "謝"}, []string{"tse", "cheah", "chia", "seah", "sia", "hsieh"}},
		{[]string{"许", "許"}, []string{"hui", "khor", "koh", "hsu", "khoo", "hoo"}},
		{[]string{"邓", "鄧"}, []string{"tang", "teng", "tan"}},
		{[]string{"曾"}, []string{"tsang", "chan", "tsen", "chang", "tseng"}},
		{[]string{"萧", "蕭"}, []string{"siu", "siew", "seow", "hsiao", "siau"}},
		{[]string{"叶", "葉"}, []string{"yip", "yap", "yeh", "iap"}},
		{[]string{"蔡"}, []string{"choi", "chua", "tsai", "choy", "chai"}},
		{[]string{"潘"}, []string{"poon", "phua", "pun", "phan"}},
		{[]string{"冯", "馮"}, []string{"fung", "pang", "fong"}},
		{[]string{"苏", "蘇"}, []string{"so", "soh", "sou", "soo"}},
		{[]string{"卢", "盧"}, []string{"lo", "lou", "loo", "lu"}},
		{[]string{"蒋", "蔣"}, []string{"cheung", "chiang", "chiong"}},
		{[]string{"杜"}, []string{"to", "toh", "tou"}},
		{[]string{"戴"}, []string{"tai", "tay", "teh"}},
		{[]string{"钟", "鍾", "鐘"}, []string{"chung", "cheong", "chong"}},
		{[]string{"丁"}, []string{"ting", "teng"}},
		{[]string{"沈"}, []string{"sum", "sim", "shum"}},
		{[]string{"韩", "韓"}, []string{"hon", "hang"}},
		{[]string{"唐"}, []string{"tong", "teng"}},
		{[]string{"邱", "丘"}, []string{"yau", "khoo", "kew", "hiew", "chiu"}},
		{[]string{"洪"}, []string{"hung", "ang"}},
		{[]string{"翁"}, []string{"yung", "ung", "ong"}},
		{[]string{"游"}, []string{"yau", "yew", "iu"}},
		{[]string{"曹"}, []string{"cho", "chou", "tso", "chow"}},
		{[]string{"彭"}, []string{"pang", "phang"}},
		{[]string{"姚"}, []string{"yiu", "yeo"}},
		{[]string{"魏"}, []string{"ngai", "gui"}},
		{[]string{"廖"}, []string{"liu", "leow", "liew", "liaw"}},
		{[]string{"傅"}, []string{"foo", "poh"}},
		{[]string{"欧阳", "歐陽"}, []string{"auyeung", "owyang", "auyong"}},
	} {
		for _, c := range e.chars {
			m[c] = e.spellings
		}
	}
	return m
}()

// hanSyllableSpellings are, per pinyin syllable common in given names,
// its Hokkien, Cantonese, Teochew and Hakka spellings (zhi: Chi, Chee;
// ming: Meng). Keyed by pinyin rather than character: the dialect
// readings of the characters that share a common given-name syllable
// mostly agree, and a table by character would need thousands of rows.
var hanSyllableSpellings = map[string][]string{
	"zhi": {"chi", "chee", "tsz", "ji"}, "ming": {"meng", "bing"}, "wei": {"wai", "wee", "vui"},
	"jian": {"kian", "kin", "chien", "kien", "gin"}, "guo": {"kok", "kwok", "kuo"}, "hua": {"wah", "hwa", "fa"},
	"mei": {"mui", "may", "bee", "mee"}, "ling": {"leng"}, "li": {"lee", "lei", "lai"},
	"hong": {"hung", "ang", "fung"}, "hui": {"fai", "hwee", "wai"}, "jun": {"chun", "tsun", "kuan"},
	"qiang": {"keong", "kiong", "cheung", "chiang"}, "xiang": {"siang", "heung", "hiang", "hsiang"},
	"cheng": {"ching", "seng", "sing", "shing"}, "sheng": {"seng", "sing", "shing"}, "zhong": {"chung", "chong", "tiong"},
	"xin": {"sin", "hsin", "yan"}, "yi": {"yee", "i"}, "hao": {"ho", "hou"}, "jia": {"ka", "kah", "chia", "kar"},
	"wen": {"man", "boon", "woon", "bun"}, "bin": {"pin", "ban"}, "long": {"loong", "lung", "leong"},
	"yong": {"yung", "eng", "yeong"}, "xiu": {"sau", "siew", "hsiu"}, "fang": {"fong"}, "hai": {"hoi"},
	"de": {"tak", "teck", "tek"}, "cai": {"choi", "chai"}, "zhen": {"chun", "chin", "tsun"}, "yu": {"yue", "yee", "ee"},
	"ying": {"eng", "yeng"}, "tian": {"tin", "tien", "thian"}, "xiao": {"siu", "siow", "hsiao"}, "shan": {"saan", "san"},
	"jie": {"kit", "kiat", "chieh"}, "kun": {"kwan", "khoon"}, "qing": {"ching", "hing"},
	"guang": {"kwong", "kong"}, "jin": {"kam", "kim", "chin"}, "feng": {"fung", "hong"},
	"zi": {"tsz", "chu", "choo"}, "xue": {"suet", "sut"}, "huan": {"woon", "wan"}, "kang": {"hong"},
	"an": {"on", "oon"}, "ping": {"peng"}, "chun": {"choon", "chuen"}, "fu": {"foo", "hock"},
	"rong": {"yung", "eng", "yong"}, "lian": {"lin", "lien", "lean"}, "zhu": {"chu", "choo"},
}
