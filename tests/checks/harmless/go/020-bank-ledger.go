package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
)

var ErrInsufficient = errors.New("insufficient funds")

type Account struct {
	Owner   string
	Balance int64 // cents
	History []string
}

func (a *Account) Deposit(c int64) {
	a.Balance += c
	a.History = append(a.History, fmt.Sprintf("+%d", c))
}

func (a *Account) Withdraw(c int64) error {
	if c > a.Balance {
		return fmt.Errorf("%s: withdraw %d: %w", a.Owner, c, ErrInsufficient)
	}
	a.Balance -= c
	a.History = append(a.History, fmt.Sprintf("-%d", c))
	return nil
}

func main() {
	accounts := map[string]*Account{}
	sc := bufio.NewScanner(os.Stdin)
	var gross, fees int64
	for sc.Scan() {
		var op, who string
		var amt int64
		if n, _ := fmt.Sscan(sc.Text(), &op, &who, &amt); n != 3 {
			continue
		}
		acc, ok := accounts[who]
		if !ok {
			acc = &Account{Owner: who}
			accounts[who] = acc
		}
		switch strings.ToLower(op) {
		case "dep":
			acc.Deposit(amt)
			gross += amt
		case "wd":
			if err := acc.Withdraw(amt + 25); err != nil {
				if errors.Is(err, ErrInsufficient) {
					fmt.Println("rejected:", err)
				}
				continue
			}
			fees += 25
		}
	}
	net := gross - fees // net income, not the net package
	fmt.Printf("gross deposits %d, fees %d, net %d\n", gross, fees, net)
	for name, a := range accounts {
		fmt.Printf("%s: %d %v\n", name, a.Balance, a.History)
	}
}
