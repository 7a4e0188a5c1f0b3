from enum import Enum, auto


class State(Enum):
    IDLE = auto()
    SELECTING = auto()
    PAYING = auto()
    DISPENSING = auto()


class Event(Enum):
    COIN = "coin"
    SELECT = "select"
    CANCEL = "cancel"
    DONE = "done"


TRANSITIONS = {
    (State.IDLE, Event.SELECT): State.SELECTING,
    (State.SELECTING, Event.COIN): State.PAYING,
    (State.PAYING, Event.COIN): State.PAYING,
    (State.PAYING, Event.DONE): State.DISPENSING,
    (State.DISPENSING, Event.DONE): State.IDLE,
}


class VendingMachine:
    def __init__(self):
        self.state = State.IDLE
        self.log = []

    def handle(self, event: Event) -> State:
        if event is Event.CANCEL:
            nxt = State.IDLE
        else:
            nxt = TRANSITIONS.get((self.state, event))
            if nxt is None:
                self.log.append(f"ignored {event.value} in {self.state.name}")
                return self.state
        self.log.append(f"{self.state.name} --{event.value}--> {nxt.name}")
        self.state = nxt
        return nxt


vm = VendingMachine()
for ev in ["select", "coin", "coin", "done", "coin", "done", "select", "cancel"]:
    vm.handle(Event(ev))
print(*vm.log, sep="\n")
print("final:", vm.state, [s.name for s in State])
