import { Readable } from 'node:stream';
import { nerWithClassificationTemplate } from '@yungang/core';
import type { Services } from '../services/services.js';
import { resolveTenant } from '../services/tenant-resolver.js';

export const DEMO_LOGIN = { email: 'demo@yungang.local', password: 'yungang-demo' };

const DEMO_TEXTS = [
  '李明在北京大学读书，周末常去国家图书馆。',
  '阿里巴巴集团总部位于杭州，马云是公司的创始人之一。',
  '2026年11月，云冈数据标注基地在大同正式投入运营。😀',
  '张伟和王芳一起去上海参加了华为的开发者大会。',
  '联合国教科文组织将云冈石窟列入世界文化遗产名录。',
];

/**
 * Gives a newcomer something to look at: on an empty database, a demo owner, organisation and
 * project with a few Chinese texts. Returns false when the database already has users.
 */
export async function seedDemo(services: Services): Promise<boolean> {
  if (!(await services.auth.setupNeeded())) return false;
  const { userId } = await services.auth.createUser({ ...DEMO_LOGIN, name: '演示用户 Demo', orgName: '示例机构 Demo Org', role: 'owner' });
  const ctx = await resolveTenant(services.database, { userId, email: DEMO_LOGIN.email, name: 'Demo' }, undefined);
  const project = await services.projects.create(ctx, {
    name: '中文命名实体识别 Demo',
    description: '标出人名、地名、机构名，并判断情感。Mark people, places and organisations, and pick the sentiment.',
    labelConfig: nerWithClassificationTemplate as unknown as Record<string, unknown>,
  });
  const jsonl = DEMO_TEXTS.map((text) => JSON.stringify({ text })).join('\n');
  await services.imports.importStream(ctx, project.id, Readable.from([Buffer.from(jsonl)]), 'jsonl', 'demo.jsonl');
  return true;
}
