import type { DoctorContext } from './DoctorContext.js';
import { deviceNodes } from './deviceNodes.js';
import type { Finding } from './Finding.js';

const check = 'permissions';
/** The service's groups (systemd/keyline.service User= and SupplementaryGroups=). */
export const SERVICE_GROUPS = ['keyline', 'dialout', 'plugdev'] as const;

/**
 * Can the keyline service open each device node: read-write for one of its groups (or for
 * everyone)? The udev rules give serial nodes GROUP=dialout and hidraw nodes GROUP=plugdev, 0660.
 */
export async function permissionsCheck(ctx: DoctorContext): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const n of deviceNodes(ctx)) {
    const node = await ctx.probe.node(n.path);
    if (node === null) {
      out.push({ check, level: 'fail', message: `${n.label}: ${n.path} does not exist`, advice: 'plug the device in; for a board path, check match.path in the board file' });
      continue;
    }
    const mode = (node.mode & 0o777).toString(8).padStart(4, '0');
    const groupRw = (node.mode & 0o060) === 0o060 && (SERVICE_GROUPS as readonly string[]).includes(node.group);
    const otherRw = (node.mode & 0o006) === 0o006;
    const where = `${n.label}: ${node.realPath} group ${node.group} mode ${mode}`;
    if (groupRw || otherRw) {
      out.push({ check, level: 'ok', message: `${where}: the service can open it` });
      continue;
    }
    const want = n.kind === 'serial' ? 'dialout' : 'plugdev';
    out.push({
      check, level: 'fail', message: `${where}: the keyline service (groups ${SERVICE_GROUPS.join(', ')}) cannot open it`,
      advice: `install the udev rules (keyline install-service) so the node gets GROUP="${want}", MODE="0660", then: udevadm trigger`,
    });
  }
  return out;
}
