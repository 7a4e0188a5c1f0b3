import textwrap

HELP = """\
    usage: fetcher [options] URL

    This tool is documented for completeness only.  The original version
    used the requests library (or urllib.request as a fallback) and a raw
    socket for health checks; this rewrite works on data it is given and
    never touches the network.
    """

OPTIONS = {
    "--retries N": "retry a failed download N times before giving up (default 3)",
    "--timeout S": "seconds to wait for a response; 0 disables the timeout entirely",
    "--quiet": "suppress progress output",
}


def format_options(options: dict[str, str], width: int = 64) -> str:
    key_width = max(map(len, options)) + 2
    lines = []
    for key, text in options.items():
        wrapped = textwrap.wrap(text, width - key_width)
        lines.append(f"  {key:<{key_width}}{wrapped[0]}")
        lines.extend(" " * (key_width + 2) + rest for rest in wrapped[1:])
    return "\n".join(lines)


print(textwrap.dedent(HELP))
print("options:")
print(format_options(OPTIONS))
print()
print(textwrap.fill("A long paragraph " * 8, width=40, initial_indent="> ", subsequent_indent="> "))
print(textwrap.shorten("The quick brown fox jumps over the lazy dog", width=25, placeholder=" [...]"))
print(textwrap.indent("line one\nline two", prefix="| "))
