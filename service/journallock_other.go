//go:build !unix

package service

import (
	"errors"
	"os"
)

// lockSupported: without file locks a live process's journal cannot be told
// apart from one left behind, so no journal is kept and every confidential
// check waits for its count to be committed to the trail.
const lockSupported = false

func tryLock(*os.File) (bool, error) { return false, errors.ErrUnsupported }

func withName(*os.File, string) (*os.File, error) { return nil, errors.ErrUnsupported }
