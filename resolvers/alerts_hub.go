package resolvers

import "sync"

// alertHub wakes the subscriptions of a watcher when alerts for them are
// stored in this process. It carries no alert: a woken subscription reads
// its alerts from the store, in its own scope, so what it is shown is
// decided in one place (Store.AlertsFor), and an alert stored by another
// process (the import command, another replica) is read the same way when
// the subscription's poll comes round (docs/alerts.md, "Several replicas").
type alertHub struct {
	mu   sync.Mutex
	subs map[string]map[chan struct{}]bool // by watcher (principal id)
}

func newAlertHub() *alertHub { return &alertHub{subs: map[string]map[chan struct{}]bool{}} }

// subscribe returns a channel woken when alerts for watcher are stored,
// and the function that ends the subscription.
func (h *alertHub) subscribe(watcher string) (<-chan struct{}, func()) {
	c := make(chan struct{}, 1)
	h.mu.Lock()
	if h.subs[watcher] == nil {
		h.subs[watcher] = map[chan struct{}]bool{}
	}
	h.subs[watcher][c] = true
	h.mu.Unlock()
	return c, func() {
		h.mu.Lock()
		delete(h.subs[watcher], c)
		if len(h.subs[watcher]) == 0 {
			delete(h.subs, watcher)
		}
		h.mu.Unlock()
	}
}

// wake tells every subscription of the watchers that they have alerts to
// read. It never blocks: a subscription already woken reads them all.
func (h *alertHub) wake(watchers ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, w := range watchers {
		for c := range h.subs[w] {
			select {
			case c <- struct{}{}:
			default:
			}
		}
	}
}
