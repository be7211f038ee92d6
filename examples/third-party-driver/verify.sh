#!/usr/bin/env bash
# Validates the example third-party driver both ways, as an outside author's CI would:
#   1. its own build, whose test class extends DriverConformanceSuite;
#   2. the standalone conformance runner loading the built driver jar with --driver-jar.
# Needs the Stowage artifacts installed first (`mvn install` at the repository root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="0.1.0-SNAPSHOT"
runner="$repo/conformance-tests/target/stowage-conformance-$version-all.jar"

mvn -B -f "$here/pom.xml" verify

if [ ! -f "$runner" ]; then
  echo "verify.sh: $runner is missing; run 'mvn install' at $repo first" >&2
  exit 2
fi
java -jar "$runner" \
  --driver-jar "$here/target/example-objects-driver-1.0.0-SNAPSHOT.jar" \
  --driver exampleobjects \
  --param rootdirectory=conformance \
  --profile "${STOWAGE_PROFILE:-quick}" \
  --report "$here/target/conformance-report"
