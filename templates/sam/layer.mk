# {{ header }}
# `sam build` runs `make build-{{ id }}` here (the layer's `BuildMethod: makefile`) and
# publishes $(ARTIFACTS_DIR) as the context's dependencies layer, which every function takes.
# It installs requirements.txt, the pinned and hashed function lock, exactly: `--no-deps`, so
# boto3 and botocore stay the Lambda runtime's. The wheels are those of the functions' Python
# ({{ python }}) and Linux ({{ platform }}) whatever Python runs pip; with the runtime's own (the
# default, which `sam build` needs for the functions anyway) pip also leaves the bytecode the
# runtime loads, as SAM's Python builder does.
PYTHON ?= python{{ python }}

.PHONY: build-{{ id }}
build-{{ id }}:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
		--only-binary=:all: --implementation cp --python-version {{ python }} \
		--platform {{ platform }} --target "$(ARTIFACTS_DIR)/python" -r requirements.txt
