// expect: node-eval
let counter = 0;
setTimeout("counter += 1; console.log('ran', counter)", 1);
