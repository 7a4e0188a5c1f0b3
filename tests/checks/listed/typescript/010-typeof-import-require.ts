// expect: node-net
const tls: typeof import("tls") = require("tls");

const sock = tls.connect({ host: "example.com", port: 443, servername: "example.com" }, () => {
  console.log("authorized:", sock.authorized);
  sock.end();
});
