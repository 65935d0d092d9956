//go:build !unix

package store

import (
	"os"
	"sync"
)

// Without flock(2), the lease excludes writers of this process only
// (by the lock file's name); casefile's supported systems are Unix.
var (
	heldMu sync.Mutex
	held   = map[string]bool{}
)

func tryLockFile(f *os.File) (bool, error) {
	heldMu.Lock()
	defer heldMu.Unlock()
	if held[f.Name()] {
		return false, nil
	}
	held[f.Name()] = true
	return true, nil
}

func unlockFile(f *os.File) error {
	heldMu.Lock()
	defer heldMu.Unlock()
	delete(held, f.Name())
	return nil
}
