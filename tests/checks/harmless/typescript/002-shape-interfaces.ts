interface Point {
  readonly x: number;
  readonly y: number;
}

interface Shape {
  readonly kind: string;
  area(): number;
  perimeter(): number;
  contains(p: Point): boolean;
}

interface Scalable<T> {
  scale(factor: number): T;
}

class Circle implements Shape, Scalable<Circle> {
  readonly kind = 'circle';
  constructor(readonly center: Point, readonly radius: number) {}

  area(): number {
    return Math.PI * this.radius ** 2;
  }

  perimeter(): number {
    return 2 * Math.PI * this.radius;
  }

  contains({ x, y }: Point): boolean {
    return (x - this.center.x) ** 2 + (y - this.center.y) ** 2 <= this.radius ** 2;
  }

  scale(factor: number): Circle {
    return new Circle(this.center, this.radius * factor);
  }
}

class Rect implements Shape, Scalable<Rect> {
  readonly kind = 'rect';
  constructor(readonly origin: Point, readonly width: number, readonly height: number) {}

  area(): number {
    return this.width * this.height;
  }

  perimeter(): number {
    return 2 * (this.width + this.height);
  }

  contains({ x, y }: Point): boolean {
    const { x: ox, y: oy } = this.origin;
    return x >= ox && x <= ox + this.width && y >= oy && y <= oy + this.height;
  }

  scale(factor: number): Rect {
    return new Rect(this.origin, this.width * factor, this.height * factor);
  }
}

const shapes: Shape[] = [new Circle({ x: 0, y: 0 }, 2), new Rect({ x: 1, y: 1 }, 3, 2), new Circle({ x: 5, y: 5 }, 1).scale(3)];
const probe: Point = { x: 1.5, y: 1.5 };

for (const s of shapes) {
  console.log(`${s.kind.padEnd(7)} area=${s.area().toFixed(2).padStart(7)} perim=${s.perimeter().toFixed(2).padStart(6)} contains(1.5,1.5)=${s.contains(probe)}`);
}
const largest = shapes.reduce((a, b) => (a.area() >= b.area() ? a : b));
console.log('largest:', largest.kind, 'total area:', shapes.reduce((sum, s) => sum + s.area(), 0).toFixed(3));
