# The commands of the README: `make demo`, `make test` and `make bench`. Each installs what it needs first
# (scripts/setup.sh <target>: the demo needs PostgreSQL 15; the tests and the benchmark add PgBouncer and more).
CONFIGURATION ?= Release
SOLUTION = Agroal.Actors.sln
SETUP = bash scripts/setup.sh
# Extra pool-bench options for `make bench`, e.g. BENCH_ARGS='--dry-run' or BENCH_ARGS='-d 5 -r 2'.
BENCH_ARGS ?=

.PHONY: all setup build compile test demo cluster-demo bench clean

all: build

setup:
	@$(SETUP) test

build:
	@$(SETUP) build
	@$(MAKE) --no-print-directory compile

compile:
	dotnet build -c $(CONFIGURATION) $(SOLUTION)

test:
	@$(SETUP) test
	@$(MAKE) --no-print-directory compile
	@bash scripts/run-tests.sh

demo:
	@$(SETUP) demo
	@$(MAKE) --no-print-directory compile
	@CONFIGURATION=$(CONFIGURATION) bash scripts/demo.sh

# Primary + streaming replica, three cluster nodes on loopback, Prometheus when installed; Ctrl-C stops it all.
cluster-demo:
	@$(SETUP) demo
	@$(MAKE) --no-print-directory compile
	@CONFIGURATION=$(CONFIGURATION) bash scripts/cluster-demo.sh

bench:
	@$(SETUP) bench
	@$(MAKE) --no-print-directory compile
	@CONFIGURATION=$(CONFIGURATION) bash scripts/bench.sh $(BENCH_ARGS)

clean:
	dotnet clean $(SOLUTION) >/dev/null
	rm -rf src/*/bin src/*/obj
