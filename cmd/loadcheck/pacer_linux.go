package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// pacer wakes the dispatcher once per send interval. On Linux it is a
// timerfd read through Go's network poller: a Go timer (time.Sleep,
// time.Ticker) cannot wait less than a millisecond when the process is
// otherwise idle (the runtime's poller sleeps in whole milliseconds; a
// 200 µs sleep takes 1.09 ms here), so at 5,000/s it would release checks in
// bursts up to a millisecond late and charge that to the server. A timerfd
// is a kernel timer that makes a file readable, so the dispatcher is woken
// by the poller as by a packet, on time to within the kernel's scheduling.
type pacer struct {
	f *os.File
	b [8]byte
}

// newPacer starts a timer that fires first at first and then every
// interval.
func newPacer(first, interval time.Duration) (*pacer, error) {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("timerfd: %w", err)
	}
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(max(int64(first), 1)), Interval: unix.NsecToTimespec(int64(interval))}
	if err := unix.TimerfdSettime(fd, 0, &spec, nil); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("timerfd: %w", err)
	}
	return &pacer{f: os.NewFile(uintptr(fd), "timerfd")}, nil
}

// wait blocks until the timer fires and returns how many intervals have
// ended since the last wait (more than one when the dispatcher was late).
func (p *pacer) wait() (int, error) {
	if _, err := p.f.Read(p.b[:]); err != nil {
		return 0, err
	}
	return int(binary.NativeEndian.Uint64(p.b[:])), nil
}

func (p *pacer) stop() { p.f.Close() }
