#!/usr/bin/env bash
# Prints "N passed, N failed, N skipped" from the TRX files under a folder (default TestResults).
# Exits non-zero when a test failed or when no test ran.
set -euo pipefail
results=${1:-TestResults}

count() {
  local n
  n=$(find "$results" -name '*.trx' -exec grep -o "<UnitTestResult [^>]*outcome=\"$1\"" {} + 2>/dev/null | wc -l)
  echo "$n"
}

if [[ -d "$results" ]]; then
  passed=$(count Passed); failed=$(count Failed); skipped=$(count NotExecuted)
else
  passed=0; failed=0; skipped=0
fi

echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0 && passed + failed + skipped > 0))
