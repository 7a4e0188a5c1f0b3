// expect: node-http
const url = "https://api.example.com/v1/data";

async function main() {
  const res = await fetch(url);
  const json = await res.json();
  console.log(Object.keys(json));
}
main();
