// Binary min-heap (tab-indented on purpose).
class MinHeap {
	constructor(compare = (a, b) => a - b) {
		this.data = [];
		this.compare = compare;
	}

	get size() {
		return this.data.length;
	}

	push(value) {
		const d = this.data;
		d.push(value);
		let i = d.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (this.compare(d[i], d[parent]) >= 0) break;
			[d[i], d[parent]] = [d[parent], d[i]];
			i = parent;
		}
	}

	pop() {
		const d = this.data;
		if (!d.length) return undefined;
		const top = d[0];
		const last = d.pop();
		if (d.length) {
			d[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1, r = l + 1;
				let smallest = i;
				if (l < d.length && this.compare(d[l], d[smallest]) < 0) smallest = l;
				if (r < d.length && this.compare(d[r], d[smallest]) < 0) smallest = r;
				if (smallest === i) break;
				[d[i], d[smallest]] = [d[smallest], d[i]];
				i = smallest;
			}
		}
		return top;
	}
}

const heap = new MinHeap();
[9, 4, 7, 1, 8, 2, 6, 3, 5].forEach((n) => heap.push(n));
const sorted = [];
while (heap.size) sorted.push(heap.pop());
console.log(sorted.join(' '));

const tasks = new MinHeap((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
[['deploy', 3], ['fix bug', 1], ['review', 2], ['coffee', 1]].forEach(([name, priority]) => tasks.push({ name, priority }));
while (tasks.size) {
	const t = tasks.pop();
	console.log(`\tP${t.priority}\t${t.name}`);
}
