package casefile

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/scamgraph/scamgraph/graph"
)

// batcher collects prepared records into batches and writes them: at most
// Writers transactions at once, plus one batch waiting for a slot, so that
// reading and validating the next batch overlaps with Neo4j writing the
// last one. An id goes at most once into a batch (the same account twice
// in a file goes into two), as the batch statements require.
type batcher[P any] struct {
	im        *importer
	id        func(P) string
	write     func(context.Context, []P) ([]graph.RowResult, error)
	onRefused func(pending)

	g     *errgroup.Group
	ctx   context.Context
	slots chan struct{}
	rows  []P
	info  []pending
	ids   map[string]bool
}

func newBatcher[P any](im *importer, ctx context.Context, id func(P) string, write func(context.Context, []P) ([]graph.RowResult, error)) *batcher[P] {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(im.opts.Writers + 1)
	return &batcher[P]{im: im, id: id, write: write, g: g, ctx: gctx,
		slots: make(chan struct{}, im.opts.Writers), ids: map[string]bool{}}
}

// add queues a record, writing a batch when it is full.
func (b *batcher[P]) add(p P, info pending) error {
	if b.ids[b.id(p)] {
		if err := b.flush(); err != nil {
			return err
		}
	}
	b.ids[b.id(p)] = true
	b.rows = append(b.rows, p)
	b.info = append(b.info, info)
	if len(b.rows) >= b.im.opts.BatchSize {
		return b.flush()
	}
	return nil
}

func (b *batcher[P]) flush() error {
	clear(b.ids)
	if len(b.rows) == 0 {
		return nil
	}
	rows, info := b.rows, b.info
	b.rows, b.info = nil, nil
	b.g.Go(func() error {
		b.slots <- struct{}{}
		defer func() { <-b.slots }()
		results, err := writeRetrying(b.ctx, func() ([]graph.RowResult, error) { return b.write(b.ctx, rows) })
		if err != nil {
			return &RunError{err}
		}
		im := b.im
		im.mu.Lock()
		defer im.mu.Unlock()
		for i, res := range results {
			if res.Err != nil {
				if b.onRefused != nil {
					b.onRefused(info[i])
				}
				im.rep.reject(info[i].loc, info[i].kind, info[i].ref, res.Err)
				continue
			}
			if im.opts.DryRun {
				im.rep.compared(info[i].kind, res.Created)
				continue
			}
			im.rep.record(info[i].kind, res.WriteResult)
			im.rep.KeptErased += res.KeptErased
		}
		im.progress(len(rows))
		return nil
	})
	return b.ctx.Err()
}

// close writes what is left and waits for every batch; err is the
// reading's error, if any.
func (b *batcher[P]) close(err error) error {
	if err == nil {
		err = b.flush()
	}
	if werr := b.g.Wait(); werr != nil {
		return werr
	}
	return err
}

// writeRetrying retries a batch that Neo4j refused for a transient reason
// (a deadlock between concurrent imports of overlapping cases, a lock
// timeout) after the driver's own retries gave up, a few more times with a
// growing, jittered pause: batches are idempotent (MERGE by id), and an
// import of a million rows should not fail on one contended batch.
func writeRetrying(ctx context.Context, write func() ([]graph.RowResult, error)) ([]graph.RowResult, error) {
	pause := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		results, err := write()
		if err == nil || !errors.Is(err, graph.ErrTransient) || attempt == 5 {
			return results, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(pause + time.Duration(rand.Int64N(int64(pause)))):
		}
		pause *= 2
	}
}
