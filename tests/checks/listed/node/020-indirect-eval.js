// expect: node-eval
const lines = ["1 + 1", "Math.max(3, 9)"];
for (const src of lines) {
  console.log((0, eval)(src));
}
