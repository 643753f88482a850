/** What a workflow bundle is made of: bytes of code (no source map) by package, as webpack lays modules out. */
import { createRequire } from 'node:module';
import { bundleWorkflowCode } from '@temporalio/worker';

const require = createRequire(import.meta.url);
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

export async function bundleStats(workflowsPath: string): Promise<{ bytes: number; byPackage: Record<string, number> }> {
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve(workflowsPath), logger: silent });
  const code = bundle.code.split('//# sourceMappingURL')[0]!;
  const byPackage: Record<string, number> = {};
  let current = '(runtime)';
  for (const line of code.split('\n')) {
    const m = /^\/\*\*\*\/ "\.\/(.+)"/.exec(line);
    if (m) {
      const path = m[1]!;
      const parts = path.includes('node_modules/') ? path.split('node_modules/').pop()!.split('/') : path.split('/');
      current = path.includes('node_modules/') ? (parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!) : parts[0]!;
    }
    byPackage[current] = (byPackage[current] ?? 0) + line.length + 1;
  }
  return {
    bytes: code.length,
    byPackage: Object.fromEntries(
      Object.entries(byPackage)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10),
    ),
  };
}
