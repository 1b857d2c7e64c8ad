import { describe, expect, it } from 'vitest';
import { taskCluster, taskText } from './task-cluster.js';

const never = () => {
  throw new Error('no random draw expected');
};

describe('taskCluster (diversity queue order)', () => {
  it('puts templated variants of one text together and unrelated texts apart', () => {
    const phones = ['这款手机的电池非常耐用，充电一次能用两天，编号1', '这款手机的电池非常耐用，充电一次能用两天，编号2', '这款手机的电池非常耐用，充电一次能用两天，编号3'];
    const hotels = ['酒店前台服务热情周到，房间干净整洁，早餐品种丰富，编号1', '酒店前台服务热情周到，房间干净整洁，早餐品种丰富，编号2'];
    const a = phones.map((text) => taskCluster({ text }, undefined, never));
    const b = hotels.map((text) => taskCluster({ text }, undefined, never));
    expect(new Set(a.map((c) => c.cluster)).size).toBe(1);
    expect(new Set(b.map((c) => c.cluster)).size).toBe(1);
    expect(a[0]!.cluster).not.toBe(b[0]!.cluster);
    expect(a[0]!.source).toBe('text');
    expect(Number.isInteger(a[0]!.cluster) && a[0]!.cluster >= -(2 ** 31) && a[0]!.cluster < 2 ** 31).toBe(true);
  });

  it('reads dialogue turns but not media links; without text it uses prediction labels, else a random cluster', () => {
    expect(taskText({ image: 'https://x/y.png', messages: [{ role: 'user', content: '你好' }], audio: '/api/v1/media/1' })).toBe('user\n你好');
    const cats = taskCluster({ image: 'https://x/1.png' }, ['cat', 'dog'], never);
    expect(cats).toEqual({ cluster: taskCluster({ image: 'https://x/2.png' }, ['dog', 'cat', 'cat'], never).cluster, source: 'labels' });
    expect(taskCluster({ image: 'https://x/3.png' }, [], () => 0.5)).toEqual({ cluster: (2 ** 31) | 0, source: 'random' });
  });
});
