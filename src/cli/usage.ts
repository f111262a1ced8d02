/**
 * Each command's usage, apart from the commands themselves: `evenshard --help` and a command's
 * --help print them without loading the command (src/cli/main.ts loads only the one that runs).
 */
export const PLAN_USAGE = `usage: evenshard plan --shards N --durations FILE [--durations FILE ...] [--tests-file FILE]
                     [--whole-files] [--json]
       evenshard plan --target-minutes M [--overhead-seconds S] [--max-shards K] [--max-parallel P]
                     --durations FILE ...`;

export const RUN_USAGE = `usage: evenshard run --shards N --shard I --store DIR [--framework pytest|vitest|jest|command] [--tests GLOB ...]
                    [--junit GLOB ...] [--root DIR] [--coverage-files GLOB ...] [--attempt N [--rerun failed]]
                    [--quarantine FILE] [-- COMMAND [ARGS ...]]`;

export const MERGE_USAGE = `usage: evenshard merge --store DIR [--shards N] [--coverage FORMAT] [--fail-under PERCENT]
                      [--target-minutes M] [--root DIR] [--python PYTHON] [--test-durations FILE]
                      [--quarantine FILE] [--slower-factor X] [--slower-min-seconds S]
                      [--flaky-flip-rate R] [--json]`;
