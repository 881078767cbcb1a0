# Two commands do all set-up: `make demo` and `make test`. Everything is installed into
# .venv from nothing; the collection is made importable as kaas.cloud through
# .build/collections (a link to this checkout).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD := .build
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(BUILD)/collections
export ANSIBLE_NOCOLOR := 1
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help bootstrap demo fleet-demo test lint format unit tolerant pytest live ansible-lint sanity bench compat changelog dist docs clean

help:
	@echo "make demo   run playbooks/demo.yml twice against the embedded emulator"
	@echo "make fleet-demo  plan, converge, re-plan, report and prune docs/examples/fleet-demo.yml on the emulator"
	@echo "make test   ruff, pytest (unit, emulator, integration), ansible-lint, ansible-test sanity"
	@echo "make bench  benchmarks against the emulator (figures in docs/performance.md)"
	@echo "make tolerant  the module and inventory suites against tolerant-reader answers"
	@echo "make live PROVIDER=nks  read-only smoke test of a real account (docs/live-testing.md)"
	@echo "make compat  the demos, unit, bad-input and integration tests on the oldest ansible-core supported"
	@echo "make changelog  CHANGELOG.rst as the next release's notes (fragments kept)"
	@echo "make dist   dist/: the collection tarball and the kaas-emulator wheel"
	@echo "make docs   the docs site (antsibull-docs + Sphinx) in .build/docs/build/html"

$(STAMP): requirements-dev.txt tests/emulator/pyproject.toml
	@echo "==> creating $(VENV) and installing the pinned tools (log: $(BUILD)/pip.log)"
	@mkdir -p $(BUILD)
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -r requirements-dev.txt -e tests/emulator > $(BUILD)/pip.log 2>&1 \
		|| { tail -n 30 $(BUILD)/pip.log; exit 1; }
	@touch $@

bootstrap: $(STAMP)
	@mkdir -p $(BUILD)/collections/ansible_collections/kaas
	@ln -sfn $(CURDIR) $(BUILD)/collections/ansible_collections/kaas/cloud

demo: bootstrap
	@hack/demo.sh

fleet-demo: bootstrap
	@hack/fleet-demo.sh

