package resolution

// Vietnamese names are folded to plain Latin by latin.go (Trần Thị Mai is
// tran thi mai) so that they meet files typed without diacritics. But
// when both sides carry diacritics, the tone marks are the name: Mai and
// Mại are two given names, so two marked words that fold alike and differ
// in their marks are not the same word.

// toneConflict reports whether two words that fold alike are written
// differently in two names that both carry diacritics. In a name typed
// with its marks, a word without one is written so on purpose (Mai has
// the level tone), so Mai and Mại conflict there; against a name typed
// without any marks, nothing can be told.
func toneConflict(a, b *token, bothMarked bool) bool {
	return bothMarked && a.written != "" && b.written != "" && a.written != b.written
}
