/**
 * Loaded with `--import` into a process the benchmark profiles (BENCH_PROFILE_FILE set): starts the V8 CPU
 * profiler at once (main thread only) and, on SIGWINCH (not SIGUSR2: the Temporal worker runtime shuts down on it), writes the profile (.cpuprofile JSON) to
 * BENCH_PROFILE_FILE and starts again. Plain JavaScript: worker threads inherit --import without tsx.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_PROFILE_FILE;
if (file && isMainThread) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  process.on('SIGWINCH', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(file, JSON.stringify(result.profile));
      session.post('Profiler.start');
    });
  });
}
