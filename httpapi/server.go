package httpapi

import (
	"log/slog"
	"net/http"
	"time"
)

// Limits bound how long, and with how much, one connection may hold the
// server: without them an idle keep-alive or a body sent a byte a second
// holds a connection (and its goroutine) for as long as the client likes.
type Limits struct {
	ReadHeader time.Duration // to read a request's headers
	Read       time.Duration // to read a whole request, body included
	Write      time.Duration // from the end of the headers to the end of the response
	Idle       time.Duration // a keep-alive connection waiting for its next request
	// MaxHeaderBytes bounds a request's headers.
	MaxHeaderBytes int
}

// DefaultLimits suits the API's requests, all small: a check answers in
// well under a millisecond, and the largest response (a page of the change
// feed) is written in far less than Write.
var DefaultLimits = Limits{ReadHeader: 5 * time.Second, Read: 15 * time.Second, Write: 30 * time.Second,
	Idle: 60 * time.Second, MaxHeaderBytes: 32 << 10}

// NewServer returns an http.Server for h with the limits set, logging
// connection errors (bad requests, timeouts cut short) to log.
func NewServer(h http.Handler, l Limits, log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeader,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
		MaxHeaderBytes:    l.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