# ansible-lint and sanity run beside pytest, which leaves a core idle for much of its run
# (its tests wait on playbooks and emulator clocks); their output is kept in
# .build/<check>.log and shown after pytest's: in full when the check failed.
test: bootstrap lint
	@echo "==> ansible-lint and ansible-test sanity, beside pytest (logs: $(BUILD)/ansible-lint.log, $(BUILD)/sanity.log)"
	@$(MAKE) --no-print-directory ansible-lint > $(BUILD)/ansible-lint.log 2>&1 & linted=$$!; \
	$(MAKE) --no-print-directory sanity > $(BUILD)/sanity.log 2>&1 & sane=$$!; \
	$(MAKE) --no-print-directory pytest; failed=$$?; \
	for check in ansible-lint:$$linted sanity:$$sane; do \
		wait $${check#*:} && tail -n 2 $(BUILD)/$${check%%:*}.log && continue; \
		failed=1; echo "==> $${check%%:*} FAILED ($(BUILD)/$${check%%:*}.log):"; cat $(BUILD)/$${check%%:*}.log; \
	done; \
	[ $$failed -eq 0 ] && echo "==> all checks passed"

lint: bootstrap
	@echo "==> ruff"
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: bootstrap
	@$(BIN)/ruff check --fix .
	@$(BIN)/ruff format .

unit: bootstrap
	@echo "==> pytest (unit, emulator, integration, docs and ecosystem)"
	@# Four workers on two cores: the suite mostly waits (playbooks, emulator clocks, retry
	@# back-offs), measured at 1.1 cores busy with two workers (16 min 50 s) and 12 min 49 s with four.
	@$(BIN)/pytest -n 4 --dist loadgroup --durations=15

# The emulator reshapes its answers as real services do (unknown fields, optional fields left
# out, inner lists reordered, HTML proxy pages...; docs/emulator.md): every module suite and the
# inventory suites that go through it must pass unchanged, and no result may carry a field the
# API documents do not name (tests/support/harness.py). tests/unit/plugins/inventory is left
# out: it builds the inventory from records, with no emulator to mutate. The key makes a
# failure reproduce: KAAS_EMULATOR_MUTATE=<key> make tolerant.
KAAS_EMULATOR_MUTATE ?= 1
TOLERANT_TESTS := tests/unit/plugins/modules tests/unit/plugins/module_utils/test_inventory_sources.py \
	tests/integration/test_inventory.py

tolerant: bootstrap
	@echo "==> pytest against tolerant-reader answers (KAAS_EMULATOR_MUTATE=$(KAAS_EMULATOR_MUTATE))"
	@KAAS_EMULATOR_MUTATE=$(KAAS_EMULATOR_MUTATE) $(BIN)/pytest -n 2 -p no:cacheprovider -q $(TOLERANT_TESTS)

# `make test` runs both pytest sessions at once: the tolerant-reader one (output kept in
# .build/tolerant.log, shown at the end) fills the cores the main one leaves idle while its
# last long tests run. PYTEST_WORKERS is the main session's xdist workers: more than the
# cores, since many tests spend their time waiting (fault delays, operations in progress).
PYTEST_WORKERS ?= 4
pytest: bootstrap
	@echo "==> pytest (unit, emulator, integration, docs and ecosystem), and beside it the tolerant-reader run"
	@KAAS_EMULATOR_MUTATE=$(KAAS_EMULATOR_MUTATE) $(BIN)/pytest -n 2 -p no:cacheprovider -q $(TOLERANT_TESTS) \
		> $(BUILD)/tolerant.log 2>&1 & tolerant=$$!; \
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup --durations=25; main=$$?; \
	wait $$tolerant; mutated=$$?; \
	echo "==> pytest against tolerant-reader answers (KAAS_EMULATOR_MUTATE=$(KAAS_EMULATOR_MUTATE), log: $(BUILD)/tolerant.log)"; \
	if [ $$mutated -ne 0 ]; then cat $(BUILD)/tolerant.log; else tail -n 3 $(BUILD)/tolerant.log; fi; \
	[ $$main -eq 0 ] && [ $$mutated -eq 0 ]

live: bootstrap
	@hack/live.sh $(PROVIDER)

ansible-lint: bootstrap
	@echo "==> ansible-lint (production profile)"
	@$(BIN)/ansible-lint --profile production

sanity: bootstrap
	@echo "==> ansible-test sanity"
	@hack/sanity.sh $(VENV)

bench: bootstrap
	@$(BIN)/python tests/bench/bench_modules.py
	@$(BIN)/python tests/bench/bench_imports.py
	@$(BIN)/python tests/bench/bench_inventory.py
	@$(BIN)/python tests/bench/bench_fleet.py
	@$(BIN)/python tests/bench/bench_baseline.py

changelog: bootstrap
	@hack/changelog.sh

dist: bootstrap
	@hack/dist.sh

DOCS_STAMP := $(VENV)/.docs-installed

$(DOCS_STAMP): requirements-docs.txt $(STAMP)
	@$(BIN)/pip install -r requirements-docs.txt > $(BUILD)/pip-docs.log 2>&1 || { tail -n 30 $(BUILD)/pip-docs.log; exit 1; }
	@touch $@

docs: bootstrap $(DOCS_STAMP)
	@hack/docs.sh

# The oldest ansible-core meta/runtime.yml admits, in a venv of its own: both demos, the unit and
# bad-input suites (every module against the emulator) and every integration target. Not part
# of `make test`, which has no minutes to spare for a second install; run it when a change
# touches templating, the roles, the argument specs or plugins/plugin_utils.
COMPAT_ANSIBLE ?= 2.16.19
COMPAT_VENV := .venv-compat
$(COMPAT_VENV)/.installed-$(COMPAT_ANSIBLE): requirements-dev.txt tests/emulator/pyproject.toml
	@echo "==> creating $(COMPAT_VENV) with ansible-core $(COMPAT_ANSIBLE) (log: $(BUILD)/pip-compat.log)"
	@mkdir -p $(BUILD)
	@$(PYTHON) -m venv $(COMPAT_VENV)
	@$(COMPAT_VENV)/bin/pip install ansible-core==$(COMPAT_ANSIBLE) $$(grep -E '^(requests|Flask|Werkzeug|PyYAML|pytest|pytest-xdist|hypothesis)==' requirements-dev.txt) \
		-e tests/emulator > $(BUILD)/pip-compat.log 2>&1 || { tail -n 30 $(BUILD)/pip-compat.log; exit 1; }
	@touch $@

compat: bootstrap $(COMPAT_VENV)/.installed-$(COMPAT_ANSIBLE)
	@$(COMPAT_VENV)/bin/ansible --version | head -n 1
	@VENV=$(COMPAT_VENV) PATH=$(CURDIR)/$(COMPAT_VENV)/bin:$$PATH hack/demo.sh
	@VENV=$(COMPAT_VENV) PATH=$(CURDIR)/$(COMPAT_VENV)/bin:$$PATH hack/fleet-demo.sh
	@$(COMPAT_VENV)/bin/pytest -n 2 -p no:cacheprovider -q tests/unit tests/security tests/integration/test_targets.py

clean:
	rm -rf $(VENV) $(COMPAT_VENV) $(BUILD) .pytest_cache .ruff_cache tests/output dist
