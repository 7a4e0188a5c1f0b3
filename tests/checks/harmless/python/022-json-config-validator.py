"""Validate a sandbox configuration given as JSON text.

The configuration lists modules that user code may not import.  The names
below are data for the validator; this program imports none of them.
"""
import json

CONFIG_TEXT = """
{
  "name": "student-runner",
  "timeout": 30,
  "memory_mb": 256,
  "blocked_modules": ["os", "subprocess", "socket", "ctypes", "importlib", "shutil"],
  "blocked_builtins": ["eval", "exec", "compile", "open", "__import__"],
  "allow_network": false
}
"""

SCHEMA = {
    "name": str,
    "timeout": int,
    "memory_mb": int,
    "blocked_modules": list,
    "blocked_builtins": list,
    "allow_network": bool,
}


def validate(config: dict) -> list[str]:
    problems = []
    for key, expected in SCHEMA.items():
        if key not in config:
            problems.append(f"missing key {key!r}")
        elif not isinstance(config[key], expected):
            problems.append(f"{key!r} should be {expected.__name__}")
    if config.get("timeout", 0) > 60:
        problems.append("timeout above 60 seconds")
    if "open" not in config.get("blocked_builtins", []):
        problems.append("open() should be blocked for file access")
    return problems


config = json.loads(CONFIG_TEXT)
issues = validate(config)
print(json.dumps({"valid": not issues, "issues": issues}, indent=2))
print("blocked:", ", ".join(sorted(config["blocked_modules"] + config["blocked_builtins"])))
broken = dict(config, timeout=120, blocked_builtins=["eval"])
print(validate(broken))
