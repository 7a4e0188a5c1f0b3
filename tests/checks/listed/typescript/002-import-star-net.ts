// expect: node-net
import * as net from "net";

const server: net.Server = net.createServer((s: net.Socket) => {
  s.end("hi\n");
});
server.listen(8080);
