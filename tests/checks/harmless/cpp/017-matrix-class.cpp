#include <iomanip>
#include <iostream>
#include <stdexcept>
#include <vector>

class Matrix {
public:
    Matrix(std::size_t r, std::size_t c, double fill = 0.0) : rows_(r), cols_(c), a_(r * c, fill) {}

    static Matrix identity(std::size_t n) {
        Matrix m(n, n);
        for (std::size_t i = 0; i < n; ++i) m(i, i) = 1.0;
        return m;
    }

    double &operator()(std::size_t i, std::size_t j) { return a_[i * cols_ + j]; }
    double operator()(std::size_t i, std::size_t j) const { return a_[i * cols_ + j]; }

    Matrix operator*(const Matrix &o) const {
        if (cols_ != o.rows_) throw std::invalid_argument("dimension mismatch");
        Matrix r(rows_, o.cols_);
        for (std::size_t i = 0; i < rows_; ++i)
            for (std::size_t k = 0; k < cols_; ++k)
                for (std::size_t j = 0; j < o.cols_; ++j) r(i, j) += (*this)(i, k) * o(k, j);
        return r;
    }

    Matrix transpose() const {
        Matrix t(cols_, rows_);
        for (std::size_t i = 0; i < rows_; ++i)
            for (std::size_t j = 0; j < cols_; ++j) t(j, i) = (*this)(i, j);
        return t;
    }

    friend std::ostream &operator<<(std::ostream &os, const Matrix &m) {
        for (std::size_t i = 0; i < m.rows_; ++i) {
            for (std::size_t j = 0; j < m.cols_; ++j) os << std::setw(12) << m(i, j);
            os << '\n';
        }
        return os;
    }

private:
    std::size_t rows_, cols_;
    std::vector<double> a_;
};

int main() {
    std::size_t n, m;
    if (!(std::cin >> n >> m) || n == 0 || m == 0 || n > 50 || m > 50) return 1;
    Matrix a(n, m);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < m; ++j) std::cin >> a(i, j);
    Matrix gram = a * a.transpose();
    std::cout << std::fixed << std::setprecision(2) << "A * A^T =\n" << gram;
    Matrix p = Matrix::identity(n);
    for (int e = 0; e < 3; ++e) p = p * gram;
    std::cout << "(A * A^T)^3 =\n" << p;
    try {
        Matrix sq = a * a;
        std::cout << "A * A =\n" << sq;
    } catch (const std::invalid_argument &ex) {
        std::cout << "A * A: " << ex.what() << '\n';
    }
}
