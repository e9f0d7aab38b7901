package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// noteHandler writes a one-shot command's warnings and errors from the
// service (a screen that has to read every record, say) to stderr as lines
// a person reads: "impartial: the message (key: value, …)".
type noteHandler struct{ w io.Writer }

func (h noteHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (h noteHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString("impartial: ")
	b.WriteString(r.Message)
	var attrs []string
	r.Attrs(func(a slog.Attr) bool {
		attrs = append(attrs, a.Key+": "+a.Value.String())
		return true
	})
	if len(attrs) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(attrs, ", "))
	}
	b.WriteByte('\n')
	_, err := io.WriteString(h.w, b.String())
	return err
}

func (h noteHandler) WithAttrs([]slog.Attr) slog.Handler { return h }

func (h noteHandler) WithGroup(string) slog.Handler { return h }
