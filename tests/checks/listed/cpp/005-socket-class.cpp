// expect: c-socket
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>
#include <string>

class Client {
    int fd_;
public:
    Client() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {}
    ~Client() { close(fd_); }
    bool open(const std::string &ip, int port) {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(port);
        inet_pton(AF_INET, ip.c_str(), &sa.sin_addr);
        return connect(fd_, reinterpret_cast<sockaddr *>(&sa), sizeof sa) == 0;
    }
};

int main() {
    Client c;
    return c.open("10.0.0.1", 80) ? 0 : 1;
}
