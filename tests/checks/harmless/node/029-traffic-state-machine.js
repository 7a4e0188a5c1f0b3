const State = Object.freeze({
  RED: Symbol('red'),
  GREEN: Symbol('green'),
  YELLOW: Symbol('yellow'),
  FLASHING: Symbol('flashing'),
});

const machine = {
  initial: State.RED,
  states: {
    [State.RED]: { duration: 4, on: { TIMER: State.GREEN, FAULT: State.FLASHING } },
    [State.GREEN]: { duration: 3, on: { TIMER: State.YELLOW, FAULT: State.FLASHING, PEDESTRIAN: State.YELLOW } },
    [State.YELLOW]: { duration: 1, on: { TIMER: State.RED, FAULT: State.FLASHING } },
    [State.FLASHING]: { duration: Infinity, on: { RESET: State.RED } },
  },
};

function createLight(def) {
  let current = def.initial;
  let elapsed = 0;
  const listeners = [];
  const transition = (event) => {
    const next = def.states[current].on[event];
    if (!next) return false;
    listeners.forEach((fn) => fn(current, next, event));
    current = next;
    elapsed = 0;
    return true;
  };
  return {
    get state() { return current.description; },
    send: transition,
    tick() {
      if (++elapsed >= def.states[current].duration) transition('TIMER');
    },
    subscribe(fn) { listeners.push(fn); },
  };
}

const light = createLight(machine);
light.subscribe((from, to, ev) => console.log(`  ${from.description.padEnd(8)} --${ev}--> ${to.description}`));

const script = { 5: 'PEDESTRIAN', 9: 'FAULT', 12: 'RESET' };
for (let t = 0; t < 16; t++) {
  if (script[t]) console.log(`t=${t}: ${script[t]} accepted=${light.send(script[t])}`);
  light.tick();
}
console.log('final state:', light.state, Object.keys(State).length, 'states');
