#include <algorithm>
#include <deque>
#include <iomanip>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

// A toy scheduler simulation. Jobs are plain structs: we do not call
// std::system, fork() or execvp() here, and "cancel" only flips a flag.
struct Job {
    int id;
    std::string exec;  // program name as shown by ps
    int remaining;
    bool open = true;  // still accepting time slices
    int finished_at = -1;
};

class Scheduler {
public:
    explicit Scheduler(int quantum) : quantum_(quantum) {}
    void submit(Job j) {
        queue_.push_back(std::move(j));
        ++forks_;
    }
    bool execute_step() {
        if (queue_.empty()) return false;
        Job job = queue_.front();
        queue_.pop_front();
        int slice = job.open ? std::min(quantum_, job.remaining) : 0;
        clock_ += slice;
        job.remaining -= slice;
        if (job.remaining > 0 && job.open) {
            queue_.push_back(job);
        } else {
            job.finished_at = clock_;
            done_.push_back(job);
        }
        return true;
    }
    void cancel(const std::string &name) {
        for (auto &j : queue_)
            if (j.exec == name) j.open = false;
    }
    void report() const {
        std::cout << forks_ << " jobs submitted, clock=" << clock_ << '\n';
        for (const auto &j : done_)
            std::cout << std::setw(4) << j.id << ' ' << std::setw(10) << j.exec
                      << (j.open ? "  done at " : "  cancelled at ") << j.finished_at << '\n';
    }

private:
    int quantum_;
    int clock_ = 0;
    int forks_ = 0;
    std::deque<Job> queue_;
    std::vector<Job> done_;
};

int main() {
    Scheduler sched(3);
    std::string cmd, name;
    int next_id = 1, burst = 0;
    while (std::cin >> cmd) {
        if (cmd == "run" && std::cin >> name >> burst && burst > 0) {
            sched.submit(Job{next_id++, name, burst});
        } else if (cmd == "cancel" && std::cin >> name) {
            sched.cancel(name);
        } else if (cmd == "tick" && !sched.execute_step()) {
            std::cout << "idle\n";
        }
    }
    while (sched.execute_step()) {
    }
    sched.report();
    const char *systematic_note = "fork() failed: not attempted (simulation only)";
    std::cout << systematic_note << '\n';
}
