import { DataDirLockedError } from '@yungang/server';
import { UsageError } from './args.js';
import { admin, adminHelp } from './commands/admin.js';
import { serve, serveHelp } from './commands/serve.js';
import { exportHelp, exportProject, importHelp, importTasks } from './commands/transfer.js';
import { openapi } from './commands/openapi.js';
import { worker, workerHelp } from './commands/worker.js';
import { pipeline, pipelineHelp } from './commands/pipeline.js';
import { synthesize, synthesizeHelp } from './commands/synthesize.js';
import { metrics, metricsHelp } from './commands/metrics.js';
import { quality, qualityHelp } from './commands/quality.js';
import { audit, auditHelp, keys, keysHelp, trace, traceHelp, verify, verifyHelp, witness, witnessHelp } from './commands/provenance.js';

const HELP = `yungang — the Yungang training-data platform

Commands:
${[serveHelp, workerHelp, pipelineHelp, synthesizeHelp, adminHelp, importHelp, exportHelp, metricsHelp, qualityHelp, verifyHelp, auditHelp, traceHelp, witnessHelp, keysHelp, 'yungang openapi\n  Prints the OpenAPI 3.1 document of the HTTP API.'].map((h) => '  ' + h.replace(/\n/g, '\n  ')).join('\n\n')}
`;

/** Runs one CLI invocation and returns the exit code (0 ok, 1 failed, 2 usage). */
export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest);
      case 'worker':
        return await worker(rest);
      case 'pipeline':
        return await pipeline(rest);
      case 'synthesize':
        return await synthesize(rest);
      case 'admin':
        return await admin(rest);
      case 'import':
        return await importTasks(rest);
      case 'export':
        return await exportProject(rest);
      case 'openapi':
        return await openapi();
      case 'metrics':
        return await metrics(rest);
      case 'quality':
        return await quality(rest);
      case 'verify':
        return await verify(rest);
      case 'audit':
        return await audit(rest);
      case 'trace':
        return await trace(rest);
      case 'witness':
        return await witness(rest);
      case 'keys':
        return await keys(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`yungang: ${e.message}\n\n${HELP}`);
      return 2;
    }
    if (e instanceof DataDirLockedError) {
      console.error(`yungang: ${e.message}`);
      return 1;
    }
    console.error(`yungang: ${(e as Error).message}`);
    return 1;
  }
}
