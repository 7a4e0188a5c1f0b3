// expect: node-http
async function main() {
  const https = await import("https");
  https.get("https://example.com/", (res) => {
    console.log("status", res.statusCode);
  });
}
main();
