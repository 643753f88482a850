/** The heap limit of the worker's workflow threads, which the Temporal SDK offers no option for. */
import { setFlagsFromString } from 'node:v8';

/**
 * Caps the old generation of every isolate this process creates from now on (the SDK's workflow threads); the
 * main thread's heap is configured already and keeps its limit. Without a cap V8 lets garbage pile up toward
 * Node's default limit, about 4 GB per thread on a large machine (bench/results/cluster-100k/analysis.md).
 */
export function capNewThreadHeaps(megabytes: number): void {
  setFlagsFromString(`--max-old-space-size=${megabytes}`);
}
