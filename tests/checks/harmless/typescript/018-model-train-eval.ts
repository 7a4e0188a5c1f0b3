// A tiny k-nearest-neighbours classifier with a train()/eval() mode switch,
// in the style of ML frameworks.  model.eval() is our own method; nothing
// here uses the global eval.
type Sample = { features: number[]; label: string };
type Mode = 'train' | 'eval';

class KnnModel {
  private memory: Sample[] = [];
  mode: Mode = 'train';

  constructor(private readonly k = 3) {}

  train(): this {
    this.mode = 'train';
    return this;
  }

  eval(): this {
    this.mode = 'eval';
    return this;
  }

  fit(samples: Sample[]): void {
    if (this.mode !== 'train') throw new Error('call model.train() before fit()');
    this.memory.push(...samples);
  }

  predict(features: number[]): string {
    const nearest = this.memory
      .map((s) => ({ s, d: Math.hypot(...s.features.map((f, i) => f - features[i])) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, this.k);
    const votes = new Map<string, number>();
    for (const { s } of nearest) votes.set(s.label, (votes.get(s.label) ?? 0) + 1);
    return [...votes].sort((a, b) => b[1] - a[1])[0][0];
  }
}

function evaluate(model: KnnModel, data: Sample[]): { accuracy: number; confusion: Record<string, number> } {
  model.eval();
  const confusion: Record<string, number> = {};
  let correct = 0;
  for (const { features, label } of data) {
    const guess = model.predict(features);
    confusion[`${label}->${guess}`] = (confusion[`${label}->${guess}`] ?? 0) + 1;
    if (guess === label) correct++;
  }
  return { accuracy: correct / data.length, confusion };
}

const trainSet: Sample[] = [
  { features: [1, 1], label: 'small' }, { features: [1, 2], label: 'small' }, { features: [2, 1], label: 'small' },
  { features: [8, 9], label: 'large' }, { features: [9, 8], label: 'large' }, { features: [9, 9], label: 'large' },
  { features: [5, 5], label: 'medium' }, { features: [5, 6], label: 'medium' }, { features: [6, 5], label: 'medium' },
];
const testSet: Sample[] = [
  { features: [1.5, 1.5], label: 'small' }, { features: [8.5, 8.5], label: 'large' },
  { features: [5.5, 5.2], label: 'medium' }, { features: [3.6, 3.6], label: 'medium' },
];

const model = new KnnModel(3);
model.train().fit(trainSet);
const { accuracy, confusion } = evaluate(model, testSet);
console.log(`mode=${model.mode} accuracy=${(accuracy * 100).toFixed(0)}%`, confusion);
try {
  model.fit([]);
} catch (e) {
  console.log((e as Error).message);
}
