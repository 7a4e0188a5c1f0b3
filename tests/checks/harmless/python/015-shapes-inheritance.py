import math


class Shape:
    name = "shape"

    def area(self) -> float:
        raise NotImplementedError

    def perimeter(self) -> float:
        raise NotImplementedError

    def describe(self) -> str:
        return f"{self.name:<10} area={self.area():8.3f} perimeter={self.perimeter():8.3f}"

    def __lt__(self, other: "Shape") -> bool:
        return self.area() < other.area()


class Circle(Shape):
    name = "circle"

    def __init__(self, r: float):
        self.r = r

    def area(self):
        return math.pi * self.r ** 2

    def perimeter(self):
        return 2 * math.pi * self.r


class Rectangle(Shape):
    name = "rectangle"

    def __init__(self, w: float, h: float):
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h

    def perimeter(self):
        return 2 * (self.w + self.h)


class Square(Rectangle):
    name = "square"

    def __init__(self, side: float):
        super().__init__(side, side)


class Triangle(Shape):
    name = "triangle"

    def __init__(self, a, b, c):
        if not (a + b > c and a + c > b and b + c > a):
            raise ValueError("invalid triangle")
        self.sides = (a, b, c)

    def perimeter(self):
        return sum(self.sides)

    def area(self):
        s = self.perimeter() / 2
        a, b, c = self.sides
        return math.sqrt(s * (s - a) * (s - b) * (s - c))


shapes = [Circle(1.5), Rectangle(2, 4.5), Square(3), Triangle(3, 4, 5)]
for shape in sorted(shapes):
    print(shape.describe())
print("is a Rectangle:", [type(s).__name__ for s in shapes if isinstance(s, Rectangle)])
