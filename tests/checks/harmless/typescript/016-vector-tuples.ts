type Vec2 = readonly [number, number];
type Vec3 = readonly [number, number, number];
type Vec = Vec2 | Vec3;

const add = <V extends Vec>(a: V, b: V): V => a.map((x, i) => x + b[i]) as unknown as V;
const scale = <V extends Vec>(a: V, k: number): V => a.map((x) => x * k) as unknown as V;
const dot = (a: Vec, b: Vec): number => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
const norm = (a: Vec): number => Math.hypot(...a);
const cross = ([a1, a2, a3]: Vec3, [b1, b2, b3]: Vec3): Vec3 => [a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1];
const fmt = (v: Vec): string => `(${v.map((x) => +x.toFixed(3)).join(', ')})`;

function centroid(points: Vec2[]): Vec2 {
  const sum = points.reduce((acc, p) => add(acc, p), [0, 0] as Vec2);
  return scale(sum, 1 / points.length);
}

function polygonArea(points: Vec2[]): number {
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    area += x1 * y2 - x2 * y1;
  }
  return Math.abs(area) / 2;
}

function angleDeg(a: Vec, b: Vec): number {
  return (Math.acos(dot(a, b) / (norm(a) * norm(b))) * 180) / Math.PI;
}

const square: Vec2[] = [[0, 0], [4, 0], [4, 4], [0, 4]];
const i3: Vec3 = [1, 0, 0];
const j3: Vec3 = [0, 1, 0];

console.log('centroid', fmt(centroid(square)), 'area', polygonArea(square));
console.log('i x j =', fmt(cross(i3, j3)), 'angle', angleDeg(i3, j3));
console.log('|(3,4)| =', norm([3, 4]), 'dot', dot([1, 2, 3], [4, 5, 6]));
console.log('scaled', fmt(scale<Vec3>([1, -2, 0.5], 2.5)), 'sum', fmt(add<Vec2>([1, 1], [2, 3])));
