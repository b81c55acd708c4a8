"""The performance benchmark behind `make bench`: run it as `python -m bench` from scripts/."""
