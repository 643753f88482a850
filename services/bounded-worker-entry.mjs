// The worker thread's entry for services/bounded-worker.ts: loads the task module named in workerData (through
// tsx's loader when it is TypeScript, since Node 20 workers do not take `--import tsx`) and runs the named task.
import { workerData } from 'node:worker_threads';

const { taskModule } = workerData;
if (taskModule.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
const tasks = await import(taskModule);

export default function run({ name, input }) {
  const task = tasks[name];
  if (typeof task !== 'function') throw new Error(`no task ${name} in ${taskModule}`);
  return task(input);
}
