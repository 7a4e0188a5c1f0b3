package main

import (
	"fmt"
	"math"
	"sort"
)

type Shape interface {
	Area() float64
	Perimeter() float64
	Name() string
}

type Circle struct{ R float64 }
type Rect struct{ W, H float64 }
type Triangle struct{ A, B, C float64 }

func (c Circle) Area() float64      { return math.Pi * c.R * c.R }
func (c Circle) Perimeter() float64 { return 2 * math.Pi * c.R }
func (c Circle) Name() string       { return "circle" }

func (r Rect) Area() float64      { return r.W * r.H }
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }
func (r Rect) Name() string       { return "rect" }

func (t Triangle) Perimeter() float64 { return t.A + t.B + t.C }
func (t Triangle) Area() float64 {
	s := t.Perimeter() / 2
	return math.Sqrt(s * (s - t.A) * (s - t.B) * (s - t.C))
}
func (t Triangle) Name() string { return "triangle" }

func main() {
	var shapes []Shape
	var kind string
	for {
		if _, err := fmt.Scan(&kind); err != nil {
			break
		}
		switch kind {
		case "circle":
			var r float64
			fmt.Scan(&r)
			shapes = append(shapes, Circle{r})
		case "rect":
			var w, h float64
			fmt.Scan(&w, &h)
			shapes = append(shapes, Rect{w, h})
		case "tri":
			var a, b, c float64
			fmt.Scan(&a, &b, &c)
			shapes = append(shapes, Triangle{a, b, c})
		}
	}
	sort.Slice(shapes, func(i, j int) bool { return shapes[i].Area() > shapes[j].Area() })
	total := 0.0
	for _, s := range shapes {
		fmt.Printf("%-8s area=%8.3f perimeter=%8.3f\n", s.Name(), s.Area(), s.Perimeter())
		total += s.Area()
	}
	fmt.Printf("total area: %.3f\n", total)
}
