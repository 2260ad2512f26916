# The two commands of the README: `make demo` and `make test`. Both install what they need first.
CONFIGURATION ?= Release
SOLUTION = Agroal.Actors.sln

.PHONY: all setup build test demo bench clean

all: build

setup:
	@bash scripts/setup.sh

build: setup
	dotnet build -c $(CONFIGURATION) $(SOLUTION)

test: build
	@bash scripts/run-tests.sh

demo: build
	@bash scripts/demo.sh

bench: build
	@bash scripts/bench.sh

clean:
	dotnet clean $(SOLUTION) >/dev/null
	rm -rf src/*/bin src/*/obj
