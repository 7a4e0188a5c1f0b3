#include <iomanip>
#include <iostream>
#include <map>
#include <string>

// A shop's `open` flag is just a bool member read as shop.open;
// nothing is opened with open() or fopen().
struct Shop {
    std::string name;
    bool open = false;
    std::map<std::string, int> stock;
};

int main() {
    std::map<std::string, Shop> shops;
    std::string cmd;
    while (std::cin >> cmd) {
        std::string shop_name;
        if (!(std::cin >> shop_name)) break;
        Shop &shop = shops[shop_name];
        shop.name = shop_name;
        if (cmd == "open") {
            shop.open = true;
        } else if (cmd == "close") {
            shop.open = false;
        } else if (cmd == "stock") {
            std::string item;
            int qty = 0;
            std::cin >> item >> qty;
            shop.stock[item] += qty;
        } else if (cmd == "sell") {
            std::string item;
            int qty = 0;
            std::cin >> item >> qty;
            auto it = shop.stock.find(item);
            if (!shop.open) std::cout << shop_name << " is closed, cannot sell " << item << '\n';
            else if (it == shop.stock.end() || it->second < qty) std::cout << "not enough " << item << '\n';
            else it->second -= qty;
        }
    }
    for (const auto &entry : shops) {
        const Shop &s = entry.second;
        int units = 0;
        for (const auto &[item, qty] : s.stock) units += qty;
        std::cout << std::left << std::setw(12) << s.name << (s.open ? "open  " : "closed") << ' '
                  << units << " units\n";
    }
}
