//go:build !unix

package main

import "time"

// cpuTime is not measured outside Unix; benchmarks then print 0.
func cpuTime() time.Duration { return 0 }

// maxRSS is not measured outside Unix; benchmarks then print 0.
func maxRSS() int64 { return 0 }
