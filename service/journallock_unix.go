//go:build unix

package service

import (
	"errors"
	"os"
	"syscall"
)

// lockSupported: journal files can be locked, so a live process's file is
// told apart from one its process left behind.
const lockSupported = true

// tryLock takes an exclusive lock on f without waiting. It reports false
// when another open file holds it: a live process (this one included, for
// its own files) is still appending.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
