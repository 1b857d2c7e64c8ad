import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/**
 * A small Label Studio ML backend on 127.0.0.1, for contract tests: it answers `/health`, `/setup`,
 * `/predict` and `/webhook` the way the `label-studio-ml` SDK does, records every call, and can be told
 * to hang or fail to exercise timeouts and retries. `predict` decides what each task gets.
 */
export class FakeLsBackend {
  readonly calls: RecordedCall[] = [];
  mode: 'ok' | 'hang' | 'fail' = 'ok';
  private readonly server: Server;
  private readonly hanging: ServerResponse[] = [];
  url = '';

  constructor(private readonly predict: (task: { id: number; data: Record<string, unknown> }, context: unknown) => { result: unknown[]; score?: number }) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  callsTo(path: string): RecordedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    this.calls.push({ method: req.method ?? '', path, headers: req.headers, body: text ? (JSON.parse(text) as unknown) : null });
    if (this.mode === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (this.mode === 'fail') return this.send(res, 500, { error: 'model crashed' });
    if (req.method === 'GET' && path === '/health') return this.send(res, 200, { status: 'UP', model_class: 'FakeModel' });
    if (req.method === 'POST' && path === '/setup') return this.send(res, 200, { model_version: 'fake-1' });
    if (req.method === 'POST' && path === '/webhook') return this.send(res, 201, {});
    if (req.method === 'POST' && path === '/predict') {
      const body = JSON.parse(text) as { tasks: { id: number; data: Record<string, unknown> }[]; params?: { context?: unknown } };
      const results = body.tasks.map((task) => ({ ...this.predict(task, body.params?.context ?? null), model_version: 'fake-1' }));
      return this.send(res, 200, { results, model_version: 'fake-1' });
    }
    this.send(res, 404, { error: 'no such route' });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
