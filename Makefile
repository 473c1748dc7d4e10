.PHONY: run test bench

# Build and open the app (the demo when nothing is configured).
run:
	scripts/run

# Every test: frontend, Go, real keyring, the app under Xvfb.
test:
	scripts/test

# Measure against the performance targets; writes docs/benchmarks.md.
bench:
	scripts/bench
