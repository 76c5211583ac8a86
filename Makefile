# The two commands of the README, and the pieces they are made of.
.PHONY: dev test setup check bench soak

## Run the local stack.
dev:
	scripts/dev.sh

## Run every test (installs what is missing first).
test:
	scripts/test.sh

setup:
	scripts/setup.sh

check: setup
	scripts/check.sh

## Measure size and speed against the JavaScript counterparts (docs/benchmarks.md).
bench:
	scripts/bench.sh

## 100,000 requests through the Worker: nothing lost, memory steady.
soak:
	scripts/soak.sh
