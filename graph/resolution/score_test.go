package resolution

import (
	"slices"
	"strings"
	"testing"
)

func person(name string, opts ...func(*Profile)) Profile {
	p := Profile{Kind: "Person", Names: []string{name}}
	for _, o := range opts {
		o(&p)
	}
	return p
}

func born(d string) func(*Profile)     { return func(p *Profile) { p.BirthDate = d } }
func national(c string) func(*Profile) { return func(p *Profile) { p.Nationalities = []string{c} } }
func gender(g string) func(*Profile)   { return func(p *Profile) { p.Gender = g } }
func ids(v ...string) func(*Profile)   { return func(p *Profile) { p.Identifiers = v } }
func accounts(v ...string) func(*Profile) {
	return func(p *Profile) { p.Accounts = v }
}
func neighbours(v ...string) func(*Profile) { return func(p *Profile) { p.Neighbours = v } }

func suggested(m Match) bool { return m.Score >= DefaultThreshold }

func hasReason(m Match, prefix string) bool {
	return slices.ContainsFunc(m.Reasons, func(r string) bool { return strings.HasPrefix(r, prefix) })
}

// A name alone, even exact, is not enough; one agreeing fact is.
func TestNameAloneIsNotEnough(t *testing.T) {
	for _, n := range []string{"Kim Ji-woo", "Nguyen Thi Lan", "Somchai Jaidee", "Wang Wei"} {
		if m := Compare(person(n), person(n)); suggested(m) {
			t.Errorf("%s alone: %.3f %q", n, m.Score, m.Reasons)
		}
	}
	if m := Compare(person("정하늘", national("KR")), person("Chung Ha Nul", national("KR"))); !suggested(m) {
		t.Errorf("name and nationality: %.3f %q", m.Score, m.Reasons)
	}
	// A surname and one syllable is too common for that: it needs more.
	short := Compare(person("Wang Wei", national("CN")), person("王伟", national("CN")))
	if suggested(short) {
		t.Errorf("a short name and nationality: %.3f %q", short.Score, short.Reasons)
	}
	if m := Compare(person("Wang Wei", national("CN"), born("1985-02-02")), person("王伟", born("1985-02-02"))); !suggested(m) {
		t.Errorf("a short name and the same birth date: %.3f %q", m.Score, m.Reasons)
	}
}

// Each contradiction weighs heavily against a pair whose names, birth
// date and gender agree; another birth date or gender keeps it apart on
// its own. (Another nationality alone may not: dual nationals exist, and
// the reviewer sees the reason.)
func TestContradictionsKeepLookAlikesApart(t *testing.T) {
	base := []func(*Profile){national("KR"), born("1993-05-17"), gender("FEMALE")}
	agreeing := Compare(person("Jeong Ha-neul", base...), person("정하늘", base...))
	for _, c := range []struct {
		change   func(*Profile)
		reason   string
		keepsOff bool
	}{
		{born("1991-05-17"), "birth years differ: 1993 vs 1991", true},
		{born("1993-06-17"), "birth dates differ: 1993-05-17 vs 1993-06-17", true},
		{gender("MALE"), "different gender", true},
		{national("SG"), "different nationality: KR vs SG", false},
	} {
		a := person("Jeong Ha-neul", base...)
		b := person("정하늘", append(slices.Clone(base), c.change)...)
		m := Compare(a, b)
		if agreeing.Score-m.Score < 0.4 || !hasReason(m, c.reason) || (c.keepsOff && suggested(m)) {
			t.Errorf("%s: %.3f (%.3f without) %q", c.reason, m.Score, agreeing.Score, m.Reasons)
		}
	}
	m := Compare(person("Li Wei", ids("PASSPORT:E12345678")), person("Li Wei", ids("PASSPORT:E87654321")))
	if suggested(m) || !hasReason(m, "different PASSPORT") {
		t.Errorf("passports differ: %.3f %q", m.Score, m.Reasons)
	}
}

