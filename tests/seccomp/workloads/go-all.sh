#!/bin/sh
# go build and go run of a small program, with caches in the writable /tmp.
set -e
export HOME=/tmp GOCACHE=/tmp/go-cache GOPATH=/tmp/go GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
cp -r "$(dirname "$0")/gohello" /tmp/gohello
cd /tmp/gohello
go build -o /tmp/gohello-bin .
/tmp/gohello-bin
go run .
