#!/usr/bin/env python3
"""The object store a registry redirects blob downloads to, for the pull tests.

blob-storage.py PORT ROOT TLS_CERT|- TLS_KEY|- LOG

Serves the files under ROOT (the registry's filesystem storage) over HTTPS, or
plain HTTP when TLS_CERT is "-".  Every request is appended to LOG as
"PATH authorization=yes|no", so tests can check that registry credentials
never reach it.
"""
import http.server
import os
import ssl
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def do_HEAD(self):
        self.do_GET(body=False)

    def do_GET(self, body=True):
        path = self.path.split("?", 1)[0]
        with open(self.server.log, "a") as f:
            f.write("%s %s authorization=%s\n" % (self.command, path,
                                                  "yes" if "Authorization" in self.headers else "no"))
        full = os.path.realpath(os.path.join(self.server.root, path.lstrip("/")))
        if not full.startswith(self.server.root + "/") or not os.path.isfile(full):
            self.send_error(404)
            return
        with open(full, "rb") as f:
            data = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


def main():
    port, root, cert, key, log = sys.argv[1:6]
    server = http.server.HTTPServer(("127.0.0.1", int(port)), Handler)
    server.root, server.log = os.path.realpath(root), log
    if cert != "-":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("listening on 127.0.0.1:%s" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
