.PHONY: run test bench package

# Build and open the app (the demo when nothing is configured).
run:
	scripts/run

# Every test: frontend, Go, real keyring, the app under Xvfb.
test:
	scripts/test

# Measure against the performance targets; writes docs/benchmarks.md.
bench:
	scripts/bench

# The Linux packages: a .deb and an .rpm in dist/, with SHA256SUMS.
package:
	scripts/package
