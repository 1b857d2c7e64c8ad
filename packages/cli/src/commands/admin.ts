import { isRole } from '@yungang/core';
import { loadConfig, openRuntime } from '@yungang/server';
import { parse, required, optional, UsageError } from '../args.js';

export const adminHelp = `yungang admin create-user --email E --password P --org NAME --role ROLE [--name N]
  Creates a user (and the organisation NAME if it does not exist) with ROLE in it:
  owner, admin, manager, reviewer, annotator or viewer. Works on the configured database
  (DATABASE_URL, or the embedded data folder YUNGANG_DATA_DIR when no server is using it).`;

export async function admin(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create-user') throw new UsageError(`unknown admin command "${sub ?? ''}"`);
  const values = parse(rest, { email: { type: 'string' }, password: { type: 'string' }, org: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } });
  const role = required(values, 'role');
  if (!isRole(role)) throw new UsageError(`--role must be one of owner, admin, manager, reviewer, annotator, viewer (got "${role}")`);
  const password = required(values, 'password');
  if (password.length < 8) throw new UsageError('--password must have at least 8 characters');
  const runtime = await openRuntime(loadConfig());
  try {
    const { userId, orgId } = await runtime.services.auth.createUser({ email: required(values, 'email'), password, name: optional(values, 'name'), orgName: required(values, 'org'), role });
    console.log(`created user ${required(values, 'email')} (${userId}) as ${role} of "${required(values, 'org')}" (${orgId})`);
    return 0;
  } finally {
    await runtime.close();
  }
}
