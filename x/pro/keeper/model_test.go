package keeper_test

import "time"

// paidTime is a reference model of one Session key's subscription, written
// differently from the keeper: a queue of paid durations consumed from the
// front as time passes. The expiry is now plus what is left, or, once
// nothing is left, the moment it ran out.
type paidTime struct {
	slots   []slot
	ranOut  time.Time
	touched bool
}

type slot struct {
	receipt string // "" for SESH purchases
	left    time.Duration
}

func (m *paidTime) pass(from time.Time, dt time.Duration) {
	used := time.Duration(0)
	for len(m.slots) > 0 && used < dt {
		take := min(m.slots[0].left, dt-used)
		m.slots[0].left -= take
		used += take
		if m.slots[0].left == 0 {
			m.slots = m.slots[1:]
			if len(m.slots) == 0 {
				m.ranOut = from.Add(used)
			}
		}
	}
}

func (m *paidTime) revoke(receipt string, now time.Time) {
	for i, s := range m.slots {
		if s.receipt == receipt {
			m.slots = append(m.slots[:i:i], m.slots[i+1:]...)
			if len(m.slots) == 0 {
				m.ranOut = now
			}
			return
		}
	}
}

func (m *paidTime) expiry(now time.Time) time.Time {
	if len(m.slots) == 0 {
		return m.ranOut
	}
	left := time.Duration(0)
	for _, s := range m.slots {
		left += s.left
	}
	return now.Add(left)
}
