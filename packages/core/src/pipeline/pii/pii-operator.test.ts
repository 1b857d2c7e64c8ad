import { describe, expect, it } from 'vitest';
import { detectPii } from './detect-pii.js';
import { createPiiOperator } from './pii-operator.js';

const key = new TextEncoder().encode('test-secret-key-0123456789');

describe('PII detection and policies', () => {
  it('resolves overlaps by priority: a valid ID number is not also a bank card', () => {
    const found = detectPii('身份证440306199003072817，卡号6222021234567890128，邮箱a@b.cn');
    expect(found.map((m) => [m.type, m.value])).toEqual([
      ['id-card', '440306199003072817'],
      ['bank-card', '6222021234567890128'],
      ['email', 'a@b.cn'],
    ]);
  });

  it('masks every type with its tag by default', () => {
    const op = createPiiOperator({ op: 'pii' }, undefined, 'operators[0]');
    expect(op.apply('联系人：张伟，手机13812345678，住在北京市朝阳区建国路88号，车牌京A12345，IP 10.1.2.3', 0)).toEqual({
      kind: 'change',
      text: '联系人：[NAME]，手机[MOBILE]，住在[ADDRESS]，车牌[PLATE]，IP [IP]',
    });
    expect(op.apply('没有个人信息的句子，版本 v1.2.3.4，订单 12345678901', 0)).toEqual({ kind: 'keep' });
  });

  it('pseudonymises consistently per value and key, across formatting', () => {
    const op = createPiiOperator({ op: 'pii', defaultPolicy: 'pseudonymize' }, key, 'operators[0]');
    const a = op.apply('打13812345678', 0);
    const b = op.apply('或者 138-1234-5678 也行', 1);
    const tagA = a.kind === 'change' ? a.text.match(/\[MOBILE_[0-9a-f]{8}\]/)?.[0] : undefined;
    expect(tagA).toBeDefined();
    expect(b).toEqual({ kind: 'change', text: `或者 ${tagA} 也行` });
    const other = createPiiOperator({ op: 'pii', defaultPolicy: 'pseudonymize' }, new TextEncoder().encode('another-key'), 'operators[0]').apply('打13812345678', 0);
    expect(other).not.toEqual(a);
    expect(op.apply('打13912345678', 2)).not.toEqual(a);
  });

  it('drops records holding a type whose policy is drop, and leaves keep types alone', () => {
    const op = createPiiOperator({ op: 'pii', types: { 'id-card': 'drop', email: 'keep' } }, undefined, 'operators[1]');
    expect(op.apply('证件 11010519491231002X', 0)).toEqual({ kind: 'drop', reason: 'contains id-card' });
    expect(op.apply('证件 110105194912310021（校验位错误）', 0)).toEqual({ kind: 'keep' });
    expect(op.apply('mail me: a@example.com', 0)).toEqual({ kind: 'keep' });
  });

  it('refuses pseudonymize without a key, saying where and what to do', () => {
    expect(() => createPiiOperator({ op: 'pii', types: { email: 'pseudonymize' } }, undefined, 'operators[2]')).toThrow(
      'at operators[2]: pseudonymize (for email) needs a secret key: pass pseudonymKey (16+ random bytes) to createPipeline, or use mask',
    );
  });
});
