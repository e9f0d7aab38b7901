package cli

import (
	"errors"
	"flag"
	"strings"
	"testing"
	"time"
)

// TestEnvFlags: every flag can be set as IMPARTIAL_NAME (dashes as
// underscores); the command line wins; a bad value names the variable.
func TestEnvFlags(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		wantAddr  string
		wantDrain time.Duration
		wantErr   string
	}{
		{"defaults", nil, nil, "127.0.0.1:8700", 10 * time.Second, ""},
		{"from the environment", map[string]string{"IMPARTIAL_ADDR": "127.0.0.1:9", "IMPARTIAL_SHUTDOWN_DRAIN": "3s"}, nil, "127.0.0.1:9", 3 * time.Second, ""},
		{"the command line wins", map[string]string{"IMPARTIAL_ADDR": "127.0.0.1:9"}, []string{"--addr", "127.0.0.1:10"}, "127.0.0.1:10", 10 * time.Second, ""},
		{"a bad value", map[string]string{"IMPARTIAL_SHUTDOWN_DRAIN": "soon"}, nil, "", 0, `IMPARTIAL_SHUTDOWN_DRAIN="soon"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v) // restored when the subtest ends
			}
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			addr := fs.String("addr", "127.0.0.1:8700", "")
			drain := fs.Duration("shutdown-drain", 10*time.Second, "")
			err := envFlags(fs)
			if err == nil {
				err = fs.Parse(tc.args)
			}
			var ue usageError
			switch {
			case tc.wantErr != "":
				if !errors.As(err, &ue) || !strings.HasPrefix(ue.msg, tc.wantErr) {
					t.Errorf("error %v, want a usage error starting %s", err, tc.wantErr)
				}
			case err != nil:
				t.Errorf("error %v", err)
			case *addr != tc.wantAddr || *drain != tc.wantDrain:
				t.Errorf("addr %q drain %s, want %q %s", *addr, *drain, tc.wantAddr, tc.wantDrain)
			}
		})
	}
}

func TestGCPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 6400},       // unknown: as for 1 MB
		{1 << 20, 6400}, // 1 MB live: collect at 65 MB
		{32 << 20, 200}, // 32 MB: at 96 MB
		{64 << 20, 100}, // 64 MB: at 128 MB, the default
		{256 << 20, 25}, // 256 MB: at 320 MB
		{512 << 20, 12}, // from 512 MB on, an eighth: at 576 MB
		{770 << 20, 12}, // a million entities' working set: at 866 MB
		{4 << 30, 12},
	} {
		if got := gcPercent(tc.live); got != tc.want {
			t.Errorf("gcPercent(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}
