// Child process for the job-ownership test: opens the project in argv[2], starts a job that runs
// until the process is killed, prints its id, and waits.
import { createService } from '..';

const svc = createService(process.argv[2]);
svc.jobs.register('export', (_params, ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('cancelled')))));
const { jobId } = svc.jobs.start('export', { format: 'csv', outPath: 'never-written.csv' });
process.stdout.write(`started ${jobId}\n`);
setInterval(() => {}, 1 << 30);
