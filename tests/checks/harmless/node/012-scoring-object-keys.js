// Scores a machine-learning run.  `eval` and `exec` appear only as object
// keys and as method names on our own classes.
const weights = { train: 0.2, eval: 1, exec: 0.5, test: 2 };

class Stage {
  constructor(name, fn) {
    this.name = name;
    this.fn = fn;
    this.runs = 0;
  }

  exec(input) {
    this.runs++;
    return this.fn(input);
  }
}

class Pipeline {
  constructor() {
    this.stages = [];
    this.mode = 'train';
  }

  add(name, fn) {
    this.stages.push(new Stage(name, fn));
    return this;
  }

  eval() {
    this.mode = 'eval';
    return this;
  }

  exec(input) {
    return this.stages.reduce((acc, stage) => stage.exec(acc), input);
  }

  run(batches) {
    return batches.map((b) => this.exec(b));
  }
}

const pipeline = new Pipeline()
  .add('normalise', (xs) => xs.map((x) => x / Math.max(...xs)))
  .add('threshold', (xs) => xs.map((x) => (x > 0.5 ? 1 : 0)))
  .add('score', (xs) => xs.reduce((a, b) => a + b, 0) / xs.length);

const trainScores = pipeline.run([[1, 5, 9], [2, 2, 8], [7, 3, 1]]);
const evalScores = pipeline.eval().run([[4, 4, 4], [0, 10, 9]]);
const summary = {
  mode: pipeline.mode,
  train: trainScores.map((s) => s.toFixed(2)),
  eval: evalScores.map((s) => s.toFixed(2)),
  weighted: (weights.eval * evalScores[0] + weights.train * trainScores[0]).toFixed(3),
  stageRuns: Object.fromEntries(pipeline.stages.map((s) => [s.name, s.runs])),
};
console.log(summary, Object.keys(weights).join('/'));
