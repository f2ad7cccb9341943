import type { InstallHost } from './InstallHost.js';
import type { InstallStep } from './InstallStep.js';
import { describeStep } from './InstallStep.js';

export interface StepOutcome {
  step: InstallStep;
  /** done; kept (an existing configuration file); failed. */
  result: 'done' | 'kept' | 'failed';
  detail: string;
}

/**
 * Applies the steps in order. A failed write or mkdir stops the install (later steps depend on
 * it); a failed command is reported and the rest goes on (udev may be absent in a container).
 */
export async function applyInstall(steps: readonly InstallStep[], host: InstallHost, report: (line: string) => void): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const step of steps) {
    const outcome = await applyStep(step, host);
    outcomes.push(outcome);
    const mark = outcome.result === 'done' ? 'ok  ' : outcome.result === 'kept' ? 'kept' : 'FAIL';
    report(`${mark} ${describeStep(step)}${outcome.detail ? ` — ${outcome.detail}` : ''}`);
    if (outcome.result === 'failed' && step.kind !== 'run') break;
  }
  return outcomes;
}

async function applyStep(step: InstallStep, host: InstallHost): Promise<StepOutcome> {
  try {
    switch (step.kind) {
      case 'mkdir':
        await host.mkdir(step.path, step.mode);
        return { step, result: 'done', detail: '' };
      case 'write':
        if (!step.overwrite && host.exists(step.path)) return { step, result: 'kept', detail: 'already present' };
        await host.writeFile(step.path, step.content, step.mode);
        return { step, result: 'done', detail: '' };
      case 'run': {
        const r = await host.run(step.argv);
        return { step, result: r.ok ? 'done' : 'failed', detail: r.detail };
      }
    }
  } catch (err) {
    return { step, result: 'failed', detail: err instanceof Error ? err.message : String(err) };
  }
}
