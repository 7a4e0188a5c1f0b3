const MAZE = [
  'S.#.......',
  '.##.####..',
  '....#..#.#',
  '#.#.#.##..',
  '..#...#..#',
  '.####.#.#.',
  '......#..E',
];

function find(grid, ch) {
  for (let r = 0; r < grid.length; r++) {
    const c = grid[r].indexOf(ch);
    if (c !== -1) return [r, c];
  }
  return null;
}

function bfs(grid) {
  const [sr, sc] = find(grid, 'S');
  const key = (r, c) => `${r},${c}`;
  const prev = new Map([[key(sr, sc), null]]);
  const queue = [[sr, sc]];
  const dirs = [[1, 0], [-1, 0], [0, 1], [0, -1]];
  while (queue.length) {
    const [r, c] = queue.shift();
    if (grid[r][c] === 'E') {
      const path = [];
      for (let k = key(r, c); k; k = prev.get(k)) path.push(k);
      return path.reverse();
    }
    for (const [dr, dc] of dirs) {
      const nr = r + dr;
      const nc = c + dc;
      if (nr < 0 || nc < 0 || nr >= grid.length || nc >= grid[0].length) continue;
      if (grid[nr][nc] === '#' || prev.has(key(nr, nc))) continue;
      prev.set(key(nr, nc), key(r, c));
      queue.push([nr, nc]);
    }
  }
  return null;
}

const path = bfs(MAZE);
const onPath = new Set(path);
console.log(`shortest path: ${path.length - 1} steps`);
MAZE.forEach((row, r) => {
  console.log([...row].map((ch, c) => (ch === '.' && onPath.has(`${r},${c}`) ? '*' : ch)).join(''));
});
