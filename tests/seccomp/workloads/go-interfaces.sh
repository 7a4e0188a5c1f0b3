#!/bin/sh
# Build and run gointerfaces/ (net.Interfaces) with caches in the writable /tmp.
set -e
export HOME=/tmp GOCACHE=/tmp/go-cache GOPATH=/tmp/go GO111MODULE=off GOTOOLCHAIN=local CGO_ENABLED=0
cp -r "$(dirname "$0")/gointerfaces" /tmp/gointerfaces
cd /tmp/gointerfaces
go build -o /tmp/gointerfaces-bin main.go
exec /tmp/gointerfaces-bin
