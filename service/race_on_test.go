//go:build race

package service_test

// raceEnabled: the race detector slows the crash test several times over.
const raceEnabled = true
