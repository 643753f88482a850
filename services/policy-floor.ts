/**
 * The deployment's floor for escalation policies: POLICY_MIN_INTERVAL_SECONDS (default 3600, one hour) and
 * POLICY_DEMO_ALLOWED=true for test and demo stacks, where policies marked `demo` may run on seconds.
 */
import { PRODUCTION_MIN_INTERVAL_MS, type PolicyFloor } from '../domain/policy';

export function policyFloorFromEnv(env: Record<string, string | undefined>): PolicyFloor {
  const seconds = Number(env.POLICY_MIN_INTERVAL_SECONDS);
  return {
    minIntervalMs:
      env.POLICY_MIN_INTERVAL_SECONDS !== undefined && Number.isFinite(seconds) && seconds >= 0
        ? seconds * 1000
        : PRODUCTION_MIN_INTERVAL_MS,
    demoPoliciesAllowed: env.POLICY_DEMO_ALLOWED === 'true',
  };
}
