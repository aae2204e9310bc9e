# Alongside: `make run` serves the demo site, `make test` runs every test.
# Both create .venv and install the locked dependencies on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The embedded mode runs with DEBUG on; production sets DEBUG=false and a real SECRET_KEY.
export DEBUG ?= true
export PORT

.PHONY: run test lint bootstrap demo clean bench cluster cluster-packages drills

$(VENV)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

bootstrap: $(VENV)/.installed

# On first use, a .env with a generated SECRET_KEY and DEBUG=true, so that `manage.py` commands
# typed by hand work like `make run`. An existing .env is never overwritten.
.env:
	@$(PYTHON) -c 'import secrets; print("# Written by make run for this laptop; production sets its own.\nSECRET_KEY=" + secrets.token_urlsafe(50) + "\nDEBUG=true")' > $@
	@echo "Wrote .env (a generated SECRET_KEY and DEBUG=true) for manage.py commands."

demo: bootstrap .env
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin

run: demo
	@echo "Alongside: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(PY) manage.py serve

# The browser tests' checkers (axe-core, the Nu HTML Checker), pinned in package-lock.json.
# Without npm the checks are skipped, and the test summary says so.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: the accessibility and HTML checks will be skipped"; fi

# Tests and the benchmark never read a developer's .env.
test bench: export ENV_FILE :=

test: bootstrap node_modules/.package-lock.json
	$(PY) -m pytest $(PYTEST_ARGS)

lint: bootstrap
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var/

# Benchmark: seeds a separate database, serves it with gunicorn (and nginx), measures with wrk.
bench: bootstrap
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk nginx-light)
	$(PY) bench/run.py $(BENCH_ARGS)

# The production shape on loopback, from deploy/ (deploy/cluster.py): its own PostgreSQL and
# Redis, nginx, 2 app servers, 2 task workers, the periodic jobs. Ctrl-C stops it.
# `make drills` runs the fault drills against it (deploy/drills.py).
CLUSTER_PACKAGES := nginx-light redis-server postgresql openssl
cluster drills: export ENV_FILE :=
cluster-packages:
	@command -v nginx >/dev/null && command -v redis-server >/dev/null && command -v pg_createcluster >/dev/null \
		|| (apt-get update -qq && apt-get install -y -qq $(CLUSTER_PACKAGES))
cluster: bootstrap cluster-packages
	$(PY) -m deploy.cluster
drills: bootstrap cluster-packages
	$(PY) -m deploy.drills
