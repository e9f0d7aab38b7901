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

// withName returns f under name (the name it was renamed to), holding its
// lock, and closes f: a duplicate of its descriptor shares the open file and
// with it the lock, which is released only when both are closed.
func withName(f *os.File, name string) (*os.File, error) {
	fd, err := syscall.Dup(int(f.Fd()))
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(fd)
	g := os.NewFile(uintptr(fd), name)
	f.Close()
	return g, nil
}
