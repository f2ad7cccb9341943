/** One thing `keyline install-service` does; a plan is a list of them, printed or applied in order. */
export type InstallStep =
  | { kind: 'mkdir'; path: string; mode: number; why: string }
  | { kind: 'write'; path: string; mode: number; content: string; why: string; /** false: an existing file is kept. */ overwrite: boolean }
  | { kind: 'run'; argv: string[]; why: string };

/** One line per step, as `--dry-run` prints it and the install reports it. */
export function describeStep(step: InstallStep): string {
  const mode = (m: number) => m.toString(8).padStart(4, '0');
  switch (step.kind) {
    case 'mkdir':
      return `mkdir ${step.path} (${mode(step.mode)}): ${step.why}`;
    case 'write':
      return `write ${step.path} (${mode(step.mode)}${step.overwrite ? '' : ', kept if present'}): ${step.why}`;
    case 'run':
      return `run ${step.argv.join(' ')}: ${step.why}`;
  }
}
