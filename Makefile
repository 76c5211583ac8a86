# The two commands of the README, and the pieces they are made of.
.PHONY: dev test setup check

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
