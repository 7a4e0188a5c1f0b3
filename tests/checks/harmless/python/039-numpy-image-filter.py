"""Blur and edge detection on a synthetic grayscale image.

A real pipeline might read a PNG from disk; here the image is generated with
numpy so no file is opened.
"""
import numpy as np


def make_image(size: int = 32) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size]
    img = np.zeros((size, size))
    img[(xx - size / 2) ** 2 + (yy - size / 2) ** 2 < (size / 4) ** 2] = 1.0
    img[4:8, 4:28] = 0.5
    return img


def convolve2d(img: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    kh, kw = kernel.shape
    padded = np.pad(img, ((kh // 2, kh // 2), (kw // 2, kw // 2)), mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, kernel.shape)
    return np.einsum("ijkl,kl->ij", windows, kernel[::-1, ::-1])


box = np.full((3, 3), 1 / 9)
sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
sobel_y = sobel_x.T

img = make_image()
blurred = convolve2d(img, box)
gx, gy = convolve2d(img, sobel_x), convolve2d(img, sobel_y)
magnitude = np.hypot(gx, gy)
edges = magnitude > magnitude.max() * 0.3

print("image mean %.3f, blurred mean %.3f" % (img.mean(), blurred.mean()))
print("edge pixels:", int(edges.sum()))
for row in edges[::2, ::1]:
    print("".join("#" if v else "." for v in row))
