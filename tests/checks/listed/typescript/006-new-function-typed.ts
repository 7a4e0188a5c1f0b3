// expect: node-function
type Op = (x: number, y: number) => number;

const src: string = "return x ** y";
const pow = new Function("x", "y", src) as Op;
console.log(pow(2, 8));
