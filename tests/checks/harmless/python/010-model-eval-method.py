# A toy perceptron with a PyTorch-like interface: model.train() and
# model.eval() switch modes.  eval here is our own method, not the builtin.
import random


class Perceptron:
    def __init__(self, n_features: int, lr: float = 0.1, seed: int = 0):
        rng = random.Random(seed)
        self.weights = [rng.uniform(-0.5, 0.5) for _ in range(n_features)]
        self.bias = 0.0
        self.lr = lr
        self.training = True

    def train(self):
        self.training = True
        return self

    def eval(self):
        self.training = False
        return self

    def forward(self, x):
        s = sum(w * xi for w, xi in zip(self.weights, x)) + self.bias
        return 1 if s >= 0 else 0

    def step(self, x, y):
        assert self.training, "call model.train() first"
        error = y - self.forward(x)
        self.weights = [w + self.lr * error * xi for w, xi in zip(self.weights, x)]
        self.bias += self.lr * error
        return abs(error)


def evaluate(model, data):
    model.eval()
    correct = sum(model.forward(x) == y for x, y in data)
    return correct / len(data)


AND = [((0, 0), 0), ((0, 1), 0), ((1, 0), 0), ((1, 1), 1)]
OR = [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 1)]

for name, data in (("AND", AND), ("OR", OR)):
    model = Perceptron(2)
    for epoch in range(20):
        model.train()
        errors = sum(model.step(x, y) for x, y in data)
        if errors == 0:
            break
    print(f"{name}: converged after {epoch + 1} epochs, accuracy={evaluate(model, data):.0%}")
