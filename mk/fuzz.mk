# Fuzzing (issue 6): the cargo-fuzz targets in fuzz/ (its own workspace), built with nightly
# and debug assertions (overflow checks on). Fuzzing itself is deliberately not part of
# `make test`; every input it ever crashed on is, through tests/fuzz_regressions.rs (`cargo
# test` runs it; the policy's inputs need the feature, hence fuzz-regressions-policy).
#
#   make fuzz                                  each target for FUZZ_SECONDS (default 60)
#   make fuzz FUZZ_SECONDS=1200 FUZZ_TARGETS=reference
#   make fuzz-build
#
# New inputs go to fuzz/corpus/<target> (git-ignored), crashes to fuzz/artifacts/<target>.
# Keep each crash as a regression: see tests/fuzz_regressions.rs.

.PHONY: fuzz fuzz-build fuzz-setup fuzz-regressions-policy

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= reference evaluate_json evaluate_structured policy_validate
# The policy_validate target needs the policy; every target is built with the same features
# so that running one never rebuilds the others. FUZZ_FEATURES= leaves the policy out
# (then drop policy_validate from FUZZ_TARGETS).
FUZZ_FEATURES ?= policy
# Extra libFuzzer flags, e.g. FUZZ_ARGS=-jobs=2.
FUZZ_ARGS ?=
FUZZ_CARGO ?= cargo +nightly fuzz
FUZZ_BUILD_FLAGS := --debug-assertions $(if $(FUZZ_FEATURES),--features $(FUZZ_FEATURES))
# The machine is shared: fuzz at a lower priority.
FUZZ_NICE ?= nice -n 10

TEST_STEPS += fuzz-regressions-policy

fuzz-setup:
	@scripts/setup.sh fuzz_tools

## Build every fuzz target.
fuzz-build: fuzz-setup
	$(FUZZ_NICE) $(FUZZ_CARGO) build $(FUZZ_BUILD_FLAGS)

## Run each fuzz target for FUZZ_SECONDS seconds, one after the other; stops at the first crash.
## The structured targets read up to 4 KiB at once (-len_control=0): their inputs are built
## field by field, and short inputs build little.
fuzz: fuzz-build
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/corpus/$$target; \
	  seeds=""; [ -d fuzz/seeds/$$target ] && seeds=fuzz/seeds/$$target; \
	  echo "== fuzz $$target for $(FUZZ_SECONDS) s"; \
	  case $$target in \
	    evaluate_json) extra="-max_len=16384";; \
	    evaluate_structured|policy_validate) extra="-max_len=4096 -len_control=0";; \
	    *) extra="-max_len=4096";; \
	  esac; \
	  [ -f fuzz/dicts/$$target.dict ] && extra="$$extra -dict=fuzz/dicts/$$target.dict"; \
	  $(FUZZ_NICE) $(FUZZ_CARGO) run $(FUZZ_BUILD_FLAGS) $$target fuzz/corpus/$$target $$seeds -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 $$extra $(FUZZ_ARGS); \
	done

## The policy's kept fuzz inputs (tests/fuzz-regressions/policy_validate), which need the feature.
fuzz-regressions-policy:
	$(CARGO) test --features policy --test fuzz_regressions
