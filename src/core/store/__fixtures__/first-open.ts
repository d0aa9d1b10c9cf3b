// Child process for the concurrent-creation test: loads, prints "ready", reads the agreed instant
// (epoch ms) from stdin, waits for it, then opens the project in argv[2] (creating it) and
// registers the default model, as the first command in a new folder does.
import { createService } from '../../service';

const dir = process.argv[2];
process.stdout.write('ready\n');
let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const at = Number(input.trim());
while (Date.now() < at) {
  // Busy-wait: a timer would let the children drift apart by a scheduler tick.
}
try {
  const svc = createService(dir);
  const models = await svc.api.listModels({});
  await svc.close();
  process.stdout.write(`ok ${models.map((m) => m.id).join(',')}\n`);
} catch (err) {
  process.stdout.write(`error ${(err as Error).message}\n`);
  process.exitCode = 1;
}
