import { spawnSync } from 'node:child_process';

/**
 * Whether a Docker daemon answers, and if not, why, in a few words. `supabase start` and the
 * CLI's other container commands need one; `stack/` does not.
 */
export function dockerDaemon(): { answers: boolean; reason: string } {
  const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (probe.error && (probe.error as NodeJS.ErrnoException).code === 'ENOENT') {
    return { answers: false, reason: 'no docker command on PATH' };
  }
  if (probe.status === 0 && probe.stdout.trim()) {
    return { answers: true, reason: `Docker ${probe.stdout.trim()} answers` };
  }
  if (probe.error) return { answers: false, reason: 'the Docker daemon did not answer within 10 s' };
  return { answers: false, reason: 'no Docker daemon answers' };
}
