//go:build !linux

package screen

import "time"

// threadCPU is not measured on this platform; benchmarks report wall time only.
func threadCPU() time.Duration { return 0 }
