# The two commands of the README, and the pieces they are made of.
.PHONY: dev test setup check bench soak profile

## Run the local stack.
dev:
	scripts/dev/stack.sh

## Run every test (installs what is missing first).
test:
	scripts/test/all.sh

setup:
	scripts/setup.sh

check: setup
	scripts/test/check.sh

## Measure size and speed against the JavaScript counterparts (docs/benchmarks.md).
bench:
	scripts/measure/bench.sh

## Where a Worker spends CPU while serving one kind of request, and its wasm/JavaScript calls
## per request: make profile BODY=text|image|video|keyed WORKER=rust|hono|passthrough
profile:
	scripts/measure/profile-worker.sh $(or $(BODY),text) $(or $(WORKER),rust)

## 100,000 requests through the Worker: nothing lost, memory steady.
soak:
	scripts/measure/soak.sh
