package liveness

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
)

// A testing period's quorums are drawn from the numbered active set as it
// stood when the period's seed was fixed (its first block's EndBlock), not
// as it stands at the first vote: nodes that join or leave during the
// period change no quorum of it, and a quorum queried or voted in late is
// the one the period began with. The set is not copied at the start: the
// first time a page changes in a period (copy on write), its content from
// before is kept under (period, page), and the period's count of active
// nodes under period. A page is read for a period from the first image kept
// at or after that period, or else from the live set. Each activation or
// exit keeps at most two images, and the images of past periods go with
// their seeds (see prune).

// pageImagePrefix marks a stored page image, so that an empty page (the page
// did not exist) is a non-empty value.
const pageImagePrefix = 1

// snapshotPeriod returns the period whose start the active set was last
// recorded for, and whether there is one.
func (k *Keeper) snapshotPeriod(ctx context.Context) (uint64, bool, error) {
	p, err := k.SnapshotAt.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return 0, false, nil
	}
	return p, err == nil, err
}

// keepPageImage keeps the content of a page of the numbered active set
// before its first change in the period being recorded.
func (k *Keeper) keepPageImage(ctx context.Context, page uint64) error {
	period, ok, err := k.snapshotPeriod(ctx)
	if err != nil || !ok {
		return err
	}
	key := collections.Join(period, page)
	if has, err := k.PeriodPages.Has(ctx, key); err != nil || has {
		return err
	}
	cur, err := k.ActivePages.Get(ctx, page)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		cur = nil
	case err != nil:
		return err
	}
	return k.PeriodPages.Set(ctx, key, append([]byte{pageImagePrefix}, cur...))
}

// setPage and removePage write a page of the numbered active set, keeping
// its image for the period first.
func (k *Keeper) setPage(ctx context.Context, page uint64, b []byte) error {
	if err := k.keepPageImage(ctx, page); err != nil {
		return err
	}
	return k.ActivePages.Set(ctx, page, b)
}

func (k *Keeper) removePage(ctx context.Context, page uint64) error {
	if err := k.keepPageImage(ctx, page); err != nil {
		return err
	}
	return k.ActivePages.Remove(ctx, page)
}

// recordPeriodStart records the number of active nodes at the start of a
// period, from which its page images are kept.
func (k *Keeper) recordPeriodStart(ctx context.Context, period uint64) error {
	n, err := k.ActiveNodes(ctx)
	if err != nil {
		return err
	}
	if err := k.PeriodCounts.Set(ctx, period, n); err != nil {
		return err
	}
	return k.SnapshotAt.Set(ctx, period)
}

// periodSet is the numbered active set as it stood at a period's start:
// its size and a reader of its pages. A period without a recorded start (the
// one a chain was upgraded in) reads the live set.
type periodSet struct {
	k      *Keeper
	period uint64
	// last is the period being recorded: images are looked for in
	// [period, last] (periods above it are left by a longer testing_period
	// and are being pruned).
	last  uint64
	n     uint64
	live  bool
	pages map[uint64][]byte
}

// setAtStart returns the numbered active set of a period's start.
func (k *Keeper) setAtStart(ctx context.Context, period uint64) (*periodSet, error) {
	s := &periodSet{k: k, period: period, pages: map[uint64][]byte{}}
	n, err := k.PeriodCounts.Get(ctx, period)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		s.live = true
		n, err = k.ActiveNodes(ctx)
	case err != nil:
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	s.n = n
	if !s.live {
		if s.last, _, err = k.snapshotPeriod(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// page returns a page of the set, each read once.
func (s *periodSet) page(ctx context.Context, page uint64) ([]byte, error) {
	if b, ok := s.pages[page]; ok {
		return b, nil
	}
	b, err := s.read(ctx, page)
	if err != nil {
		return nil, err
	}
	if err := checkPage(page, b); err != nil {
		return nil, err
	}
	s.pages[page] = b
	return b, nil
}

// read finds a page's content at the period's start: the first image kept
// at or after the period, or else the live page.
func (s *periodSet) read(ctx context.Context, page uint64) ([]byte, error) {
	if !s.live {
		var found []byte
		rng := new(collections.Range[uint64]).StartInclusive(s.period).EndInclusive(s.last)
		err := s.k.PeriodCounts.Walk(ctx, rng, func(p uint64, _ uint64) (bool, error) {
			img, err := s.k.PeriodPages.Get(ctx, collections.Join(p, page))
			if errors.Is(err, collections.ErrNotFound) {
				return false, nil
			}
			if err != nil {
				return true, err
			}
			found = img
			return true, nil
		})
		if err != nil {
			return nil, err
		}
		if found != nil {
			return found[1:], nil
		}
	}
	b, err := s.k.ActivePages.Get(ctx, page)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, nil
	}
	return b, err
}

// at returns the node numbered idx in the set.
func (s *periodSet) at(ctx context.Context, idx uint64) (string, error) {
	page, offset := pageOf(idx)
	b, err := s.page(ctx, page)
	if err != nil {
		return "", err
	}
	return keyAt(b, offset)
}
