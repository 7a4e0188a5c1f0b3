// expect: node-http
import http from "node:http";

http.get("http://10.0.0.2:8000/secret", (res: http.IncomingMessage) => {
  let body = "";
  res.on("data", (c: Buffer) => (body += c));
  res.on("end", () => console.log(body));
});