// Shared identifiers and accounts are strong evidence, the reason names
// them as given; phones that differ weigh little (people hold several).
func TestSharedIdentifiersAndAccounts(t *testing.T) {
	m := Compare(person("Kim Min-jun", ids("TELEGRAM:hr_kim")), person("김민준", ids("TELEGRAM:@HR_Kim")))
	if !suggested(m) || m.Reasons[0] != "shares TELEGRAM hr_kim" {
		t.Errorf("shared handle: %.3f %q", m.Score, m.Reasons)
	}
	m = Compare(person("Sok Dara", accounts("BANK:KH:ABA:001122")), person("សុខ ដារ៉ា", accounts("BANK:KH:ABA:001122")))
	if !suggested(m) || !hasReason(m, "shares account BANK:KH:ABA:001122") {
		t.Errorf("shared account: %.3f %q", m.Score, m.Reasons)
	}
	withPhones := Compare(person("Park Seo-jun", ids("PHONE:+821055550101"), national("KR")), person("Park Seo-jun", ids("PHONE:+821055550999"), national("KR")))
	withoutPhones := Compare(person("Park Seo-jun", national("KR")), person("Park Seo-jun", national("KR")))
	if withPhones.Score >= withoutPhones.Score || withoutPhones.Score-withPhones.Score > 0.2 {
		t.Errorf("different phones: %.3f against %.3f without", withPhones.Score, withoutPhones.Score)
	}
	// An identifier alone does not join two unrelated names.
	m = Compare(person("Aung Kyaw Min", ids("PHONE:+95911111")), person("Maria Santos", ids("PHONE:+95911111")))
	if suggested(m) {
		t.Errorf("shared phone, unrelated names: %.3f %q", m.Score, m.Reasons)
	}
}

func TestSharedNeighbours(t *testing.T) {
	a := person("Choi Yu-ri", neighbours("compound:kk-park"))
	b := person("최유리", neighbours("compound:kk-park", "person:recruiter-1"))
	m := Compare(a, b)
	if !suggested(m) || !hasReason(m, "same neighbour compound:kk-park") {
		t.Errorf("shared compound: %.3f %q", m.Score, m.Reasons)
	}
}

func TestOrganisations(t *testing.T) {
	org := func(name string, opts ...func(*Profile)) Profile {
		p := person(name, opts...)
		p.Kind = "Organization"
		return p
	}
	m := Compare(org("Golden Dragon Co., Ltd", ids("REGISTRATION:KH-0099")), org("GOLDEN DRAGON COMPANY LIMITED", ids("REGISTRATION:KH-0099")))
	if !suggested(m) {
		t.Errorf("same company: %.3f %q", m.Score, m.Reasons)
	}
	m = Compare(org("Golden Dragon Sdn Bhd", ids("REGISTRATION:A1")), org("Golden Dragon Sdn. Bhd.", ids("REGISTRATION:B2")))
	if suggested(m) || !hasReason(m, "different REGISTRATION") {
		t.Errorf("two registrations: %.3f %q", m.Score, m.Reasons)
	}
	m = Compare(org("金龙有限公司", national("KH")), org("Jin Long Co. Ltd", national("KH")))
	if !hasReason(m, "name: ") {
		t.Errorf("Han company name: %.3f %q", m.Score, m.Reasons)
	}
	if m := Compare(org("Golden Dragon"), person("Golden Dragon")); m.Score != 0 {
		t.Errorf("a person and an organisation: %.3f", m.Score)
	}
}

// Aliases count: the best pair of names is taken.
func TestAliases(t *testing.T) {
	a := Profile{Kind: "Person", Names: []string{"Boss Ng", "黄志明"}, BirthDate: "1975-02-11"}
	b := person("Ng Chee Meng", born("1975-02-11"))
	if m := Compare(a, b); !suggested(m) {
		t.Errorf("alias: %.3f %q", m.Score, m.Reasons)
	}
}

func BenchmarkCompare(b *testing.B) {
	x := person("黄志明", born("1975-02-11"), national("MY"), ids("PHONE:+60123330199"))
	y := person("Ng Chee Meng", born("1975"), national("MY"), ids("PHONE:+60123330199"))
	for b.Loop() {
		Compare(x, y)
	}
}

// The store compares pairs from several goroutines: Compare and
// BlockingKeys share only read-only tables (run with -race).
func TestCompareConcurrently(t *testing.T) {
	a := person("黄志明", born("1975-02-11"))
	b := person("Ng Chee Meng", born("1975-02-11"))
	want := Compare(a, b).Score
	done := make(chan float64)
	for range 8 {
		go func() {
			BlockingKeys(a)
			done <- Compare(a, b).Score
		}()
	}
	for range 8 {
		if got := <-done; got != want {
			t.Errorf("score %.3f, want %.3f", got, want)
		}
	}
}
