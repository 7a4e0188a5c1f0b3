"""Word frequency report.

A typical version of this script would open() a text file given on the
command line; here the corpus is a string constant so the program has no
file access at all.
"""
import re
from collections import Counter

CORPUS = """
It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was
the epoch of incredulity, it was the season of Light, it was the season of
Darkness, it was the spring of hope, it was the winter of despair.
"""

STOPWORDS = frozenset("it was the of a an and".split())
WORD = re.compile(r"[a-z']+")


def tokenize(text: str) -> list[str]:
    return WORD.findall(text.lower())


def top_words(text: str, n: int = 5) -> list[tuple[str, int]]:
    counts = Counter(w for w in tokenize(text) if w not in STOPWORDS)
    return counts.most_common(n)


def bigrams(words):
    return Counter(zip(words, words[1:]))


words = tokenize(CORPUS)
print(f"{len(words)} words, {len(set(words))} distinct")
for word, count in top_words(CORPUS):
    print(f"  {word:<12}{'#' * count} ({count})")
print("most common bigram:", " ".join(bigrams(words).most_common(1)[0][0]))
