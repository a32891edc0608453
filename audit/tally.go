package audit

import (
	"context"
	"sync"
	"sync/atomic"
)

// Tally counts the records a request actually wrote (created, updated or
// deleted), for Record.Changed. The server puts one in each request's
// context; the code that writes adds what the database reported.
type Tally struct {
	n     atomic.Int64
	mu    sync.Mutex
	notes []string
}

type tallyKey struct{}

// WithTally returns ctx carrying a new tally.
func WithTally(ctx context.Context) (context.Context, *Tally) {
	t := &Tally{}
	return context.WithValue(ctx, tallyKey{}, t), t
}

// AddChanged adds n written records to the tally of ctx, if it has one.
func AddChanged(ctx context.Context, n int) {
	if t, ok := ctx.Value(tallyKey{}).(*Tally); ok && n > 0 {
		t.n.Add(int64(n))
	}
}

// Changed is the number of records written so far.
func (t *Tally) Changed() int {
	if t == nil {
		return 0
	}
	return int(t.n.Load())
}

// AddNote adds a remark for Record.Note to the tally of ctx, if it has one
// (what a write kept back, say). It must carry no case data.
func AddNote(ctx context.Context, note string) {
	if t, ok := ctx.Value(tallyKey{}).(*Tally); ok && note != "" {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.notes = append(t.notes, note)
	}
}

// Notes are the remarks added so far.
func (t *Tally) Notes() []string {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.notes...)
}
