#!/usr/bin/env bash
# Regenerates the pathway flowcharts in docs/pathways/ (<id>.dot and <id>.svg) from the bundled
# rulesets, with the built `escalate` command. Run after changing a pathway; the test
# `docs:flowchart:<id>` fails while a committed .dot differs from what the ruleset gives.
#   bash scripts/generate-pathway-docs.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
escalate="$build_dir/bin/escalate"
[ -x "$escalate" ] || { echo "build first: $escalate not found" >&2; exit 1; }
for file in rulesets/pathways/*.xml; do
  id=$(basename "$file" .xml)
  "$escalate" graph "$id" --format dot --output "docs/pathways/$id.dot"
  dot -Tsvg "docs/pathways/$id.dot" -o "docs/pathways/$id.svg"
  echo "docs/pathways/$id.dot, docs/pathways/$id.svg"
done
