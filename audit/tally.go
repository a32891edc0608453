package audit

import (
	"context"
	"sync/atomic"
)

// Tally counts the records a request actually wrote (created, updated or
// deleted), for Record.Changed. The server puts one in each request's
// context; the code that writes adds what the database reported.
type Tally struct{ n atomic.Int64 }

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
