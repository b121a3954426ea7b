#!/usr/bin/env bash
# Runs every VoiceAgent test: installs what the tests need, builds the solution, runs the test suite.
# Test results (TRX) are written to TestResults/.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

eng/install-test-prerequisites.sh

dotnet build VoiceAgent.sln -c Release

rm -rf TestResults
dotnet test VoiceAgent.Tests -c Release --no-build \
  --results-directory TestResults \
  --logger "trx;LogFileName=VoiceAgent.Tests.trx" \
  --logger "console;verbosity=normal" \
  --blame-hang-timeout 5m
