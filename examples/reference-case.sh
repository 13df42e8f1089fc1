#!/usr/bin/env bash
# The reference case on real open data: the 2024 article "Azerbaijan Undermines Ukraine's War
# Effort" checked against the SIPRI arms-transfer register, Oryx's documented losses and the
# Russian MFA's 2024 Telegram index, then written up as a report.
#
#   examples/reference-case.sh DATA_DIR [CASE_DIR]
#
# DATA_DIR holds the files named below (on the project's machines: ../shared/data). Nothing is
# downloaded. Embedding the MFA's ~3,000 statements with e5-small takes a few minutes once.
set -euo pipefail
data=${1:?usage: examples/reference-case.sh DATA_DIR [CASE_DIR]}
case_dir=${2:-reference-case}
hw=${HYBRIDWATCH:-.venv/bin/hybridwatch}

[ -f "$case_dir/case.toml" ] || "$hw" init "$case_dir" --name "Azerbaijan and Ukraine's war effort (reference case, real data)"
"$hw" ingest documents "$data"/documents/abrahamyan-2024-azerbaijan-undermines-ukraine.txt -C "$case_dir"
"$hw" ingest transfers "$data"/arms/sipri-trade-register-2025-03-13.csv -C "$case_dir"
"$hw" ingest transfers "$data"/arms/oryx-event_destroyed.csv "$data"/arms/oryx-event_damaged.csv \
  "$data"/arms/oryx-event_captured.csv "$data"/arms/oryx-event_abandoned.csv -C "$case_dir"
"$hw" ingest statements "$data"/narratives/russia-mfa-telegram-index-2024.json -C "$case_dir"
"$hw" analyze -C "$case_dir"
"$hw" claims check -C "$case_dir"
"$hw" report -o "$case_dir/report.html" -C "$case_dir"
