package names

// Korean given names reach case files in more than Revised Romanisation:
// passports and older files follow McCune-Reischauer (ㄱ ㄷ ㅂ ㅈ as k t p
// ch, 어 as o, 으 as u), and families write 우 as "woo", 유 as "yoo", 이 as
// "lee". These tables give, per part of a syllable, the spellings seen
// besides RR; KoreanSyllableSpellings combines them.
var (
	initialVariants = map[string][]string{
		"g": {"k"}, "d": {"t"}, "b": {"p"}, "j": {"ch"}, "r": {"l"},
	}
	vowelVariants = map[string][]string{
		"eo": {"o", "u"}, "eu": {"u"}, "u": {"oo"}, "yu": {"yoo"}, "yeo": {"yo", "yu"},
		"oe": {"oi"}, "i": {"ee"}, "wo": {"weo"}, "ae": {"e"},
	}
	// A syllable without initial consonant (ㅇ) is written with a glide by
	// many: 우 as "woo", 이 as "yi", 으 as "eu".
	bareVowelVariants = map[string][]string{
		"u": {"woo", "wu"}, "i": {"yi"},
	}
)

// KoreanSyllableSpellings are the Latin spellings of one Hangul syllable:
// its Revised Romanisation first, then McCune-Reischauer-like and family
// spellings (늘: neul, nul; 준: jun, joon, chun). Anything other than a
// single Hangul syllable gives nil.
func KoreanSyllableSpellings(syllable string) []string {
	rs := []rune(syllable)
	if len(rs) != 1 || rs[0] < firstSyllable || rs[0] > lastSyllable {
		return nil
	}
	i := int(rs[0] - firstSyllable)
	ini, vow, fin := rrInitials[i/(21*28)], rrVowels[i%(21*28)/28], rrFinals[i%28]
	inits := append([]string{ini}, initialVariants[ini]...)
	vows := append([]string{vow}, vowelVariants[vow]...)
	if ini == "" {
		vows = append(vows, bareVowelVariants[vow]...)
	}
	seen := map[string]bool{}
	var out []string
	for _, a := range inits {
		for _, v := range vows {
			s := a + v + fin
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// SplitKoreanName cuts a Hangul name into surname and given name: the
// first syllable, or the first two for a compound surname (남궁민).
func SplitKoreanName(name string) (surname, given string) {
	rs := []rune(name)
	if len(rs) < 2 {
		return name, ""
	}
	n := 1
	if len(rs) > 2 && compoundSurnames[string(rs[:2])] {
		n = 2
	}
	return string(rs[:n]), string(rs[n:])
}

// koreanSurnameBySpelling indexes koreanSurnameSpellings by spelling:
// "rhee" and "lee" both lead to 이.
var koreanSurnameBySpelling = func() map[string][]string {
	m := map[string][]string{}
	for hangul, spellings := range koreanSurnameSpellings {
		for _, s := range spellings {
			m[s] = append(m[s], hangul)
		}
	}
	return m
}()

// KoreanSurnamesSpelled are the Hangul surnames that a Latin spelling may
// stand for ("rhee": 이), so that two Latin spellings of one surname meet.
func KoreanSurnamesSpelled(latin string) []string {
	return koreanSurnameBySpelling[latin]
}
