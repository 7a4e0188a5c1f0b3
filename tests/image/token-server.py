#!/usr/bin/env python3
"""A minimal Docker registry token server for the pull tests.

token-server.py PORT TLS_CERT TLS_KEY SIGNING_CERT SIGNING_KEY USER PASSWORD LOG

Serves https://127.0.0.1:PORT/token?service=...&scope=repository:NAME:ACTIONS.
Basic credentials USER:PASSWORD get every action asked for; no credentials get
a token granting nothing; wrong credentials get 401.  Tokens are RS256 JWTs
whose x5c header carries SIGNING_CERT, which the registry trusts through its
rootcertbundle.  Each request is appended to LOG as "user scope status".
"""
import base64
import http.server
import json
import os
import ssl
import subprocess
import sys
import time
import urllib.parse


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body, user, scope):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with open(self.server.log, "a") as f:
            f.write("%s %s %d\n" % (user or "-", scope or "-", status))

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        scopes = query.get("scope", [])
        service = query.get("service", [""])[0]
        user = None
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            if (user, password) != (self.server.user, self.server.password):
                return self.answer(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad credentials"}]},
                                   user, ",".join(scopes))
        access = []
        if user is not None:
            for scope in scopes:
                kind, name, actions = scope.split(":")
                access.append({"type": kind, "name": name, "actions": actions.split(",")})
        now = int(time.time())
        claims = {"iss": "nsbox-test-issuer", "sub": user or "", "aud": service, "exp": now + 300,
                  "nbf": now - 10, "iat": now, "jti": os.urandom(8).hex(), "access": access}
        head = {"typ": "JWT", "alg": "RS256", "x5c": [self.server.cert_der]}
        signing_input = (b64url(json.dumps(head).encode()) + "." + b64url(json.dumps(claims).encode())).encode()
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.server.key], input=signing_input,
                                   capture_output=True, check=True).stdout
        token = signing_input.decode() + "." + b64url(signature)
        self.answer(200, {"token": token, "access_token": token, "expires_in": 300}, user, ",".join(scopes))


def main():
    port, tls_cert, tls_key, sign_cert, sign_key, user, password, log = sys.argv[1:9]
    server = http.server.HTTPServer(("127.0.0.1", int(port)), Handler)
    der = subprocess.run(["openssl", "x509", "-in", sign_cert, "-outform", "DER"], capture_output=True,
                         check=True).stdout
    server.cert_der = base64.b64encode(der).decode()
    server.key, server.user, server.password, server.log = sign_key, user, password, log
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls_cert, tls_key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("listening on 127.0.0.1:%s" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
