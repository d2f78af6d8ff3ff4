package issuer

import (
	"sync"
	"time"
)

// rateLimit caps the proofs issued to one account per window, as the Pro
// backend's max_proofs_per_window does: a window opens with an account's
// first proof and restarts with the first proof after it ends. Only proofs
// issued count, so a refused request never uses up the cap. The counts are
// in memory: a restart forgets them.
type rateLimit struct {
	max     int
	window  time.Duration
	tracked int

	mu       sync.Mutex
	accounts map[string]*rateWindow
}

type rateWindow struct {
	start time.Time
	count int
}

func newRateLimit(maxPerWindow int, window time.Duration, tracked int) *rateLimit {
	return &rateLimit{max: maxPerWindow, window: window, tracked: tracked, accounts: map[string]*rateWindow{}}
}

// take counts a proof for account at now and reports whether the cap allows
// it; a refused proof is not counted.
func (l *rateLimit) take(account string, now time.Time) bool {
	if l.max == 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.accounts[account]
	if !ok || !now.Before(w.start.Add(l.window)) {
		if !ok && len(l.accounts) >= l.tracked {
			l.evict(now)
		}
		w = &rateWindow{start: now}
		l.accounts[account] = w
	}
	if w.count >= l.max {
		return false
	}
	w.count++
	return true
}

// evict forgets the windows that ended, or, if none did, the oldest one.
func (l *rateLimit) evict(now time.Time) {
	var oldest string
	for account, w := range l.accounts {
		if !now.Before(w.start.Add(l.window)) {
			delete(l.accounts, account)
			continue
		}
		if oldest == "" || w.start.Before(l.accounts[oldest].start) {
			oldest = account
		}
	}
	if len(l.accounts) >= l.tracked && oldest != "" {
		delete(l.accounts, oldest)
	}
}

// size is how many accounts are remembered.
func (l *rateLimit) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.accounts)
}
