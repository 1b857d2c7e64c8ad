import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nerWithClassificationTemplate, validateResult } from '@yungang/core';
import { LocalBlobStore } from '../blobs/local-blob-store.js';
import { OpenAiCompatibleBackend } from './openai-compatible.js';

/** A chat-completions endpoint on loopback that answers with a fixed JSON message and records what it was asked. */
describe('OpenAiCompatibleBackend against an OpenAI-compatible server on loopback', () => {
  let server: Server;
  let url = '';
  const asked: { path: string; auth: string | undefined; body: Record<string, unknown> }[] = [];
  let answer = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString('utf8')));
      req.on('end', () => {
        asked.push({ path: req.url ?? '', auth: req.headers.authorization, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url === '/v1/models') return res.end(JSON.stringify({ data: [{ id: 'qwen' }] }));
        res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: answer } }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('asks with a JSON schema built from the label config and turns quoted mentions into code-point spans', async () => {
    const backend = new OpenAiCompatibleBackend({ url, model: 'qwen', apiKey: 'sk-test' }, new LocalBlobStore('/nonexistent-blobs'));
    expect(await backend.health(new AbortController().signal)).toEqual({ ok: true, detail: 'model qwen' });
    answer = JSON.stringify({ ner: [{ text: '北京', label: 'LOC' }, { text: '不存在', label: 'PER' }, { text: '张三', label: 'PER' }], sentiment: 'positive' });
    const project = { id: 'p', title: '新闻', labelConfig: nerWithClassificationTemplate };
    const data = { text: '😀张三在北京' };
    const [prediction] = await backend.predict(project, [{ id: '1', data }], undefined, new AbortController().signal);
    const call = asked.at(-1)!;
    expect(call.path).toBe('/v1/chat/completions');
    expect(call.auth).toBe('Bearer sk-test');
    const format = call.body['response_format'] as { type: string; json_schema: { schema: { properties: Record<string, unknown>; required: string[] } } };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.schema.required.sort()).toEqual(['ner', 'sentiment']);
    expect(format.json_schema.schema.properties['sentiment']).toEqual({ type: 'string', enum: ['positive', 'negative', 'neutral'] });
    expect(prediction!.result).toEqual([
      { id: 'llm-ner-4-6', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 4, end: 6, text: '北京', labels: ['LOC'] } },
      { id: 'llm-ner-1-3', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 1, end: 3, text: '张三', labels: ['PER'] } },
      { id: 'llm-sentiment', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['positive'] } },
    ]);
    expect(() => validateResult(nerWithClassificationTemplate, data, prediction!.result)).not.toThrow();

    answer = 'not json';
    await expect(backend.predict(project, [{ id: '1', data }], undefined, new AbortController().signal)).rejects.toThrow(/answer is not JSON/);
  });
});
